package org.decommission.activities;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;

/**
 * Heartbeats from activity code. Outside an activity (a benchmark calling the implementation
 * directly) it does nothing. Inside one, a heartbeat is also how a cancellation arrives: it throws
 * {@code ActivityCanceledException}, which we let through.
 */
public final class Heartbeats {
  private Heartbeats() {}

  public static void beat(Object details) {
    beat(current(), details);
  }

  /**
   * The running activity's context, taken on the activity's own thread (a client library's
   * callback thread has none); null outside an activity.
   */
  public static ActivityExecutionContext current() {
    try {
      return Activity.getExecutionContext();
    } catch (IllegalStateException | NullPointerException notInActivity) {
      return null;
    }
  }

  /** Beats with a context taken earlier by {@link #current()}; nothing when it is null. */
  public static void beat(ActivityExecutionContext context, Object details) {
    if (context != null) {
      context.heartbeat(details);
    }
  }

  /** The attempt of the running activity, 1 outside one. */
  public static int attempt(ActivityExecutionContext context) {
    return context == null ? 1 : context.getInfo().getAttempt();
  }
}
