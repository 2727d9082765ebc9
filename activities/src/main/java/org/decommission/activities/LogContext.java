package org.decommission.activities;

import org.slf4j.MDC;

/**
 * Puts the deployment id and phase into the logging context (MDC keys {@code deploymentId} and
 * {@code phase}) for the activity code inside a try-with-resources block.
 */
public final class LogContext implements AutoCloseable {
  private LogContext() {}

  public static LogContext open(String deploymentId, String phase) {
    MDC.put("deploymentId", deploymentId);
    MDC.put("phase", phase);
    return new LogContext();
  }

  @Override
  public void close() {
    MDC.remove("deploymentId");
    MDC.remove("phase");
  }
}
