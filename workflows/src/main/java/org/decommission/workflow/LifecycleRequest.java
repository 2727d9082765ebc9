package org.decommission.workflow;

import org.decommission.domain.Phase;

/**
 * A lifecycle request (delete, purge, restore, start, stop): who asks, and why; for a delete or a
 * stop, optionally the SIGTERM grace in seconds for this request (0 kills at once; null: the
 * configured {@code decommission.delete.stop-grace}); for a purge, whether to keep the data; for
 * a resume, the deploy phase to start from; for an update, the revision to roll out (already
 * stored with its spec); for a purge, whether it is forced.
 */
public record LifecycleRequest(
    String actor, String reason, Integer graceSeconds, Boolean keepData, Phase fromPhase, Integer revision, Boolean force) {
  public LifecycleRequest(String actor, String reason, Integer graceSeconds, Boolean keepData, Phase fromPhase) {
    this(actor, reason, graceSeconds, keepData, fromPhase, null, null);
  }

  /** An admin's purge that finishes a stuck delete or purge, receipting what it leaves behind. */
  public static LifecycleRequest forcedPurge(String actor, String reason) {
    return new LifecycleRequest(actor, reason, null, null, null, null, true);
  }

  public boolean forced() {
    return Boolean.TRUE.equals(force);
  }

  public LifecycleRequest(String actor, String reason) {
    this(actor, reason, null, null, null);
  }

  public LifecycleRequest(String actor, String reason, Integer graceSeconds) {
    this(actor, reason, graceSeconds, null, null);
  }

  public LifecycleRequest(String actor, String reason, Integer graceSeconds, Boolean keepData) {
    this(actor, reason, graceSeconds, keepData, null);
  }

  /** A resume from {@code phase}. */
  public static LifecycleRequest resumeFrom(String actor, String reason, Phase phase) {
    return new LifecycleRequest(actor, reason, null, null, phase);
  }

  /** An update to the stored revision {@code revision}. */
  public static LifecycleRequest toRevision(String actor, String reason, int revision) {
    return new LifecycleRequest(actor, reason, null, null, null, revision, null);
  }

  /** For a purge: keep every data volume (released from the deployment). */
  public boolean keepsData() {
    return Boolean.TRUE.equals(keepData);
  }
}
