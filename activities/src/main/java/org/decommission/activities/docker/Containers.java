package org.decommission.activities.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.decommission.activities.Failures;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.ArtifactOutcome.Kind;
import org.decommission.domain.ArtifactOutcome.Outcome;
import org.decommission.domain.ContainerPlan;
import org.decommission.domain.Drift;
import org.decommission.domain.Labels;
import org.decommission.domain.ReplicaInfo;
import org.decommission.domain.Resources;
import org.decommission.workflow.FailureTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployments' containers on one Docker host: created from a plan, started, stopped,
 * removed (after their output is archived) and observed. Each acts on many replicas at once.
 */
final class Containers {
  private static final Logger log = LoggerFactory.getLogger(Containers.class);
  /** How long after a start the containers are looked at again (see requireStillRunning). */
  private static final Duration SETTLE = Duration.ofMillis(300);

  private final DockerClient docker;
  private final Receipts receipts;
  private final Parallel parallel;
  private final ContainerLogs logs;
  private final Duration stopGrace;

  /** The installation whose label every container made here carries. */
  private final String installation;
  /** The host address replicas' ports are published on. */
  private final String publishIp;

  Containers(
      DockerClient docker, Receipts receipts, Parallel parallel, ContainerLogs logs, Duration stopGrace, String installation, String publishIp) {
    this.installation = installation;
    this.publishIp = publishIp;
    this.docker = docker;
    this.receipts = receipts;
    this.parallel = parallel;
    this.logs = logs;
    this.stopGrace = stopGrace;
  }

  List<ReplicaInfo> create(ContainerPlan plan) {
    Map<String, String> existing = new HashMap<>();
    for (Container c : DockerInventory.containers(docker, plan.deploymentId(), true)) {
      for (String n : c.getNames()) {
        existing.put(n.startsWith("/") ? n.substring(1) : n, c.getId());
      }
    }
    boolean anyToMake = plan.replicas().stream().anyMatch(replica -> !existing.containsKey(replica.name()));
    String image = anyToMake ? imageId(plan.image()) : null;
    return parallel.map(
        plan.replicas(),
        replica -> {
          String id = existing.get(replica.name());
          return id != null ? new ReplicaInfo(replica.index(), id, replica.name()) : create(plan, replica, image);
        });
  }

  /**
   * The id of the image the pull left under this reference. Replicas are made from the id, not
   * the reference: every replica of a revision then runs the same image even if the tag moves
   * meanwhile, and Docker lists a container made from an id without looking its reference up in
   * the image store again (a sweep's list of 1,000 containers took 80-110 ms made by tag, 30-40
   * ms made by id).
   */
  private String imageId(String reference) {
    return docker.inspectImageCmd(reference).exec().getId();
  }

  private ReplicaInfo create(ContainerPlan plan, ContainerPlan.Replica replica, String image) {
    List<Mount> mounts = new ArrayList<>();
    for (ContainerPlan.Mount m : replica.mounts()) {
      mounts.add(new Mount().withType(m.volume() ? MountType.VOLUME : MountType.BIND).withSource(m.source()).withTarget(m.target()));
    }
    List<String> env = replica.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    HostConfig host = HostConfig.newHostConfig()
        .withNetworkMode(plan.hostNetwork() ? "host" : plan.network())
        .withInit(true)
        .withMounts(mounts)
        // No tenant gains privileges through a setuid binary, nor forges packets on its network.
        .withSecurityOpts(List.of("no-new-privileges"))
        .withCapDrop(Capability.NET_RAW);
    Resources limits = plan.limits();
    if (limits != null) {
      host.withNanoCPUs(limits.cpu() == null ? null : limits.cpuMillis() * 1_000_000L)
          .withMemory(limits.memory() == null ? null : limits.memory() * 1024L * 1024L)
          .withPidsLimit(limits.pids() == null ? null : limits.pids().longValue());
    }
    List<ExposedPort> exposed = new ArrayList<>();
    Ports bindings = new Ports();
    for (ContainerPlan.Published p : replica.published()) {
      ExposedPort port = ExposedPort.tcp(p.containerPort());
      exposed.add(port);
      bindings.bind(port, Ports.Binding.bindIpAndPort(publishIp, p.hostPort()));
    }
    var create =
        docker
            .createContainerCmd(image)
            .withName(replica.name())
            .withLabels(Labels.stamped(replica.labels(), installation))
            .withEnv(env)
            .withExposedPorts(exposed)
            .withHostConfig(exposed.isEmpty() ? host : host.withPortBindings(bindings));
    if (!plan.command().isEmpty()) {
      create.withCmd(plan.command());
    }
    String created = DockerErrors.mappingConflict(() -> create.exec().getId(), taken -> {
      throw Failures.nonRetryable(
          FailureTypes.NAME_CONFLICT,
          "a container named " + replica.name() + " exists on host " + receipts.hostId() + " but is not this deployment's");
    });
    log.info("container {} created", replica.name());
    return new ReplicaInfo(replica.index(), created, replica.name());
  }

