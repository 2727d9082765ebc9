package org.decommission.workflow;

import java.time.Instant;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;

/**
 * What a lifecycle workflow knows of its deployment between two steps: all of it is carried
 * through continue-as-new, so a new run goes on exactly where the last one stood (a stuck step
 * still waits for its retry time, its error still shows).
 *
 * @param purgeAfter when a DELETED deployment is purged; null otherwise
 * @param lastError the last failure, for GET and the Temporal UI; null when the last step succeeded
 * @param stuckRetryAt when a delete or purge step that failed after its retry budget is tried
 *     again; null when nothing is stuck
 * @param deletionProtected no delete or purge is accepted, whoever asks (a user, the sweep)
 */
public record LifecycleState(
    DeploymentStatus status, Phase phase, Instant purgeAfter, String lastError, Instant stuckRetryAt, boolean deletionProtected) {

  /** The state the database records, as adoption starts a workflow from it. */
  public static LifecycleState of(DeploymentStatus status, Phase phase, Instant purgeAfter, boolean deletionProtected) {
    return new LifecycleState(status, phase, purgeAfter, null, null, deletionProtected);
  }

  public LifecycleState withStatus(DeploymentStatus next) {
    return new LifecycleState(next, phase, purgeAfter, lastError, stuckRetryAt, deletionProtected);
  }

  public LifecycleState withPhase(Phase next) {
    return new LifecycleState(status, next, purgeAfter, lastError, stuckRetryAt, deletionProtected);
  }

  public LifecycleState withPurgeAfter(Instant next) {
    return new LifecycleState(status, phase, next, lastError, stuckRetryAt, deletionProtected);
  }

  public LifecycleState withLastError(String next) {
    return new LifecycleState(status, phase, purgeAfter, next, stuckRetryAt, deletionProtected);
  }

  public LifecycleState withStuckRetryAt(Instant next) {
    return new LifecycleState(status, phase, purgeAfter, lastError, next, deletionProtected);
  }

  public LifecycleState withDeletionProtected(boolean next) {
    return new LifecycleState(status, phase, purgeAfter, lastError, stuckRetryAt, next);
  }

  public boolean stuck() {
    return stuckRetryAt != null;
  }
}
