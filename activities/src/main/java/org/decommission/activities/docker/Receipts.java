package org.decommission.activities.docker;

import org.decommission.activities.Outcomes;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.ArtifactOutcome.Kind;
import org.decommission.domain.ArtifactOutcome.Outcome;

/** Writes the receipt lines of one Docker host, so every part words them the same way. */
record Receipts(String hostId) {

  ArtifactOutcome removed(Kind kind, String name, String detail) {
    return Outcomes.now(kind, name, Outcome.REMOVED, detail);
  }

  ArtifactOutcome alreadyGone(Kind kind, String name) {
    return Outcomes.now(kind, name, Outcome.ALREADY_GONE, "not on host " + hostId);
  }

  ArtifactOutcome failed(Kind kind, String name, String detail) {
    return Outcomes.now(kind, name, Outcome.FAILED, detail);
  }

  ArtifactOutcome line(Kind kind, String name, Outcome outcome, String detail) {
    return Outcomes.now(kind, name, outcome, detail);
  }

  /**
   * Runs a removal and words its receipt line: removed, already gone, or failed because Docker
   * refused because the object is still in use ({@code inUse} prefixes Docker's reason).
   */
  ArtifactOutcome removal(Kind kind, String name, String detail, String inUse, Runnable remove) {
    return DockerErrors.mappingInUse(
        () -> DockerErrors.ignoringMissing(remove) ? alreadyGone(kind, name) : removed(kind, name, detail),
        reason -> failed(kind, name, inUse + reason));
  }
}
