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
    PORT,
    NETWORK,
    /** A share of the host's capacity (cpu, memory, storage) the deployment held. */
    CAPACITY
  }

  public enum Outcome {
    REMOVED,
    ALREADY_GONE,
    RETAINED_BY_POLICY,
    SNAPSHOTTED,
    FAILED
  }

  /**
   * A line stamped with {@code at}. Activities pass the wall clock; workflow code passes
   * {@code Workflow.currentTimeMillis()}: domain code reads no clock of its own.
   */
  public static ArtifactOutcome of(Kind kind, String name, Outcome outcome, String detail, Instant at) {
    return new ArtifactOutcome(kind, name, outcome, detail, at);
  }

  /**
   * The line a receipt keeps when the same artifact is reported twice: the later one, except that
   * "already gone" never hides an earlier removal (a second pass finds nothing because the first
   * removed it).
   */
  public static ArtifactOutcome merge(ArtifactOutcome earlier, ArtifactOutcome later) {
    if (earlier != null && later.outcome() == Outcome.ALREADY_GONE
        && (earlier.outcome() == Outcome.REMOVED || earlier.outcome() == Outcome.SNAPSHOTTED)) {
      return earlier;
    }
    return later;
  }

  /** The key under which a receipt keeps one line per artifact. */
  public String key() {
    return kind + ":" + name;
  }
}
