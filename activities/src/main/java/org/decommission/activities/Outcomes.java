package org.decommission.activities;

import java.time.Instant;
import org.decommission.domain.ArtifactOutcome;

/** Receipt lines made by activities, stamped with the wall clock when the outcome is known. */
public final class Outcomes {
  private Outcomes() {}

  public static ArtifactOutcome now(ArtifactOutcome.Kind kind, String name, ArtifactOutcome.Outcome outcome, String detail) {
    return ArtifactOutcome.of(kind, name, outcome, detail, Instant.now());
  }
}
