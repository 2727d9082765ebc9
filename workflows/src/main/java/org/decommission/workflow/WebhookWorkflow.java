package org.decommission.workflow;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One webhook subscription, {@code webhook-<id>}: delivers the subscription's events one at a
 * time in event-id order, each tried with backoff up to its budget and then marked failed, the
 * next one after it. It waits for new events (a signal, a timer as the fallback) and continues as
 * new now and then, carrying its cursor. It runs until the subscription is deleted.
 */
@WorkflowInterface
public interface WebhookWorkflow {

  /** Delivers until the subscription is deleted (a {@link #stop()} signal, or a read that finds it gone). */
  @WorkflowMethod
  void run(WebhookInput input);

  /** New history rows may be there: read now instead of at the fallback timer. */
  @SignalMethod
  void eventsAppended();

  /** The subscription was deleted: the delivery under way is cancelled, and the workflow ends. */
  @SignalMethod
  void stop();

  /** The last event id handled (delivered, failed or not wanted). */
  @QueryMethod
  long cursor();
}
