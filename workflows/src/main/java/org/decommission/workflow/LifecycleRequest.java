package org.decommission.workflow;

/**
 * A lifecycle request (delete, purge, restore, start, stop): who asks, and why; for a delete or a
 * stop, optionally the SIGTERM grace in seconds for this request (0 kills at once; null: the
 * configured {@code decommission.delete.stop-grace}); for a purge, whether to keep the data.
 */
public record LifecycleRequest(String actor, String reason, Integer graceSeconds, Boolean keepData) {
  public LifecycleRequest(String actor, String reason) {
    this(actor, reason, null, null);
  }

  public LifecycleRequest(String actor, String reason, Integer graceSeconds) {
    this(actor, reason, graceSeconds, null);
  }

  /** For a purge: keep every data volume (released from the deployment). */
  public boolean keepsData() {
    return Boolean.TRUE.equals(keepData);
  }
}
