package org.decommission.workflow;

/**
 * How a webhook's workflow delivers: each event is tried {@code attempts} times, the first retry
 * after {@code backoffMillis}, each next one twice as long, at most {@code maxBackoffMillis}
 * ({@code decommission.webhooks.*}, where their defaults and bounds are checked).
 */
public record WebhookSettings(int attempts, long backoffMillis, long maxBackoffMillis) {}
