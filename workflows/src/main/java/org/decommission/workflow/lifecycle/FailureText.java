package org.decommission.workflow.lifecycle;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;

/**
 * How a failure reads in {@code lastError}, the history and the log: its type and message,
 * after what failed ({@code "PULL_IMAGE failed: ImageNotFound: …"}); and the type read back.
 */
public final class FailureText {
  private static final java.util.regex.Pattern TYPED = java.util.regex.Pattern.compile("^\\S+ failed: ([A-Za-z0-9_.$]+): ");

  private FailureText() {}

  /** The failure type in a reason written with {@link #of}: its simple name; {@code other} when it has none. */
  public static String typeIn(String reason) {
    java.util.regex.Matcher m = TYPED.matcher(reason == null ? "" : reason);
    if (!m.find()) {
      return "other";
    }
    String type = m.group(1);
    return type.substring(type.lastIndexOf('.') + 1);
  }

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
