package org.decommission.workflow;

/**
 * How a webhook's workflow delivers: each event is tried {@code attempts} times, the first retry
 * after {@code backoffMillis}, each next one twice as long, at most {@code maxBackoffMillis}.
 */
public record WebhookSettings(int attempts, long backoffMillis, long maxBackoffMillis) {
  public static final WebhookSettings DEFAULTS = new WebhookSettings(8, 1_000, 60_000);

  public WebhookSettings {
    if (attempts < 1 || backoffMillis < 1 || maxBackoffMillis < backoffMillis) {
      throw new IllegalArgumentException(
          "webhook attempts must be at least 1 and 0 < backoff <= max backoff, got " + attempts + ", " + backoffMillis + " ms, "
              + maxBackoffMillis + " ms");
    }
  }
}
