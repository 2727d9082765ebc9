package org.decommission.activities.webhooks;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.decommission.activities.store.DeploymentView;
import org.decommission.activities.store.HistoryStore;
import org.decommission.activities.store.Webhook;
import org.decommission.activities.store.WebhookDeliveries;
import org.decommission.activities.store.WebhookStore;
import org.decommission.domain.GapFreeRead;
import org.decommission.workflow.ActivityPolicies;
import org.decommission.workflow.FailureTypes;
import org.decommission.workflow.WebhookActivities;
import org.decommission.workflow.WebhookBatch;
import org.decommission.workflow.WebhookEvent;
import org.decommission.workflow.WebhookSettings;

/**
 * A webhook's reads and deliveries: the subscription's events from {@code status_history}, and
 * one signed POST per attempt (java.net.http, no redirects followed, {@link
 * ActivityPolicies#WEBHOOK_TIMEOUT} to connect and as much for the answer).
 */
public class WebhookActivitiesImpl implements WebhookActivities {
  public static final String EVENT_HEADER = "X-Decommission-Event";
  public static final String DELIVERY_HEADER = "X-Decommission-Delivery";
  /** History rows read at most per read; the subscription's events are among them. */
  static final int BATCH = 100;

  private final WebhookStore webhooks;
  private final WebhookDeliveries deliveries;
  private final HistoryStore history;
  private final WebhookSettings settings;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(ActivityPolicies.WEBHOOK_TIMEOUT)
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  /** {@code settings}: how this worker's reads tell the workflow to deliver. */
  public WebhookActivitiesImpl(DataSource dataSource, WebhookSettings settings) {
    this.webhooks = new WebhookStore(dataSource);
    this.deliveries = new WebhookDeliveries(dataSource);
    this.history = new HistoryStore(dataSource);
    this.settings = settings;
  }

  @Override
  public WebhookBatch pending(String webhookId, long afterId, long settledBelow) {
    UUID id = UUID.fromString(webhookId);
    Optional<Webhook> webhook = webhooks.find(id);
    if (webhook.isEmpty()) {
      return WebhookBatch.gone(afterId);
    }
    webhooks.advance(id, afterId);
    var read = GapFreeRead.of(history.events(afterId, null, null, BATCH), DeploymentView.Event::id, afterId, settledBelow);
    List<WebhookEvent> wanted = read.rows().stream().filter(webhook.get()::wants)
        .map(e -> new WebhookEvent(e.id(), e.eventName(), e.deploymentId(), e.toJson()))
        .toList();
    return new WebhookBatch(true, wanted, read.readTo(), read.gapFrom(), read.gapTo(), settings);
  }

  @Override
  public void deliver(String webhookId, WebhookEvent event) {
    UUID id = UUID.fromString(webhookId);
    Optional<WebhookStore.Target> target = webhooks.target(id);
    if (target.isEmpty()) {
      return;
    }
    int status;
    try {
      status = http.send(request(webhookId, target.get(), event), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
      deliveries.attempt(id, event.id(), event.name(), event.deploymentId(), null, why);
      throw ApplicationFailure.newFailure("the receiver did not answer (" + why + ")", FailureTypes.WEBHOOK_UNREACHABLE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while delivering", FailureTypes.WEBHOOK_UNREACHABLE);
    }
    deliveries.attempt(id, event.id(), event.name(), event.deploymentId(), status, null);
    if (status < 200 || status >= 300) {
      throw ApplicationFailure.newFailure("the receiver answered " + status, FailureTypes.WEBHOOK_REFUSED);
    }
  }

  /** The POST of one event, signed now. */
  static HttpRequest request(String webhookId, WebhookStore.Target target, WebhookEvent event) {
    long now = Instant.now().getEpochSecond();
    return HttpRequest.newBuilder(URI.create(target.url()))
        .timeout(ActivityPolicies.WEBHOOK_TIMEOUT)
        .header("Content-Type", "application/json")
        .header("User-Agent", "Decommission-Webhooks")
        .header(EVENT_HEADER, event.name())
        .header(DELIVERY_HEADER, webhookId + ":" + event.id())
        .header(WebhookSignature.HEADER, WebhookSignature.header(target.secret(), now, event.body()))
        .POST(HttpRequest.BodyPublishers.ofString(event.body(), StandardCharsets.UTF_8))
        .build();
  }

  @Override
  public void markFailed(String webhookId, WebhookEvent event) {
    deliveries.markFailed(UUID.fromString(webhookId), event.id(), event.name(), event.deploymentId());
  }
}
