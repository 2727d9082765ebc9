package org.decommission.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.decommission.activities.DaemonThreads;
import org.decommission.activities.store.DeploymentView;
import org.decommission.activities.store.HistoryStore;
import org.decommission.activities.store.Webhook;
import org.decommission.activities.store.WebhookStore;
import org.decommission.domain.GapFreeRead;
import org.decommission.workflow.WebhookWorkflowImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the webhook workflows when history rows are appended, so an event goes out within about
 * {@link #POLL} rather than at a workflow's fallback timer. Every {@link #POLL}, while some
 * subscription is active, it reads the rows after the newest it has seen (one query, gap-free as
 * the workflows read) and signals each subscription that wants one of them. Nothing is read while
 * no subscription is active. A missed signal costs only time: the workflows read on their own.
 */
final class WebhookNotifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
  static final Duration POLL = Duration.ofMillis(500);
  static final int BATCH = 500;

  private final HistoryStore history;
  private final WebhookStore webhooks;
  private final WebhookClient client;
  private ScheduledExecutorService scheduler;
  /** The newest row read; -1 while no subscription is active. */
  private long head = -1;
  private long settledBelow;
  private long gapFrom;
  private long gapSeenNanos;

  WebhookNotifier(HistoryStore history, WebhookStore webhooks, WebhookClient client) {
    this.history = history;
    this.webhooks = webhooks;
    this.client = client;
  }

  /** Starts polling (again, after a {@link #close()}). */
  synchronized void start() {
    close();
    scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("webhook-notifier"));
    scheduler.scheduleWithFixedDelay(this::pollSafely, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      log.warn("webhook notifier: {}", e.getMessage());
    }
  }

  synchronized void poll() {
    List<Webhook> active = webhooks.active(null);
    if (active.isEmpty()) {
      head = -1;
      return;
    }
    if (head < 0) {
      head = history.lastEventId();
    }
    var read = GapFreeRead.of(history.events(head, null, null, BATCH), DeploymentView.Event::id, head, settledBelow);
    settle(read);
    if (read.rows().isEmpty()) {
      return;
    }
    head = read.readTo();
    for (Webhook webhook : active) {
      if (read.rows().stream().anyMatch(webhook::wants)) {
        client.wake(webhook.id());
      }
    }
  }

  /** A missing id that stays missing for the workflows' grace is passed over, as they pass it over. */
  private void settle(GapFreeRead.Result<DeploymentView.Event> read) {
    if (read.gapFrom() == 0) {
      return;
    }
    if (read.gapFrom() != gapFrom) {
      gapFrom = read.gapFrom();
      gapSeenNanos = System.nanoTime();
    } else if (System.nanoTime() - gapSeenNanos >= WebhookWorkflowImpl.GAP_GRACE.toNanos()) {
      settledBelow = read.gapTo() + 1;
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }
}
