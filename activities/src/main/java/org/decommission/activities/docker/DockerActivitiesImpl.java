package org.decommission.activities.docker;

import com.github.dockerjava.api.DockerClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.decommission.activities.LogContext;
import org.decommission.activities.files.Snapshots;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.ContainerPlan;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.Drift;
import org.decommission.domain.ReplicaInfo;
import org.decommission.domain.VolumePurge;
import org.decommission.workflow.DockerActivities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DockerActivities} on one Docker host through docker-java. Each activity puts the
 * deployment and phase into the logging context and hands the work to the part that does it:
 * {@link Images}, {@link Volumes}, {@link Containers}. Docker's errors are
 * translated by {@link DockerErrors} alone. It owns the thread pool those parts share, so the
 * worker closes it when it stops.
 */
public class DockerActivitiesImpl implements DockerActivities, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DockerActivitiesImpl.class);

  private final Parallel parallel;
  private final Images images;
  private final Volumes volumes;
  private final Containers containers;
  private final Networks networks;

  /**
   * @param installation this installation's id: every container, volume and network made here
   *     carries it ({@code decommission.installation})
   * @param publishIp the host address replicas' ports are published on
   */
  public DockerActivitiesImpl(String hostId, DockerClient docker, Duration stopGrace, Path dataDir, String installation, String publishIp) {
    this(hostId, docker, stopGrace, dataDir, installation, publishIp, ImageSettings.plain(), new Snapshots(dataDir, Duration.ofDays(30), 0));
  }

  /**
   * @param images how images are pulled on this host, and where pulls report
   * @param snapshots where SNAPSHOT purges write their archives, and the free space they need
   */
  public DockerActivitiesImpl(
      String hostId, DockerClient docker, Duration stopGrace, Path dataDir, String installation, String publishIp, ImageSettings images,
      Snapshots snapshots) {
    Receipts receipts = new Receipts(hostId);
    this.parallel = new Parallel(hostId);
    this.images = new Images(docker, receipts, images.policy(), images.registries(), images.records());
    this.volumes = new Volumes(docker, receipts, parallel, new VolumeSnapshots(docker, hostId, snapshots, installation), installation);
    this.containers = new Containers(docker, receipts, parallel, new ContainerLogs(docker, dataDir), stopGrace, installation, publishIp);
    this.networks = new Networks(docker, receipts, installation);
  }

  @Override
  public boolean ensureImage(String deploymentId, String image) {
    try (var ignored = LogContext.open(deploymentId, "PULL_IMAGE")) {
      return images.ensure(deploymentId, image);
    }
  }

  @Override
  public ArtifactOutcome removeImage(String image) {
    return images.remove(image);
  }

  @Override
  public void createVolumes(
      String deploymentId, int revision, String attempt, int replicas, List<DeploymentSpec.VolumeSpec> specs, String owner) {
    try (var ignored = LogContext.open(deploymentId, "CREATE_VOLUMES")) {
      volumes.create(deploymentId, revision, attempt, replicas, specs, owner);
    }
  }

  @Override
  public List<ArtifactOutcome> removeAttemptVolumes(String deploymentId, String attempt) {
    try (var ignored = LogContext.open(deploymentId, "COMPENSATE")) {
      return volumes.removeAttempt(deploymentId, attempt);
    }
  }

  @Override
  public List<ArtifactOutcome> purgeVolumes(String deploymentId, String image, VolumePurge plan) {
    try (var ignored = LogContext.open(deploymentId, "PURGE_VOLUMES")) {
      return volumes.purge(deploymentId, image, plan);
    }
  }

  @Override
  public String createNetwork(String deploymentId, String attempt) {
    try (var ignored = LogContext.open(deploymentId, "CREATE_NETWORK")) {
      return networks.create(deploymentId, attempt);
    }
  }

  @Override
  public ArtifactOutcome removeNetwork(String deploymentId) {
    try (var ignored = LogContext.open(deploymentId, "PURGE_VOLUMES")) {
      return networks.remove(deploymentId);
    }
  }

  @Override
  public ArtifactOutcome removeAttemptNetwork(String deploymentId, String attempt) {
    try (var ignored = LogContext.open(deploymentId, "COMPENSATE")) {
      return networks.removeAttempt(deploymentId, attempt);
    }
  }

  @Override
  public List<ReplicaInfo> createContainers(ContainerPlan plan) {
    try (var ignored = LogContext.open(plan.deploymentId(), "CREATE_CONTAINERS")) {
      volumes.requireMounted(plan);
      return containers.create(plan);
    }
  }

  @Override
  public void startContainers(String deploymentId, int revision) {
    try (var ignored = LogContext.open(deploymentId, "START")) {
      containers.start(deploymentId, revision);
    }
  }

  @Override
  public int stopContainers(String deploymentId, Integer graceSeconds) {
    try (var ignored = LogContext.open(deploymentId, "STOP_REPLICAS")) {
      return containers.stop(deploymentId, graceSeconds);
    }
  }

  @Override
  public List<ArtifactOutcome> removeRevision(String deploymentId, int revision, boolean keepStopped) {
    try (var ignored = LogContext.open(deploymentId, "REMOVE_REVISION")) {
      return containers.removeRevision(deploymentId, revision, keepStopped);
    }
  }

  @Override
  public List<ArtifactOutcome> removeContainers(String deploymentId) {
    try (var ignored = LogContext.open(deploymentId, "REMOVE_CONTAINERS")) {
      return containers.removeAll(deploymentId);
    }
  }

  @Override
  public Observation observe(String deploymentId, List<String> expectedVolumes) {
    try (var ignored = LogContext.open(deploymentId, "OBSERVE")) {
      List<Drift.Seen> seen = containers.seen(deploymentId);
      List<String> missing = volumes.missing(deploymentId, expectedVolumes);
      log.info("observed {} container(s), {} running; {} of {} volume(s) missing", seen.size(),
          seen.stream().filter(Drift.Seen::running).count(), missing.size(), expectedVolumes.size());
      return new Observation(seen, missing);
    }
  }

  /** Ends the pool's threads, once the worker no longer runs activities. */
  @Override
  public void close() {
    parallel.close();
  }
}
