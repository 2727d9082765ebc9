package org.decommission.domain;

/**
 * A lifecycle request a user can make of a deployment: the status it enters when it starts and
 * the status it leaves the deployment in when it succeeds. Whether it is legal now follows from
 * {@link DeploymentStatus#canBecome(DeploymentStatus)} alone.
 */
public enum Operation {
  DELETE(DeploymentStatus.DELETING, DeploymentStatus.DELETED),
  PURGE(DeploymentStatus.PURGING, DeploymentStatus.PURGED),
  RESTORE(DeploymentStatus.MISSING, DeploymentStatus.MISSING),
  START(DeploymentStatus.CREATING, DeploymentStatus.RUNNING),
  STOP(DeploymentStatus.STOPPED, DeploymentStatus.STOPPED);

  private final DeploymentStatus entry;
  private final DeploymentStatus outcome;

  Operation(DeploymentStatus entry, DeploymentStatus outcome) {
    this.entry = entry;
    this.outcome = outcome;
  }

  public DeploymentStatus entry() {
    return entry;
  }

  public DeploymentStatus outcome() {
    return outcome;
  }

  public String verb() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
