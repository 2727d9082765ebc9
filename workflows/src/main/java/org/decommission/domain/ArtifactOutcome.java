package org.decommission.domain;

import java.time.Instant;

/**
 * What happened to one artifact of a deployment during delete or purge: one line of the
 * deletion receipt.
 */
public record ArtifactOutcome(Kind kind, String name, Outcome outcome, String detail, Instant at) {

  public enum Kind {
    CONTAINER,
    VOLUME,
    IMAGE,
    WORKDIR,
    ROUTE,
    PORT
  }

  public enum Outcome {
    REMOVED,
    ALREADY_GONE,
    RETAINED_BY_POLICY,
    SNAPSHOTTED,
    FAILED
  }

  public static ArtifactOutcome of(Kind kind, String name, Outcome outcome, String detail) {
    return new ArtifactOutcome(kind, name, outcome, detail, Instant.now());
  }

  /** The key under which a receipt keeps one line per artifact. */
  public String key() {
    return kind + ":" + name;
  }
}
