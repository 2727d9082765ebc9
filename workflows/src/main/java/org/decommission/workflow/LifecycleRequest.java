package org.decommission.workflow;

/**
 * A lifecycle request (delete, purge, restore, start, stop): who asks, and why; for a delete or a
 * stop, optionally the SIGTERM grace in seconds for this request (0 kills at once; null: the
 * configured {@code decommission.delete.stop-grace}).
 */
public record LifecycleRequest(String actor, String reason, Integer graceSeconds) {
  public LifecycleRequest(String actor, String reason) {
    this(actor, reason, null);
  }
}
