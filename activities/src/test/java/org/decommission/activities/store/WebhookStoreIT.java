package org.decommission.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.temporal.failure.ApplicationFailure;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.decommission.activities.webhooks.WebhookActivitiesImpl;
import org.decommission.activities.webhooks.WebhookSignature;
import org.decommission.domain.DeploymentStatus;
import org.decommission.testsupport.Ports;
import org.decommission.workflow.FailureTypes;
import org.decommission.workflow.WebhookBatch;
import org.decommission.workflow.WebhookEvent;
import org.decommission.workflow.WebhookSettings;
import org.junit.jupiter.api.Test;

/** Webhook subscriptions, their reads of the history and their deliveries, on PostgreSQL. */
class WebhookStoreIT {
  final StoreFixture f = new StoreFixture();
  final WebhookStore webhooks = new WebhookStore(f.dataSource);
  final WebhookDeliveries deliveries = new WebhookDeliveries(f.dataSource);
  final WebhookActivitiesImpl activities = new WebhookActivitiesImpl(f.dataSource, new WebhookSettings(8, 1_000, 60_000));

  @Test
  void aSubscriptionStartsAtTheNewestRowIsLimitedPerOwnerAndLosesItsSecretWhenDeleted() {
    String owner = StoreFixture.unique("hooks");
    f.create(StoreFixture.unique("web"), 1);
    Webhook first = webhooks.create(owner, false, "http://192.0.2.1/a", "0123456789abcdef", List.of(), 2).orElseThrow();
    assertThat(first.lastEventId()).isEqualTo(f.history.lastEventId());
    assertThat(webhooks.create(owner, false, "http://192.0.2.1/b", "0123456789abcdef", List.of("deployment-deleted"), 2)).isPresent();
    assertThat(webhooks.create(owner, false, "http://192.0.2.1/c", "0123456789abcdef", List.of(), 2)).as("the limit").isEmpty();
    assertThat(webhooks.active(owner)).extracting(Webhook::url).containsExactly("http://192.0.2.1/a", "http://192.0.2.1/b");
    assertThat(webhooks.active(owner).get(1).events()).containsExactly("deployment-deleted");
    assertThat(webhooks.target(UUID.fromString(first.id()))).get().extracting(WebhookStore.Target::secret).isEqualTo("0123456789abcdef");

    assertThat(webhooks.delete(UUID.fromString(first.id()))).isTrue();
    assertThat(webhooks.delete(UUID.fromString(first.id()))).isFalse();
    assertThat(webhooks.find(UUID.fromString(first.id()))).isEmpty();
    assertThat(webhooks.target(UUID.fromString(first.id()))).isEmpty();
    assertThat(f.jdbc.queryForObject("SELECT secret FROM webhooks WHERE id = ?", String.class, UUID.fromString(first.id()))).isEmpty();
    assertThat(webhooks.create(owner, false, "http://192.0.2.1/c", "0123456789abcdef", List.of(), 2)).as("room again").isPresent();
  }

  @Test
  void aReadGivesTheOwnersWantedEventsWithTheStreamsDataAndRecordsTheCursor() {
    String owner = StoreFixture.unique("reader");
    Webhook hook = webhooks.create(owner, false, "http://192.0.2.1/", "0123456789abcdef", List.of("deployment-created"), 5).orElseThrow();
    UUID mine = UUID.randomUUID();
    f.deployments.create(mine, owner, f.spec(StoreFixture.unique("web"), 1), owner);
    f.create(StoreFixture.unique("theirs"), 1);
    f.deployments.transition(mine, DeploymentStatus.RUNNING, "test", "up");

    WebhookBatch batch = activities.pending(hook.id(), hook.lastEventId(), 0);
    assertThat(batch.active()).isTrue();
    assertThat(batch.events()).extracting(WebhookEvent::name).containsExactly("deployment-created");
    WebhookEvent created = batch.events().get(0);
    assertThat(created.deploymentId()).isEqualTo(mine.toString());
    assertThat(created.body()).contains("\"owner\":\"" + owner + "\"").contains("\"kind\":\"CREATED\"").contains("\"id\":" + created.id());
    assertThat(batch.readTo()).as("the other rows were read too").isGreaterThan(created.id());

    activities.pending(hook.id(), batch.readTo(), 0);
    assertThat(webhooks.find(UUID.fromString(hook.id())).orElseThrow().lastEventId()).isEqualTo(batch.readTo());
    webhooks.delete(UUID.fromString(hook.id()));
    assertThat(activities.pending(hook.id(), batch.readTo(), 0).active()).isFalse();
  }

