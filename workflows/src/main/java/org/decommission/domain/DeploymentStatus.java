package org.decommission.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The status of a deployment, and the one place where its legal transitions are written down.
 * The database checks the set of values; every change of status in code goes through
 * {@link #canBecome(DeploymentStatus)}.
 */
public enum DeploymentStatus {
  CREATING,
  RUNNING,
  STOPPED,
  FAILED,
  CANCELLED,
  MISSING,
  DELETING,
  DELETED,
  PURGING,
  PURGED;

  private static final Map<DeploymentStatus, Set<DeploymentStatus>> NEXT =
      new EnumMap<>(DeploymentStatus.class);

  static {
    NEXT.put(CREATING, EnumSet.of(RUNNING, FAILED, CANCELLED, DELETING));
    NEXT.put(RUNNING, EnumSet.of(STOPPED, MISSING, DELETING));
    NEXT.put(STOPPED, EnumSet.of(CREATING, RUNNING, MISSING, DELETING));
    NEXT.put(FAILED, EnumSet.of(CREATING, DELETING));
    NEXT.put(CANCELLED, EnumSet.of(CREATING, DELETING));
    NEXT.put(MISSING, EnumSet.of(CREATING, RUNNING, DELETING));
    NEXT.put(DELETING, EnumSet.of(DELETED));
    NEXT.put(DELETED, EnumSet.of(MISSING, PURGING));
    NEXT.put(PURGING, EnumSet.of(PURGED));
    NEXT.put(PURGED, EnumSet.noneOf(DeploymentStatus.class));
  }

  /** Whether a deployment in this status may move to {@code next}. */
  public boolean canBecome(DeploymentStatus next) {
    return NEXT.get(this).contains(next);
  }

  /** The statuses this one may move to. */
  public Set<DeploymentStatus> next() {
    return Collections.unmodifiableSet(NEXT.get(this));
  }

  /**
   * Whether a step is under way in this status (a deploy, a delete, a purge): no request ends in
   * it, so the status a queued request projects is still to come.
   */
  public boolean underWay() {
    return this == CREATING || this == DELETING || this == PURGING;
  }

  /** A final status has no lifecycle workflow any more. */
  public boolean isFinal() {
    return this == PURGED;
  }

  /**
   * Whether a deployment in this status holds its cpu and memory reservation: it has (or is
   * making) containers. A failed, cancelled or missing one has none, and reserves again when it
   * is started or resumed.
   */
  public boolean holdsCompute() {
    return this == CREATING || this == RUNNING || this == STOPPED || this == DELETING;
  }

  /**
   * Whether deletion protection may be switched in this status: only before a delete begins (a
   * deleted deployment's purge is already scheduled).
   */
  public boolean protectable() {
    return holdsName() && this != DELETING;
  }

  /** Whether the deployment still holds its name (deleted and purged ones do not). */
  public boolean holdsName() {
    return this != DELETED && this != PURGING && this != PURGED;
  }

  /**
   * Whether the deployment may have a route in the proxy. A delete withdraws it, so a deleted
   * (or purging, or purged) one's route is stale, like its claim on the name.
   */
  public boolean mayHoldRoute() {
    return holdsName();
  }
}
