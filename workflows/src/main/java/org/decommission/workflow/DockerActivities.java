package org.decommission.workflow;

import io.temporal.activity.ActivityInterface;
import java.util.List;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.ContainerPlan;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.Drift;
import org.decommission.domain.ReplicaInfo;
import org.decommission.domain.VolumePurge;

/**
 * Docker activities. They run on the task queue of the Docker host they act on ({@code
 * docker@<host>}), touch only objects labelled {@code decommission.managed=true} and the
 * deployment's id, heartbeat while they work, and treat "no such object" on removal as success.
 */
@ActivityInterface
public interface DockerActivities {

  /**
   * Makes sure the image is on the host: a local image is used as it is, a missing one is pulled.
   * Idempotent. Returns whether this call pulled it.
   *
   * @throws io.temporal.failure.ApplicationFailure {@code ImageNotFound} (non-retryable) when the
   *     image is neither local nor pullable
   */
  boolean ensureImage(String deploymentId, String image);

  /**
   * Creates the deployment's volumes (one per replica for REPLICA scope), labelled with their
   * scope; a deployment-scoped volume it creates also carries the deploy attempt's id, a shared
   * one its owner. Idempotent: an existing volume of the same name and our label is reused (and
   * keeps its labels).
   *
   * @param owner whose deployment it is; null for a call from before shared volumes were owned
   * @throws io.temporal.failure.ApplicationFailure {@code NameConflict} (non-retryable) when a
   *     volume of that name exists but is not this deployment's (a shared one: not this owner's)
   */
  void createVolumes(String deploymentId, int revision, String attempt, int replicas, List<DeploymentSpec.VolumeSpec> volumes, String owner);

  /**
   * Removes the deployment-scoped volumes the deploy attempt created (label {@code
   * decommission.attempt}); a volume an earlier attempt made, and a shared one, is left alone.
   * Idempotent. One receipt line per volume.
   */
  List<ArtifactOutcome> removeAttemptVolumes(String deploymentId, String attempt);

  /**
   * Creates the deployment's own bridge network ({@code dcm-net-<id>}), labelled with the
   * deployment and the deploy attempt, and returns its name. Idempotent: an existing network of
   * that name with the deployment's label is reused (and keeps its labels).
   *
   * @throws io.temporal.failure.ApplicationFailure {@code NameConflict} (non-retryable) when a
   *     network of that name exists but is not this deployment's; {@code NetworkPoolExhausted}
   *     (non-retryable) when Docker has no address range left for a new network
   */
  String createNetwork(String deploymentId, String attempt);

  /**
   * Removes the deployment's network (found by its label) once no container is attached to it.
   * Idempotent ("already gone" when it is not there). One receipt line; FAILED while something is
   * still attached (Docker refuses).
   */
  ArtifactOutcome removeNetwork(String deploymentId);

  /**
   * Removes the deployment's network if the deploy attempt created it; one an earlier deploy made
   * (a restored deployment's, a serving revision's) is left alone. Idempotent.
   */
  ArtifactOutcome removeAttemptNetwork(String deploymentId, String attempt);

  /**
   * Creates the replica containers of the plan (not started). Idempotent: a container with the
   * same name and the deployment's label is reused.
   */
  List<ReplicaInfo> createContainers(ContainerPlan plan);

  /**
   * Starts every container of the deployment's revision. Idempotent (running ones stay).
   *
   * @throws io.temporal.failure.ApplicationFailure {@code ContainerStartFailed} (non-retryable)
   *     when Docker refuses to start one (its command cannot run), or the revision has no
   *     container to start
   */
  void startContainers(String deploymentId, int revision);

  /**
   * Stops every running container of the deployment: SIGTERM, then a kill after the grace
   * ({@code graceSeconds}, or the configured one when null; 0 kills at once). Idempotent:
   * stopped ones are left. Returns how many were running.
   */
  int stopContainers(String deploymentId, Integer graceSeconds);

  /**
   * Stops (gracefully, with the configured grace) and removes the containers of one revision of
   * the deployment, after archiving each one's output to {@code <data dir>/logs/<id>/<name>.log};
   * with {@code keepStopped}, leaves them stopped instead (kept for debugging). Containers of
   * other revisions are not touched. Idempotent. One receipt line per container.
   */
  List<ArtifactOutcome> removeRevision(String deploymentId, int revision, boolean keepStopped);

  /** Removes every container of the deployment. Idempotent. One receipt line per container. */
  List<ArtifactOutcome> removeContainers(String deploymentId);

  /**
   * Purges the volumes the deployment owns as {@code plan} says: archives the SNAPSHOT ones as
   * tar.gz under {@code <data dir>/snapshots/<id>/} and removes them, removes the DELETE ones and
   * any other volume carrying the deployment's label, and leaves the retained ones alone. Never
   * touches a shared volume. Idempotent. One receipt line per volume it acted on.
   */
  List<ArtifactOutcome> purgeVolumes(String deploymentId, String image, VolumePurge plan);

  /** Removes an image unless a container still uses it. Idempotent. */
  ArtifactOutcome removeImage(String image);

  /**
   * Looks at the deployment's containers (all revisions, running or not) and at which of the
   * given volumes are not on the host. Read-only.
   */
  Observation observe(String deploymentId, List<String> volumes);

  /** What {@link #observe} saw. */
  record Observation(List<Drift.Seen> containers, List<String> missingVolumes) {}
}
