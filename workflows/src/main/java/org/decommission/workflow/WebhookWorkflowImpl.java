package org.decommission.workflow;

import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * See {@link WebhookWorkflow}. Deterministic: a local activity per read, an activity per
 * delivery, timers in between. A cancel of the workflow ends it (as cancelled) the way a
 * {@link #stop()} does.
 */
public class WebhookWorkflowImpl implements WebhookWorkflow {
  private static final Logger log = Workflow.getLogger(WebhookWorkflowImpl.class);
  /** The fallback when no signal says that events were appended: a read at least this often. */
  static final Duration IDLE_WAIT = Duration.ofMinutes(1);
  /** How soon a read is tried again while an id before the next rows is missing. */
  static final Duration GAP_RECHECK = Duration.ofSeconds(1);
  /**
   * How long ids may stay missing before they are taken for a rolled-back transaction and passed
   * over. The transactions that append history rows take milliseconds.
   */
  public static final Duration GAP_GRACE = Duration.ofSeconds(5);
  /** Reads and deliveries per run; then it continues as new, so its history stays short. */
  static final int STEPS_PER_RUN = 200;

  private final WebhookActivities store = Workflow.newLocalActivityStub(WebhookActivities.class, ActivityPolicies.store());
  private WebhookActivities sender;
  private WebhookSettings senderSettings;
  private String webhookId;
  private long cursor;
  private int steps;
  private boolean wake;
  private boolean stopped;
  private CancellationScope delivering;
  /** The missing run of ids the last reads stopped at, and when it was first seen (workflow time). */
  private long gapFrom;
  private long gapTo;
  private long gapSeenAt;
  /** Missing ids below this are settled (rolled back): reads go past them. */
  private long settledBelow;

  @Override
  public void run(WebhookInput input) {
    webhookId = input.webhookId();
    cursor = input.cursor();
    deliverUntilStopped();
  }

  private void deliverUntilStopped() {
    while (!ending()) {
      continueAsNewIfDue();
      wake = false;
      long before = cursor;
      WebhookBatch batch = store.pending(webhookId, cursor, settledBelow);
      steps++;
      if (!batch.active()) {
        log.info("[webhook {}] the subscription is gone: ends at event {}", webhookId, cursor);
        return;
      }
      for (WebhookEvent event : batch.events()) {
        continueAsNewIfDue();
        deliver(event, batch.settings());
        if (ending()) {
          return;
        }
        cursor = event.id();
      }
      cursor = Math.max(cursor, batch.readTo());
      boolean progressed = cursor > before;
      if (batch.hasGap() && settle(batch)) {
        continue;
      }
      if (!progressed) {
        Workflow.await(batch.hasGap() ? GAP_RECHECK : IDLE_WAIT, () -> wake || stopped);
      }
    }
    log.info("[webhook {}] stopped at event {}", webhookId, cursor);
  }

  /**
   * Keeps track of the missing run of ids the read stopped at; true once it has stayed missing
   * for {@link #GAP_GRACE}, when it is settled and the next read goes past it.
   */
  private boolean settle(WebhookBatch batch) {
    long now = Workflow.currentTimeMillis();
    if (batch.gapFrom() != gapFrom) {
      gapFrom = batch.gapFrom();
      gapTo = batch.gapTo();
      gapSeenAt = now;
      return false;
    }
    if (now - gapSeenAt < GAP_GRACE.toMillis()) {
      return false;
    }
    log.info("[webhook {}] history ids {}-{} stayed missing for {}: passed over", webhookId, gapFrom, gapTo, GAP_GRACE);
    settledBelow = gapTo + 1;
    return true;
  }

  /** One event, tried up to its budget; then marked failed. A stop cancels it. */
  private void deliver(WebhookEvent event, WebhookSettings settings) {
    steps++;
    delivering = Workflow.newCancellationScope(() -> sender(settings).deliver(webhookId, event));
    try {
      delivering.run();
    } catch (ActivityFailure failed) {
      if (ending() || failed.getCause() instanceof CanceledFailure) {
        return;
      }
      log.warn("[webhook {}] event {} ({}) not delivered after {} attempt(s): {}", webhookId, event.id(), event.name(),
          settings.attempts(), failed.getCause() instanceof ApplicationFailure app ? app.getOriginalMessage() : failed.getMessage());
      store.markFailed(webhookId, event);
    } catch (CanceledFailure cancelled) {
      // The subscription was deleted mid-delivery.
    } finally {
      delivering = null;
    }
  }

  /** The delivery stub for these settings: the same one while the settings stay. */
  private WebhookActivities sender(WebhookSettings settings) {
    if (sender == null || !settings.equals(senderSettings)) {
      senderSettings = settings;
      sender = Workflow.newActivityStub(WebhookActivities.class, ActivityOptions.newBuilder(ActivityPolicies.webhook(settings))
          .setSummary("POST the event to the subscription's URL, signed: " + settings.attempts() + " attempt(s) at most")
          .build());
    }
    return sender;
  }

  private void continueAsNewIfDue() {
    if (steps >= STEPS_PER_RUN || Workflow.getInfo().isContinueAsNewSuggested()) {
      Workflow.continueAsNew(new WebhookInput(webhookId, cursor));
    }
  }

  private boolean ending() {
    return stopped || CancellationScope.current().isCancelRequested();
  }

  @Override
  public void eventsAppended() {
    wake = true;
  }

  @Override
  public void stop() {
    stopped = true;
    if (delivering != null) {
      delivering.cancel();
    }
  }

  @Override
  public long cursor() {
    return cursor;
  }
}