  @Test
  void aDeliveryIsSignedAndEachAttemptIsRecordedUntilTheReceiverTakesIt() throws Exception {
    Map<String, String> seen = new ConcurrentHashMap<>();
    int[] answers = {500, 204};
    int[] calls = {0};
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", Ports.free()), 0);
    receiver.createContext("/hook", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      seen.put("body", body);
      exchange.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(), v.get(0)));
      exchange.sendResponseHeaders(answers[Math.min(calls[0]++, 1)], -1);
      exchange.close();
    });
    receiver.start();
    try {
      String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
      Webhook hook = webhooks.create(StoreFixture.unique("sender"), false, url, "0123456789abcdef", List.of(), 5).orElseThrow();
      WebhookEvent event = new WebhookEvent(7, "deployment-deleted", UUID.randomUUID().toString(), "{\"id\":7}");

      assertThatThrownBy(() -> activities.deliver(hook.id(), event))
          .isInstanceOfSatisfying(ApplicationFailure.class, e -> assertThat(e.getType()).isEqualTo(FailureTypes.WEBHOOK_REFUSED));
      activities.deliver(hook.id(), event);
      assertThat(seen).containsEntry("body", "{\"id\":7}").containsEntry("x-decommission-event", "deployment-deleted")
          .containsEntry("x-decommission-delivery", hook.id() + ":7");
      String signature = seen.get("x-decommission-signature");
      String t = signature.substring(2, signature.indexOf(','));
      assertThat(signature).isEqualTo(WebhookSignature.header("0123456789abcdef", Long.parseLong(t), "{\"id\":7}"));

      var delivery = deliveries.list(UUID.fromString(hook.id()), 10).get(0);
      assertThat(delivery.status()).isEqualTo(WebhookDeliveries.Status.DELIVERED);
      assertThat(delivery.attempts()).isEqualTo(2);
      assertThat(delivery.lastHttpStatus()).isEqualTo(204);
      assertThat(delivery.attemptLog()).extracting(WebhookDeliveries.Attempt::httpStatus).containsExactly(500, 204);
      assertThat(delivery.deliveredAt()).isNotNull();

      receiver.stop(0);
      WebhookEvent next = new WebhookEvent(8, "deployment-purged", event.deploymentId(), "{\"id\":8}");
      assertThatThrownBy(() -> activities.deliver(hook.id(), next))
          .isInstanceOfSatisfying(ApplicationFailure.class, e -> assertThat(e.getType()).isEqualTo(FailureTypes.WEBHOOK_UNREACHABLE));
      activities.markFailed(hook.id(), next);
      var failed = deliveries.list(UUID.fromString(hook.id()), 10).get(0);
      assertThat(failed.eventId()).isEqualTo(8);
      assertThat(failed.status()).isEqualTo(WebhookDeliveries.Status.FAILED);
      assertThat(failed.lastError()).contains("ConnectException");

      webhooks.delete(UUID.fromString(hook.id()));
      activities.deliver(hook.id(), next);
      assertThat(deliveries.list(UUID.fromString(hook.id()), 10).get(0).attempts()).as("nothing is sent for a deleted subscription").isEqualTo(1);
    } finally {
      receiver.stop(0);
    }
  }
}
