package org.decommission.worker;

import java.time.Duration;
import org.decommission.workflow.WebhookSettings;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook deliveries ({@code decommission.webhooks.*}): each event is tried {@code attempts}
 * times, the first retry after {@code backoff}, each next one twice as long, at most
 * {@code max-backoff}; a user may hold {@code max-per-user} subscriptions.
 */
public record WebhookProperties(
    @DefaultValue("8") int attempts, @DefaultValue("1s") Duration backoff, @DefaultValue("1m") Duration maxBackoff,
    @DefaultValue("20") int maxPerUser) {

  public WebhookProperties {
    if (attempts < 1 || attempts > 100) {
      throw new IllegalArgumentException("decommission.webhooks.attempts must be between 1 and 100, got " + attempts);
    }
    if (backoff == null || backoff.compareTo(Duration.ofMillis(10)) < 0) {
      throw new IllegalArgumentException("decommission.webhooks.backoff must be at least 10ms, got " + backoff);
    }
    if (maxBackoff == null || maxBackoff.compareTo(backoff) < 0) {
      throw new IllegalArgumentException("decommission.webhooks.max-backoff must be at least decommission.webhooks.backoff, got " + maxBackoff);
    }
    if (maxPerUser < 1) {
      throw new IllegalArgumentException("decommission.webhooks.max-per-user must be at least 1, got " + maxPerUser);
    }
  }

  public WebhookSettings settings() {
    return new WebhookSettings(attempts, backoff.toMillis(), maxBackoff.toMillis());
  }
}
