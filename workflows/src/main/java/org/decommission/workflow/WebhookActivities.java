package org.decommission.workflow;

import io.temporal.activity.ActivityInterface;

/**
 * What a webhook's workflow does outside itself. {@link #pending} and {@link #markFailed} are
 * database work (local activities); {@link #deliver} is one HTTP POST (an activity on the main
 * queue, retried with backoff by its retry policy).
 */
@ActivityInterface
public interface WebhookActivities {

  /**
   * Reads the subscription's events after {@code afterId} (at most a batch), and records
   * {@code afterId} as the subscription's cursor in the database. Rows are taken only up to the
   * first missing id (a transaction that has not committed yet may still fill it), unless that id
   * is below {@code settledBelow}. A read changes nothing else; reading again is the same read.
   * Never fails for a deleted subscription: it answers {@link WebhookBatch#gone}.
   */
  WebhookBatch pending(String webhookId, long afterId, long settledBelow);

  /**
   * POSTs one event to the subscription's URL, signed with its secret, and records the attempt
   * (its HTTP status or error) in the deliveries; a 2xx marks the delivery delivered. A deleted
   * subscription gets nothing (success). The receiver may get an event twice (a worker that dies
   * after the POST): the {@code X-Decommission-Delivery} header is the same each time.
   *
   * @throws io.temporal.failure.ApplicationFailure {@code WebhookRefused} for an answer that is not
   *     2xx, {@code WebhookUnreachable} when no answer came: both retried
   */
  void deliver(String webhookId, WebhookEvent event);

  /** Marks the delivery failed after its budget of attempts. Idempotent. */
  void markFailed(String webhookId, WebhookEvent event);
}
