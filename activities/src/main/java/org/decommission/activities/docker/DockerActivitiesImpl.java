package org.decommission.activities.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.PullResponseItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.decommission.activities.Failures;
import org.decommission.activities.Heartbeats;
import org.decommission.activities.LogContext;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.ContainerPlan;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.Drift;
import org.decommission.domain.Labels;
import org.decommission.domain.Naming;
import org.decommission.domain.ReplicaInfo;
import org.decommission.domain.VolumePurge;
import org.decommission.workflow.DockerActivities;
import org.decommission.workflow.FailureTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DockerActivities} on one Docker host through docker-java. Docker's errors are translated
 * here and nowhere else: {@code NotFoundException} on stop or removal means "already gone"
 * (success), {@code NotModifiedException} means "already in that state" (success).
 */
public class DockerActivitiesImpl implements DockerActivities {
  private static final Logger log = LoggerFactory.getLogger(DockerActivitiesImpl.class);
  private static final String NAME_CONFLICT = FailureTypes.NAME_CONFLICT;
  private static final String VOLUME_MISSING = FailureTypes.VOLUME_MISSING;

  /** Replicas are at most 100 per deployment; Docker calls run at most this many at once. */
  static final int MAX_PARALLEL = 64;

  private final String hostId;
  private final Path snapshotRoot;
  private final Path logRoot;
  /** How long after a start the containers are looked at again (see requireStillRunning). */
  private static final Duration SETTLE = Duration.ofMillis(300);
  private final DockerClient docker;
  private final Duration stopGrace;
  private final ThreadPoolExecutor pool;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public DockerActivitiesImpl(String hostId, DockerClient docker, Duration stopGrace, Path dataDir) {
    this.snapshotRoot = dataDir.toAbsolutePath().normalize().resolve("snapshots");
    this.logRoot = dataDir.toAbsolutePath().normalize().resolve("logs");
    this.hostId = hostId;
    this.docker = docker;
    this.stopGrace = stopGrace;
    // Enough threads to stop or remove every replica at once (the CLI does the same); idle
    // threads end after a minute.
    this.pool = new ThreadPoolExecutor(MAX_PARALLEL, MAX_PARALLEL, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "docker-" + hostId);
      t.setDaemon(true);
      return t;
    });
    this.pool.allowCoreThreadTimeOut(true);
  }

  // ---- images ----------------------------------------------------------------------------

  @Override
  public boolean ensureImage(String deploymentId, String image) {
    try (var ignored = LogContext.open(deploymentId, "PULL_IMAGE")) {
      try {
        docker.inspectImageCmd(image).exec();
        log.info("image {} is on host {}; used as it is", image, hostId);
        return false;
      } catch (NotFoundException absent) {
        log.info("image {} is not on host {}; pulling", image, hostId);
      }
      try {
        docker
            .pullImageCmd(image)
            .exec(
                new ResultCallback.Adapter<PullResponseItem>() {
                  @Override
                  public void onNext(PullResponseItem item) {
                    Heartbeats.beat(item.getStatus());
                  }
                })
            .awaitCompletion(10, TimeUnit.MINUTES);
        docker.inspectImageCmd(image).exec();
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while pulling " + image, e);
      } catch (RuntimeException e) {
        throw Failures.nonRetryable(
            FailureTypes.IMAGE_NOT_FOUND,
            "image " + image + " is not on host " + hostId + " and could not be pulled (" + e.getMessage()
                + "). Build or load it on the host, then resume or start the deployment.");
      }
    }
  }

  @Override
  public ArtifactOutcome removeImage(String image) {
    try {
      docker.removeImageCmd(image).exec();
      return line(ArtifactOutcome.Kind.IMAGE, image, ArtifactOutcome.Outcome.REMOVED, "removed from host " + hostId);
    } catch (NotFoundException gone) {
      return line(ArtifactOutcome.Kind.IMAGE, image, ArtifactOutcome.Outcome.ALREADY_GONE, "not on host " + hostId);
    } catch (ConflictException inUse) {
      return line(ArtifactOutcome.Kind.IMAGE, image, ArtifactOutcome.Outcome.FAILED, "still used by a container: " + inUse.getMessage());
    }
  }

  // ---- volumes ---------------------------------------------------------------------------

  @Override
  public void createVolumes(String deploymentId, int revision, String attempt, int replicas, List<DeploymentSpec.VolumeSpec> volumes) {
    try (var ignored = LogContext.open(deploymentId, "CREATE_VOLUMES")) {
      for (DeploymentSpec.VolumeSpec v : volumes) {
        for (String name : Naming.volumeNames(deploymentId, v, replicas)) {
          createVolume(deploymentId, revision, attempt, v.scopeOrDefault() == DeploymentSpec.VolumeScope.SHARED, name);
        }
      }
    }
  }

  @Override
  public List<ArtifactOutcome> removeAttemptVolumes(String deploymentId, String attempt) {
    try (var ignored = LogContext.open(deploymentId, "COMPENSATE")) {
      List<String> created = DockerInventory.attemptVolumes(docker, deploymentId, attempt);
      List<ArtifactOutcome> lines = inParallel(created, name -> removeVolume(name, "created by the failed attempt; removed"));
      log.info("{} volume(s) the failed attempt created removed", lines.size());
      return lines;
    }
  }

  private void createVolume(String deploymentId, int revision, String attempt, boolean shared, String name) {
    Map<String, String> labels = shared ? Labels.sharedVolume(hostId) : Labels.scopedVolume(deploymentId, revision, hostId, attempt);
    try {
      InspectVolumeResponse existing = docker.inspectVolumeCmd(name).exec();
      Map<String, String> have = existing.getLabels() == null ? Map.of() : existing.getLabels();
      boolean ours =
          "true".equals(have.get(Labels.MANAGED))
              && (shared ? "shared".equals(have.get(Labels.SCOPE)) : deploymentId.equals(have.get(Labels.DEPLOYMENT_ID)));
      if (!ours) {
        throw Failures.nonRetryable(
            NAME_CONFLICT, "volume " + name + " exists on host " + hostId + " but is not this deployment's; rename the volume");
      }
      log.info("volume {} exists; reused", name);
    } catch (NotFoundException absent) {
      docker.createVolumeCmd().withName(name).withLabels(labels).exec();
      log.info("volume {} created ({})", name, shared ? "shared" : "owned by the deployment");
    }
    Heartbeats.beat(name);
  }

  @Override
  public List<ArtifactOutcome> purgeVolumes(String deploymentId, String image, VolumePurge plan) {
    try (var ignored = LogContext.open(deploymentId, "PURGE_VOLUMES")) {
      // Only what carries the deployment's label is ever archived or removed.
      Set<String> owned = new java.util.TreeSet<>(DockerInventory.ownedVolumes(docker, deploymentId));
      List<ArtifactOutcome> lines = new ArrayList<>();
      for (String name : plan.snapshot()) {
        Path archive = snapshotRoot.resolve(deploymentId).resolve(name + ".tar.gz");
        if (owned.contains(name)) {
          lines.add(snapshot(name, image, archive, deploymentId));
        } else if (Files.exists(archive)) {
          // An earlier attempt archived and removed it.
          lines.add(line(ArtifactOutcome.Kind.VOLUME, name, ArtifactOutcome.Outcome.SNAPSHOTTED, "archived to " + archive + "; volume removed"));
        } else {
          lines.add(notOurs(name));
        }
        Heartbeats.beat(name);
      }
      plan.remove().stream().filter(name -> !owned.contains(name)).map(this::notOurs).forEach(lines::add);
      List<String> remove = owned.stream().filter(name -> !plan.retains(name) && !plan.snapshot().contains(name)).toList();
      lines.addAll(inParallel(remove, name -> removeVolume(name, "removed from host " + hostId)));
      return lines;
    }
  }

  /** A planned volume that does not carry the deployment's label: gone, or someone else's. */
  private ArtifactOutcome notOurs(String name) {
    try {
      docker.inspectVolumeCmd(name).exec();
      return line(ArtifactOutcome.Kind.VOLUME, name, ArtifactOutcome.Outcome.FAILED,
          "a volume of this name is on host " + hostId + " but is not this deployment's; left alone");
    } catch (NotFoundException gone) {
      return line(ArtifactOutcome.Kind.VOLUME, name, ArtifactOutcome.Outcome.ALREADY_GONE, "not on host " + hostId);
    }
  }

  private ArtifactOutcome removeVolume(String name, String detail) {
    try {
      docker.removeVolumeCmd(name).exec();
      return line(ArtifactOutcome.Kind.VOLUME, name, ArtifactOutcome.Outcome.REMOVED, detail);
    } catch (NotFoundException gone) {
      return line(ArtifactOutcome.Kind.VOLUME, name, ArtifactOutcome.Outcome.ALREADY_GONE, "not on host " + hostId);
    } catch (ConflictException inUse) {
      return line(ArtifactOutcome.Kind.VOLUME, name, ArtifactOutcome.Outcome.FAILED, "in use: " + inUse.getMessage());
    }
  }

  /**
   * Archives a volume's content to {@code <data dir>/snapshots/<id>/<volume>.tar.gz}, then removes
   * the volume. Docker's archive API reads the volume through a helper container that is created
   * (never started), labelled as ours, and removed again.
   */
  private ArtifactOutcome snapshot(String volume, String image, Path archive, String deploymentId) {
    Map<String, String> labels = new java.util.LinkedHashMap<>(Labels.container(deploymentId, 0, hostId, -1));
    labels.put(Labels.SCOPE, "snapshot");
    String helper = null;
    try {
      Files.createDirectories(archive.getParent());
      helper = docker.createContainerCmd(image)
          .withName("dcm-snapshot-" + Naming.shortId(deploymentId) + "-" + Long.toHexString(System.nanoTime()))
          .withLabels(labels)
          .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")
              .withMounts(List.of(new Mount().withType(MountType.VOLUME).withSource(volume).withTarget("/snapshot").withReadOnly(true))))
          .exec().getId();
      Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp");
      try (InputStream tar = docker.copyArchiveFromContainerCmd(helper, "/snapshot/.").exec();
           OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
        tar.transferTo(out);
      }
      Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot archive volume " + volume + " to " + archive, e);
    } finally {
      if (helper != null) {
        try {
          docker.removeContainerCmd(helper).withForce(true).exec();
        } catch (NotFoundException gone) {
          // Already removed.
        }
      }
    }
    log.info("volume {} archived to {}", volume, archive);
    ArtifactOutcome removed = removeVolume(volume, "archived to " + archive + "; volume removed");
    return removed.outcome() == ArtifactOutcome.Outcome.FAILED
        ? removed
        : line(ArtifactOutcome.Kind.VOLUME, volume, ArtifactOutcome.Outcome.SNAPSHOTTED, "archived to " + archive + "; volume removed");
  }

  // ---- containers ------------------------------------------------------------------------

  @Override
  public List<ReplicaInfo> createContainers(ContainerPlan plan) {
    try (var ignored = LogContext.open(plan.deploymentId(), "CREATE_CONTAINERS")) {
      requireVolumes(plan);
      Map<String, String> existing = new java.util.HashMap<>();
      for (Container c : ours(plan.deploymentId(), true)) {
        for (String n : c.getNames()) {
          existing.put(n.startsWith("/") ? n.substring(1) : n, c.getId());
        }
      }
      return inParallel(
          plan.replicas(),
          replica -> {
            String id = existing.get(replica.name());
            if (id != null) {
              return new ReplicaInfo(replica.index(), id, replica.name());
            }
            List<Mount> mounts = new ArrayList<>();
            for (ContainerPlan.Mount m : replica.mounts()) {
              mounts.add(new Mount().withType(m.volume() ? MountType.VOLUME : MountType.BIND).withSource(m.source()).withTarget(m.target()));
            }
            List<String> env = replica.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
            var create =
                docker
                    .createContainerCmd(plan.image())
                    .withName(replica.name())
                    .withLabels(replica.labels())
                    .withEnv(env)
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host").withInit(true).withMounts(mounts));
            if (!plan.command().isEmpty()) {
              create.withCmd(plan.command());
            }
            try {
              String created = create.exec().getId();
              log.info("container {} created", replica.name());
              return new ReplicaInfo(replica.index(), created, replica.name());
            } catch (ConflictException taken) {
              throw Failures.nonRetryable(
                  NAME_CONFLICT,
                  "a container named " + replica.name() + " exists on host " + hostId + " but is not this deployment's");
            }
          });
    }
  }

  /**
   * Docker creates a missing named volume on the fly, unlabelled, when a container mounts it: an
   * orphan no label-based cleanup would ever find. So every volume the plan mounts must already
   * exist and carry our label.
   */
  private void requireVolumes(ContainerPlan plan) {
    Set<String> names = new java.util.TreeSet<>();
    plan.replicas().forEach(r -> r.mounts().stream().filter(ContainerPlan.Mount::volume).forEach(m -> names.add(m.source())));
    for (String name : names) {
      try {
        Map<String, String> labels = docker.inspectVolumeCmd(name).exec().getLabels();
        if (labels == null || !"true".equals(labels.get(Labels.MANAGED))) {
          throw Failures.nonRetryable(
              NAME_CONFLICT, "volume " + name + " on host " + hostId + " is not managed by Decommission; rename the volume");
        }
      } catch (NotFoundException missing) {
        throw Failures.nonRetryable(
            VOLUME_MISSING, "volume " + name + " does not exist on host " + hostId + "; resume the deployment from CREATE_VOLUMES");
      }
    }
  }

  @Override
  public void startContainers(String deploymentId, int revision) {
    try (var ignored = LogContext.open(deploymentId, "START")) {
      List<Container> all = DockerInventory.revisionContainers(docker, deploymentId, revision);
      if (all.isEmpty()) {
        throw Failures.nonRetryable(
            FailureTypes.CONTAINER_START_FAILED,
            "revision " + revision + " has no container on host " + hostId + " to start; resume from CREATE_CONTAINERS");
      }
      List<Container> containers = all.stream().filter(c -> !"running".equals(c.getState())).toList();
      inParallel(
          containers,
          c -> {
            try {
              docker.startContainerCmd(c.getId()).exec();
            } catch (NotModifiedException alreadyRunning) {
              // Started by an earlier attempt.
            } catch (BadRequestException | InternalServerErrorException refused) {
              if (refused instanceof InternalServerErrorException && !String.valueOf(refused.getMessage()).contains("OCI runtime")) {
                throw refused; // a daemon hiccup: retried
              }
              // The runtime could not run the command (not in the image, not executable): no retry mends that.
              throw Failures.nonRetryable(
                  FailureTypes.CONTAINER_START_FAILED,
                  "container " + DockerInventory.name(c) + " did not start: " + refused.getMessage().trim()
                      + ". Check the image and the spec's command");
            }
            return c.getId();
          });
      requireStillRunning(all);
      log.info("{} container(s) started", containers.size());
    }
  }

  @Override
  public int stopContainers(String deploymentId, Integer graceSeconds) {
    try (var ignored = LogContext.open(deploymentId, "STOP_REPLICAS")) {
      List<Container> running = ours(deploymentId, false);
      int grace = graceSeconds != null ? graceSeconds : (int) stopGrace.toSeconds();
      inParallel(
          running,
          c -> {
            try {
              docker.stopContainerCmd(c.getId()).withTimeout(grace).exec();
            } catch (NotFoundException | NotModifiedException alreadyStopped) {
              // Gone or stopped already: the goal is reached.
            }
            return c.getId();
          });
      log.info("{} running container(s) stopped (grace {}s)", running.size(), grace);
      return running.size();
    }
  }

  @Override
  public List<ArtifactOutcome> removeRevision(String deploymentId, int revision, boolean keepStopped) {
    try (var ignored = LogContext.open(deploymentId, "REMOVE_REVISION")) {
      List<Container> containers = DockerInventory.revisionContainers(docker, deploymentId, revision);
      int grace = (int) stopGrace.toSeconds();
      List<ArtifactOutcome> lines =
          inParallel(
              containers,
              c -> {
                String name = DockerInventory.name(c);
                try {
                  if ("running".equals(c.getState())) {
                    docker.stopContainerCmd(c.getId()).withTimeout(grace).exec();
                  }
                } catch (NotModifiedException alreadyStopped) {
                  // Stopped meanwhile.
                } catch (NotFoundException gone) {
                  return line(ArtifactOutcome.Kind.CONTAINER, name, ArtifactOutcome.Outcome.ALREADY_GONE, "not on host " + hostId);
                }
                Path archive = archiveLogs(deploymentId, c.getId(), name);
                if (keepStopped) {
                  return line(ArtifactOutcome.Kind.CONTAINER, name, ArtifactOutcome.Outcome.RETAINED_BY_POLICY,
                      "stopped and kept for debugging (decommission.failed.keep); output archived to " + archive);
                }
                return removeContainer(c.getId(), name, archive == null ? "" : "; output archived to " + archive);
              });
      log.info("{} container(s) of revision {} {}; output archived under {}", lines.size(), revision,
          keepStopped ? "stopped and kept for debugging" : "removed", logRoot.resolve(deploymentId));
      return lines;
    }
  }

  /**
   * A command that cannot run (not in the image) does not fail the start under {@code --init}:
   * the init process starts, and the container exits at once. So the revision's containers are
   * looked at again a moment after the start; one that has exited fails the start, with its exit
   * code and last output.
   */
  private void requireStillRunning(List<Container> containers) {
    sleep(SETTLE);
    for (Container c : containers) {
      var state = docker.inspectContainerCmd(c.getId()).exec().getState();
      if (!Boolean.TRUE.equals(state.getRunning())) {
        throw Failures.nonRetryable(
            FailureTypes.CONTAINER_START_FAILED,
            "container " + DockerInventory.name(c) + " exited with code " + state.getExitCodeLong() + " right after it started; its last output: "
                + lastOutput(c.getId()) + ". Check the image and the spec's command");
      }
    }
  }

  /** The last lines a container wrote, for an error message. */
  private String lastOutput(String containerId) {
    StringBuilder text = new StringBuilder();
    try {
      docker
          .logContainerCmd(containerId)
          .withStdOut(true)
          .withStdErr(true)
          .withTail(5)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  text.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                }
              })
          .awaitCompletion(5, TimeUnit.SECONDS);
    } catch (RuntimeException | InterruptedException unreadable) {
      return "(unreadable)";
    }
    String out = text.toString().strip().replace('\n', ' ');
    return out.isEmpty() ? "(none)" : (out.length() > 300 ? out.substring(out.length() - 300) : out);
  }

  /**
   * Copies a container's output (stdout and stderr, with timestamps) to {@code
   * <data dir>/logs/<id>/<name>.log}, replacing an earlier copy. Null when there was nothing to
   * read (the container vanished).
   */
  private Path archiveLogs(String deploymentId, String containerId, String name) {
    Path file = logRoot.resolve(Failures.deploymentId(deploymentId).toString()).resolve(name + ".log");
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        docker
            .logContainerCmd(containerId)
            .withStdOut(true)
            .withStdErr(true)
            .withTimestamps(true)
            .exec(
                new ResultCallback.Adapter<Frame>() {
                  @Override
                  public void onNext(Frame frame) {
                    try {
                      out.write(frame.getPayload());
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  }
                })
            .awaitCompletion(30, TimeUnit.SECONDS);
      }
      return file;
    } catch (NotFoundException gone) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot archive the output of " + name + " to " + file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while archiving the output of " + name, e);
    }
  }

  @Override
  public List<ArtifactOutcome> removeContainers(String deploymentId) {
    try (var ignored = LogContext.open(deploymentId, "REMOVE_CONTAINERS")) {
      List<Container> all = ours(deploymentId, true);
      List<ArtifactOutcome> lines =
          inParallel(
              all,
              c -> removeContainer(c.getId(), DockerInventory.name(c), ""));
      log.info("{} container(s) removed", lines.size());
      return lines;
    }
  }

  @Override
  public Observation observe(String deploymentId, List<String> volumes) {
    try (var ignored = LogContext.open(deploymentId, "OBSERVE")) {
      List<Drift.Seen> seen = new ArrayList<>();
      for (Container c : ours(deploymentId, true)) {
        seen.add(new Drift.Seen(DockerInventory.name(c), Labels.revision(c.getLabels()), "running".equals(c.getState())));
      }
      Set<String> present = new HashSet<>(DockerInventory.ownedVolumes(docker, deploymentId));
      List<String> missing = volumes.stream().filter(v -> !present.contains(v)).toList();
      log.info("observed {} container(s), {} running; {} of {} volume(s) missing", seen.size(),
          seen.stream().filter(Drift.Seen::running).count(), missing.size(), volumes.size());
      return new Observation(seen, missing);
    }
  }

  /** Removes a container (its volumes stay); "already gone" when it is not there. */
  private ArtifactOutcome removeContainer(String id, String name, String more) {
    try {
      docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(false).exec();
      return line(ArtifactOutcome.Kind.CONTAINER, name, ArtifactOutcome.Outcome.REMOVED, "removed from host " + hostId + more);
    } catch (NotFoundException gone) {
      return line(ArtifactOutcome.Kind.CONTAINER, name, ArtifactOutcome.Outcome.ALREADY_GONE, "not on host " + hostId);
    }
  }

  // ---- health ----------------------------------------------------------------------------

  @Override
  public void awaitHealthy(HealthProbe probe) {
    try (var ignored = LogContext.open(probe.deploymentId(), "HEALTH_CHECK")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(probe.timeoutSeconds());
      Set<Integer> waiting = new HashSet<>(probe.hostPorts());
      String last = "no answer yet";
      while (true) {
        for (Integer port : List.copyOf(waiting)) {
          String problem = probe(probe.type(), port, probe.path());
          if (problem == null) {
            waiting.remove(port);
          } else {
            last = "127.0.0.1:" + port + " " + problem;
          }
        }
        if (waiting.isEmpty()) {
          log.info("{} replica(s) healthy", probe.hostPorts().size());
          return;
        }
        if (System.nanoTime() > deadline) {
          throw Failures.nonRetryable(
              FailureTypes.HEALTH_CHECK_FAILED,
              waiting.size() + " of " + probe.hostPorts().size() + " replica(s) not healthy after "
                  + probe.timeoutSeconds() + "s; last: " + last
                  + ". Check the container logs; the app must listen on $PORT (host networking).");
        }
        Heartbeats.beat("waiting for " + waiting.size() + " replica(s)");
        sleep(Duration.ofMillis(200));
      }
    }
  }

  /** Null when healthy, else what is wrong. */
  private String probe(DeploymentSpec.HealthCheckType type, int port, String path) {
    try {
      if (type == DeploymentSpec.HealthCheckType.TCP) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
          return null;
        }
      }
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() < 400 ? null : "answered HTTP " + r.statusCode();
    } catch (IOException e) {
      return "refused or timed out (" + e.getClass().getSimpleName() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  // ---- helpers ---------------------------------------------------------------------------

  private List<Container> ours(String deploymentId, boolean all) {
    return DockerInventory.containers(docker, deploymentId, all);
  }

  /**
   * Applies {@code work} to every item on the pool, heartbeating every second while waiting, so
   * a long graceful stop of many replicas neither runs serially nor looks like a dead worker.
   * It returns only when every task has ended, also when one failed: an activity that reports a
   * failure must leave nothing still running behind it (a container created after the cleanup).
   * The first failure is then rethrown.
   */
  private <T, R> List<R> inParallel(List<T> items, Function<T, R> work) {
    List<Future<R>> futures = new ArrayList<>();
    for (T item : items) {
      futures.add(pool.submit(() -> work.apply(item)));
    }
    List<R> results = new ArrayList<>();
    RuntimeException first = null;
    for (int i = 0; i < futures.size(); i++) {
      try {
        results.add(awaitWithHeartbeats(futures.get(i), i, futures.size()));
      } catch (ExecutionException e) {
        if (first == null) {
          first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      } catch (RuntimeException e) {
        // A cancellation arriving with a heartbeat: let the tasks finish, then pass it on.
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
    return results;
  }

  private <R> R awaitWithHeartbeats(Future<R> future, int done, int total) throws ExecutionException {
    while (true) {
      try {
        return future.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException stillWorking) {
        try {
          Heartbeats.beat(done + " of " + total + " done");
        } catch (RuntimeException cancelled) {
          waitQuietly(future);
          throw cancelled;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static void waitQuietly(Future<?> future) {
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException ignored) {
      // Reported by the caller's own wait.
    }
  }

  private static ArtifactOutcome line(ArtifactOutcome.Kind kind, String name, ArtifactOutcome.Outcome outcome, String detail) {
    return ArtifactOutcome.of(kind, name, outcome, detail);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
