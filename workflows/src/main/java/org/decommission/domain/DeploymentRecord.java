package org.decommission.domain;

import java.time.Instant;

/** A deployment as the database holds it: what the workflow needs to drive its lifecycle. */
public record DeploymentRecord(
    String id,
    String owner,
    DeploymentSpec spec,
    DeploymentStatus status,
    Phase phase,
    String host,
    int revision,
    Instant purgeAfter,
    boolean deletionProtected) {

  public DeploymentRecord(
      String id, String owner, DeploymentSpec spec, DeploymentStatus status, Phase phase, String host, int revision, Instant purgeAfter) {
    this(id, owner, spec, status, phase, host, revision, purgeAfter, false);
  }
}