  /** Starts the revision's containers that are not running, then checks that they still run. */
  void start(String deploymentId, int revision) {
    List<Container> all = DockerInventory.revisionContainers(docker, deploymentId, revision);
    if (all.isEmpty()) {
      throw Failures.nonRetryable(
          FailureTypes.CONTAINER_START_FAILED,
          "revision " + revision + " has no container on host " + receipts.hostId() + " to start; resume from CREATE_CONTAINERS");
    }
    List<Container> stopped = all.stream().filter(c -> !"running".equals(c.getState())).toList();
    parallel.map(
        stopped,
        c -> {
          DockerErrors.starting(
              () -> docker.startContainerCmd(c.getId()).exec(),
              reason -> Failures.nonRetryable(
                  FailureTypes.CONTAINER_START_FAILED,
                  "container " + DockerInventory.name(c) + " did not start: " + reason + ". Check the image and the spec's command"));
          return c.getId();
        });
    requireStillRunning(all);
    log.info("{} container(s) started", stopped.size());
  }

  /**
   * A command that cannot run (not in the image) does not fail the start under {@code --init}:
   * the init process starts, and the container exits at once. So the revision's containers are
   * looked at again a moment after the start; one that has exited fails the start, with its exit
   * code and last output.
   */
  private void requireStillRunning(List<Container> containers) {
    try {
      Thread.sleep(SETTLE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    for (Container c : containers) {
      var state = docker.inspectContainerCmd(c.getId()).exec().getState();
      if (!Boolean.TRUE.equals(state.getRunning())) {
        throw Failures.nonRetryable(
            FailureTypes.CONTAINER_START_FAILED,
            "container " + DockerInventory.name(c) + " exited with code " + state.getExitCodeLong() + " right after it started; its last output: "
                + logs.lastOutput(c.getId()) + ". Check the image and the spec's command");
      }
    }
  }

  /** Stops the deployment's running containers; returns how many were running. */
  int stop(String deploymentId, Integer graceSeconds) {
    List<Container> running = DockerInventory.containers(docker, deploymentId, false);
    int grace = graceSeconds != null ? graceSeconds : (int) stopGrace.toSeconds();
    log.info("stopping {} running container(s): SIGTERM, a kill after {}s", running.size(), grace);
    parallel.map(running, c -> DockerErrors.stopIgnoringNotModified(() -> docker.stopContainerCmd(c.getId()).withTimeout(grace).exec()));
    log.info("{} running container(s) stopped (grace {}s)", running.size(), grace);
    return running.size();
  }

  /** Stops the revision's containers, archives their output, and removes them unless kept. */
  List<ArtifactOutcome> removeRevision(String deploymentId, int revision, boolean keepStopped) {
    List<Container> containers = DockerInventory.revisionContainers(docker, deploymentId, revision);
    int grace = (int) stopGrace.toSeconds();
    List<ArtifactOutcome> lines = parallel.map(containers, c -> {
      String name = DockerInventory.name(c);
      if ("running".equals(c.getState())
          && DockerErrors.stopIgnoringNotModified(() -> docker.stopContainerCmd(c.getId()).withTimeout(grace).exec())) {
        return receipts.alreadyGone(Kind.CONTAINER, name);
      }
      Path archive = logs.archive(deploymentId, c.getId(), name);
      if (keepStopped) {
        return receipts.line(Kind.CONTAINER, name, Outcome.RETAINED_BY_POLICY,
            "stopped and kept for debugging (decommission.failed.keep); output archived to " + archive);
      }
      return remove(c.getId(), name, archive == null ? "" : "; output archived to " + archive);
    });
    log.info("{} container(s) of revision {} {}; output archived under {}", lines.size(), revision,
        keepStopped ? "stopped and kept for debugging" : "removed", logs.folder(deploymentId));
    return lines;
  }

  /** Removes every container of the deployment, running or not. */
  List<ArtifactOutcome> removeAll(String deploymentId) {
    List<Container> all = DockerInventory.containers(docker, deploymentId, true);
    List<ArtifactOutcome> lines = parallel.map(all, c -> remove(c.getId(), DockerInventory.name(c), ""));
    log.info("{} container(s) removed", lines.size());
    return lines;
  }

  /** Removes a container (its volumes stay); "already gone" when it is not there. */
  private ArtifactOutcome remove(String id, String name, String more) {
    return DockerErrors.ignoringMissing(() -> docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(false).exec())
        ? receipts.alreadyGone(Kind.CONTAINER, name)
        : receipts.removed(Kind.CONTAINER, name, "removed from host " + receipts.hostId() + more);
  }

  /** What is seen of the deployment's containers (every revision, running or not). */
  List<Drift.Seen> seen(String deploymentId) {
    List<Drift.Seen> seen = new ArrayList<>();
    for (Container c : DockerInventory.containers(docker, deploymentId, true)) {
      seen.add(new Drift.Seen(DockerInventory.name(c), Labels.revision(c.getLabels()), "running".equals(c.getState())));
    }
    return seen;
  }
}
