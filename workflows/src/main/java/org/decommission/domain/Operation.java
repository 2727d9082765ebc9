package org.decommission.domain;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A lifecycle request a user can make of a deployment: the status it enters when it starts, the
 * status it leaves the deployment in when it succeeds, and, where the status table alone is too
 * broad, the only statuses it may start from. {@link #allowedFrom} is the one rule the workflow's
 * validators apply.
 */
public enum Operation {
  DELETE(DeploymentStatus.DELETING, DeploymentStatus.DELETED, null),
  PURGE(DeploymentStatus.PURGING, DeploymentStatus.PURGED, null),
  /** Only a DELETED deployment is restored; RUNNING may also become MISSING, but as a ghost. */
  RESTORE(DeploymentStatus.MISSING, DeploymentStatus.MISSING, EnumSet.of(DeploymentStatus.DELETED)),
  START(DeploymentStatus.CREATING, DeploymentStatus.RUNNING, null),
  /** Re-runs a FAILED deployment's deploy phases from a named one, reusing what exists. */
  RESUME(DeploymentStatus.CREATING, DeploymentStatus.RUNNING, EnumSet.of(DeploymentStatus.FAILED)),
  STOP(DeploymentStatus.STOPPED, DeploymentStatus.STOPPED, null),
  /** Cancels a deploy in flight; what the attempt created is removed. */
  CANCEL(DeploymentStatus.CANCELLED, DeploymentStatus.CANCELLED, EnumSet.of(DeploymentStatus.CREATING)),
  /**
   * Rolls out a new revision beside the one serving, which keeps serving if the new one fails:
   * the status stays RUNNING throughout (no entry status).
   */
  UPDATE(null, DeploymentStatus.RUNNING, EnumSet.of(DeploymentStatus.RUNNING)),
  /**
   * Not a user's request: the deployment's containers changed out of band (a Docker event, a
   * sweep), and its status follows them ({@link Drift}). Only a deployment at rest follows.
   */
  OBSERVE(null, null, EnumSet.copyOf(Drift.AT_REST));

  private final DeploymentStatus entry;
  private final DeploymentStatus outcome;
  private final Set<DeploymentStatus> onlyFrom;

  Operation(DeploymentStatus entry, DeploymentStatus outcome, Set<DeploymentStatus> onlyFrom) {
    this.entry = entry;
    this.outcome = outcome;
    this.onlyFrom = onlyFrom;
  }

  /** The status the operation enters when it starts; null when the status does not change. */
  public DeploymentStatus entry() {
    return entry;
  }

  public DeploymentStatus outcome() {
    return outcome;
  }

  /**
   * The status the requests accepted after this one are checked against. A deploy (start,
   * resume) counts as CREATING until it ends: its outcome is not known, and it may be cancelled
   * until then, however it was started.
   */
  public DeploymentStatus projection() {
    return this == START || this == RESUME ? entry : outcome;
  }

  /** Whether a deployment in {@code status} may be asked to do this. */
  public boolean allowedFrom(DeploymentStatus status) {
    return (entry == null || status.canBecome(entry)) && (onlyFrom == null || onlyFrom.contains(status));
  }

  /** Where an admin's forced purge may start: any point of a delete, stuck or not. */
  public static final Set<DeploymentStatus> FORCED_PURGE_FROM =
      Collections.unmodifiableSet(EnumSet.of(DeploymentStatus.DELETING, DeploymentStatus.DELETED, DeploymentStatus.PURGING));

  /** {@link #allowedFrom(DeploymentStatus)}, widened for a forced purge. */
  public boolean allowedFrom(DeploymentStatus status, boolean forced) {
    return forced && this == PURGE ? FORCED_PURGE_FROM.contains(status) : allowedFrom(status);
  }

  public String verb() {
    return name().toLowerCase(Locale.ROOT);
  }
}
