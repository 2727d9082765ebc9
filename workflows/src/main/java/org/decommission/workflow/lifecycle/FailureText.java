package org.decommission.workflow.lifecycle;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;

/** How a failure reads in {@code lastError}, the history and the log: its type and message. */
final class FailureText {
  private FailureText() {}

  static String of(TemporalFailure failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && (cause instanceof ActivityFailure || cause instanceof CanceledFailure)) {
      cause = cause.getCause();
    }
    if (cause instanceof ApplicationFailure app) {
      return app.getType() + ": " + app.getOriginalMessage();
    }
    return cause.getMessage();
  }
}
