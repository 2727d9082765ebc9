package org.decommission.workflow;

import io.temporal.activity.ActivityInterface;
import java.time.Instant;
import java.util.List;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;
import org.decommission.domain.PortAssignment;
import org.decommission.domain.ReplicaInfo;
import org.decommission.domain.ReplicaState;

/** Database activities (PostgreSQL). They run as local activities of the workflow's worker. */
@ActivityInterface
public interface StoreActivities {

  /**
   * Reads a deployment. Read-only, so trivially idempotent.
   *
   * @throws io.temporal.failure.ApplicationFailure {@code DeploymentNotFound} when no row exists
   */
  DeploymentRecord loadDeployment(String deploymentId);

  /** Records the phase the workflow has entered. Writing the same phase twice is harmless. */
  void enterPhase(String deploymentId, Phase phase);

  /**
   * Moves the deployment to {@code to} and appends the change to its history in one transaction.
   * Idempotent: a deployment already in {@code to} is left alone and no history row is added.
   * Leaving DELETED clears the deletion times.
   *
   * @throws io.temporal.failure.ApplicationFailure {@code IllegalTransition} when the current
   *     status may not become {@code to}; {@code NameTaken} when the name is held by another live
   *     deployment (a restore after the name was reused)
   */
  void transition(String deploymentId, DeploymentStatus to, String actor, String reason);

  /**
   * Marks the deployment DELETED with {@code deleted_at = now} and {@code purge_after = now +
   * retention}, and returns {@code purge_after}. Idempotent: an already deleted deployment keeps
   * (and returns) its original times.
   */
  Instant markDeleted(String deploymentId, String actor, String reason);

  /** Notes that PULL_IMAGE pulled the image, so the purge may remove it. Idempotent. */
  void recordImagePulled(String deploymentId);

  /**
   * Reads a deployment as one of its revisions: the deployment's own spec for its current
   * revision, the stored spec of a revision asked for (an update) otherwise.
   *
   * @throws io.temporal.failure.ApplicationFailure {@code DeploymentNotFound} when neither exists
   */
  DeploymentRecord loadRevision(String deploymentId, int revision);

  /**
   * Allocates one host port per replica and named port of the revision from the pool, unique per
   * host, noting the deploy attempt. Idempotent: ports the revision already holds are returned as
   * they are (and keep the attempt that allocated them).
   *
   * @throws io.temporal.failure.ApplicationFailure {@code PortPoolExhausted}
   */
  List<PortAssignment> allocatePorts(String deploymentId, int revision, String attempt);

  /** Releases the ports the deploy attempt allocated. Idempotent. One receipt line per port. */
  List<ArtifactOutcome> releaseAttemptPorts(String deploymentId, String attempt);

  /** Releases the ports of one revision (the one an update replaced). Idempotent. */
  List<ArtifactOutcome> releaseRevisionPorts(String deploymentId, int revision);

  /**
   * The new revision serves: the deployment takes its spec and number, the older revisions'
   * replica rows go, a history row says so. Idempotent.
   */
  void activateRevision(String deploymentId, int revision, String actor);

  /**
   * A revision failed to roll out (or was cancelled): it is marked FAILED with the error, which
   * also becomes the deployment's last error and a history row; the status does not change.
   * Idempotent.
   */
  void failRevision(String deploymentId, int revision, String error);

  /** Replaces the replica rows of the deployment with the containers just created. Idempotent. */
  void recordReplicas(String deploymentId, int revision, List<ReplicaInfo> replicas);

  /** Sets the state of every replica of the deployment in one batch update. Idempotent. */
  void setReplicaStates(String deploymentId, ReplicaState state);

  /** Merges receipt lines (one per artifact; a later line for the same artifact wins). Idempotent. */
  void recordOutcomes(String deploymentId, List<ArtifactOutcome> outcomes);

  /**
   * Whether the purge should remove the deployment's image: only when this system pulled it and
   * no other deployment that is not purged uses it. Returns the reason when it must be kept.
   */
  ImageVerdict imageVerdict(String deploymentId);

  /** Releases the deployment's port allocations, returning one receipt line per port. Idempotent. */
  List<ArtifactOutcome> releasePorts(String deploymentId);

  /**
   * Completes the purge: PURGED, receipt closed, replica and volume rows removed, history
   * appended, all in one transaction. The row stays as a tombstone. Idempotent.
   */
  void completePurge(String deploymentId, String actor, String reason);

  /**
   * A teardown step failed after its retry budget: the error and the attempt count are kept on
   * the deployment (GET shows them) and a history row says so (a {@code deployment-stuck}
   * event). The status does not change. Leaving the status clears it.
   */
  void recordStuck(String deploymentId, Phase phase, String error, int attempts);

  /**
   * Notes that a failed deployment's containers are kept, stopped, for debugging, and returns the
   * kept failures beyond the newest {@code keep}: they are pushed out (forgotten here; the caller
   * removes their containers, volumes and work dir). Idempotent.
   */
  List<KeptFailure> keepFailure(String deploymentId, String host, int revision, String attempt, int keep);

  /** Forgets the deployment's kept failure, returning it (none: empty), for its removal. Idempotent. */
  List<KeptFailure> releaseKept(String deploymentId);

  /** A failed deploy attempt whose containers are kept for debugging. */
  record KeptFailure(String deploymentId, String host, int revision, String attempt) {}

  /** Whether a MISSING deployment's data volumes are still on the host (GET shows it). Idempotent. */
  void recordDataExists(String deploymentId, boolean dataExists);

  /**
   * Records whether deletion protection is on. Idempotent.
   *
   * @throws io.temporal.failure.ApplicationFailure {@code IllegalTransition} when the deployment is
   *     deleted (its purge is already scheduled)
   */
  void setDeletionProtection(String deploymentId, boolean enabled);

  /** Whether to remove the image, and if not, why. */
  record ImageVerdict(String image, boolean remove, String reason) {}
}
