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
    ActivityExecutionContext context;
    try {
      context = Activity.getExecutionContext();
    } catch (IllegalStateException | NullPointerException notInActivity) {
      return;
    }
    context.heartbeat(details);
  }
}
