package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.decommission.activities.webhooks.WebhookSignature;
import org.decommission.testsupport.Ports;
import org.decommission.worker.TemporalConnection;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Webhooks on the all-in-one: a receiver that refuses the first delivery gets every event of a
 * deployment's lifecycle once as delivered, in order, signed; a receiver that is down for the
 * whole budget loses only what fell in its outage (marked FAILED) and gets what comes after;
 * bad subscriptions answer 400 and another user's webhook 404; a delete ends the workflow.
 */
class WebhookIT extends AllInOneContext {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SECRET = "it-secret-0123456789";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.ports.range", () -> "22900-22999");
    registry.add("decommission.delete.stop-grace", () -> "1s");
    registry.add("decommission.webhooks.attempts", () -> "3");
    registry.add("decommission.webhooks.backoff", () -> "200ms");
    registry.add("decommission.webhooks.max-backoff", () -> "400ms");
    registry.add("decommission.webhooks.max-per-user", () -> "3");
  }

  @Autowired TemporalConnection temporal;

  /** A receiver on 127.0.0.1: every request it got, and its answer (500 for the first {@code refuse}). */
  static final class Receiver implements AutoCloseable {
    record Request(String event, String delivery, String signature, String body, int answered) {
      long eventId() {
        return Long.parseLong(delivery.substring(delivery.indexOf(':') + 1));
      }

      JsonNode data() throws IOException {
        return JSON.readTree(body);
      }
    }

    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    final HttpServer server;
    final AtomicInteger seen = new AtomicInteger();

    Receiver(int port, int refuse) throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      server.createContext("/", exchange -> {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status = seen.getAndIncrement() < refuse ? 500 : 200;
        var headers = exchange.getRequestHeaders();
        requests.add(new Request(headers.getFirst("X-Decommission-Event"), headers.getFirst("X-Decommission-Delivery"),
            headers.getFirst("X-Decommission-Signature"), body, status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The requests it took (2xx) about one deployment, in the order they came. */
    List<Request> accepted(String deploymentId) {
      synchronized (requests) {
        return requests.stream().filter(r -> r.answered() == 200 && r.body().contains("\"" + deploymentId + "\"")).toList();
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  static String subscription(String url, String secret, String events, boolean allOwners) {
    return """
        {"url": "%s", "secret": "%s", "events": %s, "allOwners": %s}""".formatted(url, secret, events, allOwners);
  }

  ApiClient bob(ApiClient api) throws IOException {
    return api.as(userToken("bob", Duration.ofMinutes(10)));
  }

  static List<JsonNode> deliveries(ApiClient api, String hook) {
    ApiClient.Answer answer = api.get("/api/webhooks/" + hook + "/deliveries?limit=1000");
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    List<JsonNode> rows = new ArrayList<>();
    answer.body().path("deliveries").forEach(rows::add);
    Collections.reverse(rows);
    return rows;
  }

  static JsonNode delivery(ApiClient api, String hook, String event) {
    return deliveries(api, hook).stream().filter(d -> d.path("event").asText().equals(event)).findFirst().orElse(null);
  }

  /** The signature header is t=<seconds>,v1=<HMAC of "<t>.<body>">, and t is recent. */
  static void assertSigned(Receiver.Request request) {
    String t = request.signature().substring(2, request.signature().indexOf(','));
    assertThat(request.signature()).isEqualTo(WebhookSignature.header(SECRET, Long.parseLong(t), request.body()));
    assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t))).isLessThan(300);
  }

  @Test
  void everyEventArrivesOnceInOrderSignedAndAReceiverDownForTheBudgetLosesOnlyItsOutage() throws Exception {
    ApiClient api = admin();
    String token = Files.readString(dataDir().resolve("admin.token")).trim();
    int downPort = Ports.free();
    try (Receiver a = new Receiver(Ports.free(), 1)) {
      ApiClient.Answer created = api.post("/api/webhooks", subscription(a.url(), SECRET, "[]", false));
      assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
      String hookA = created.text("id");
      String hookB = api.post("/api/webhooks",
          subscription("http://127.0.0.1:" + downPort + "/b", SECRET, "[\"deployment-deleted\", \"deployment-purged\"]", false)).text("id");

      String id = api.post("/api/deployments", ResourcesIT.spec("hook-" + docker.runId(), 1, "decommission/testapp:local", null)).text("id");
      docker.track(id);
      await().atMost(Duration.ofSeconds(90)).until(() -> api.status(id).equals("RUNNING"));
      assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(60)).until(() -> api.status(id).equals("DELETED"));
      await().atMost(Duration.ofSeconds(30)).until(() -> delivery(api, hookB, "deployment-deleted") != null
          && delivery(api, hookB, "deployment-deleted").path("status").asText().equals("FAILED"));
      JsonNode lost = delivery(api, hookB, "deployment-deleted");
      assertThat(lost.path("attempts").asInt()).as("the budget").isEqualTo(3);
      assertThat(lost.path("lastError").asText()).contains("ConnectException");
      assertThat(lost.path("deploymentId").asText()).isEqualTo(id);

      try (Receiver b = new Receiver(downPort, 0)) {
        assertThat(api.post("/api/deployments/" + id + "/purge").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.status(id).equals("PURGED"));
        EventStreamIT.Listener stream = new EventStreamIT.Listener("http://127.0.0.1:" + port + "/api/deployments/" + id + "/events", token, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.names().contains("deployment-purged"));
        List<EventStreamIT.Event> expected = stream.events();
        await().atMost(Duration.ofSeconds(30))
            .until(() -> a.accepted(id).stream().anyMatch(r -> r.event().equals("deployment-purged")) && !b.accepted(id).isEmpty());

        List<Receiver.Request> got = a.accepted(id);
        assertThat(got).extracting(Receiver.Request::eventId).as("every event once, in order")
            .containsExactlyElementsOf(expected.stream().map(e -> Long.parseLong(e.id())).toList());
        assertThat(got).extracting(Receiver.Request::event).containsExactlyElementsOf(expected.stream().map(EventStreamIT.Event::name).toList());
        for (int i = 0; i < got.size(); i++) {
          assertThat(got.get(i).data()).as("the body is the stream's data").isEqualTo(expected.get(i).data());
          assertThat(got.get(i).delivery()).isEqualTo(hookA + ":" + expected.get(i).id());
        }
        List<Receiver.Request> all = new ArrayList<>(a.requests);
        assertThat(all.get(0).answered()).isEqualTo(500);
        assertThat(all.get(1).delivery()).as("the refused one again").isEqualTo(all.get(0).delivery());
        assertThat(all).hasSize(got.size() + 1).allSatisfy(WebhookIT::assertSigned);

        List<JsonNode> rowsA = deliveries(api, hookA);
        assertThat(rowsA).hasSize(got.size()).allSatisfy(d -> assertThat(d.path("status").asText()).isEqualTo("DELIVERED"));
        JsonNode first = rowsA.get(0);
        assertThat(first.path("eventId").asLong()).isEqualTo(got.get(0).eventId());
        assertThat(first.path("attempts").asInt()).isEqualTo(2);
        assertThat(first.path("lastHttpStatus").asInt()).isEqualTo(200);
        assertThat(StreamSupport.stream(first.path("attemptLog").spliterator(), false).map(l -> l.path("httpStatus").asInt()).toList())
            .as("the refused attempt").containsExactly(500, 200);

        assertThat(b.accepted(id)).extracting(Receiver.Request::event).as("what came after its outage").containsExactly("deployment-purged");
        assertThat(b.accepted(id)).allSatisfy(WebhookIT::assertSigned);
        assertThat(delivery(api, hookB, "deployment-purged").path("status").asText()).isEqualTo("DELIVERED");
      }

      assertThat(api.delete("/api/webhooks/" + hookA).status()).isEqualTo(204);
      assertThat(api.get("/api/webhooks/" + hookA).status()).isEqualTo(404);
      await().atMost(Duration.ofSeconds(10)).until(() -> temporal.client().newUntypedWorkflowStub("webhook-" + hookA).describe().getStatus()
          == io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      assertThat(api.delete("/api/webhooks/" + hookB).status()).isEqualTo(204);
    }
  }

  @Test
  void badSubscriptionsAnswer400AndAnotherUsersWebhookIsNotFound() throws Exception {
    ApiClient api = admin();
    ApiClient bob = bob(api);
    for (String url : List.of("ftp://127.0.0.1/x", "http:///x", "http://127.0.0.1:" + port + "/api/webhooks", "http://localhost:" + port + "/",
        "http://0.0.0.0:" + port, "no-scheme.example.test/x")) {
      ApiClient.Answer refused = api.post("/api/webhooks", subscription(url, SECRET, "[]", false));
      assertThat(refused.status()).as(url + ": " + refused.body()).isEqualTo(400);
      assertThat(refused.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(refused.text("title")).isEqualTo("Bad webhook");
    }
    assertThat(api.post("/api/webhooks", subscription("http://127.0.0.1:" + port + "/", SECRET, "[]", false)).text("detail"))
        .contains("points at this program");
    assertThat(api.post("/api/webhooks", subscription("http://192.0.2.1/", "too-short", "[]", false)).status()).isEqualTo(400);
    ApiClient.Answer unknown = api.post("/api/webhooks", subscription("http://192.0.2.1/", SECRET, "[\"deployment-exploded\"]", false));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.text("detail")).contains("deployment-exploded").contains("deployment-purged").contains("deployment-stuck");
    assertThat(api.post("/api/webhooks", "{\"url\": \"http://192.0.2.1/\", \"secret\": \"" + SECRET + "\", \"colour\": 1}").status())
        .isEqualTo(400);
    assertThat(bob.post("/api/webhooks", subscription("http://192.0.2.1/", SECRET, "[]", true)).status()).as("allOwners").isEqualTo(403);
    assertThat(bob.post("/api/webhooks", subscription("http://127.0.0.1:" + Ports.free() + "/", SECRET, "[]", false)).status())
        .as("this machine, for a user").isEqualTo(403);

    List<String> bobs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ApiClient.Answer made = bob.post("/api/webhooks", subscription("http://192.0.2.1:9/bob" + i, SECRET, "[\"deployment-deleted\"]", false));
      assertThat(made.status()).as(made.body().toString()).isEqualTo(201);
      bobs.add(made.text("id"));
    }
    ApiClient.Answer tooMany = bob.post("/api/webhooks", subscription("http://192.0.2.1:9/bob4", SECRET, "[]", false));
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.text("detail")).contains("decommission.webhooks.max-per-user");

    ApiClient.Answer admins = api.post("/api/webhooks", subscription("http://127.0.0.1:" + Ports.free() + "/all", SECRET, "[]", true));
    assertThat(admins.status()).isEqualTo(201);
    String hook = admins.text("id");
    JsonNode shown = api.get("/api/webhooks/" + hook).body();
    assertThat(shown.path("secretSet").asBoolean()).isTrue();
    assertThat(shown.path("allOwners").asBoolean()).isTrue();
    assertThat(shown.has("secret")).isFalse();
    assertThat(shown.toString()).doesNotContain(SECRET);
    assertThat(shown.path("workflowId").asText()).isEqualTo("webhook-" + hook);

    assertThat(bob.get("/api/webhooks/" + hook).status()).isEqualTo(404);
    assertThat(bob.get("/api/webhooks/" + hook + "/deliveries").status()).isEqualTo(404);
    assertThat(bob.delete("/api/webhooks/" + hook).status()).isEqualTo(404);
    assertThat(bob.get("/api/webhooks/not-a-uuid").status()).isEqualTo(400);
    List<String> bobSees = new ArrayList<>();
    bob.get("/api/webhooks").body().forEach(w -> bobSees.add(w.path("id").asText()));
    assertThat(bobSees).containsExactlyInAnyOrderElementsOf(bobs);
    List<String> adminSees = new ArrayList<>();
    api.get("/api/webhooks").body().forEach(w -> adminSees.add(w.path("id").asText()));
    assertThat(adminSees).contains(hook).containsAll(bobs);

    assertThat(api.delete("/api/webhooks/" + bobs.get(0)).status()).as("an admin may").isEqualTo(204);
    assertThat(bob.get("/api/webhooks/" + bobs.get(0)).status()).isEqualTo(404);
    assertThat(bob.post("/api/webhooks", subscription("http://192.0.2.1:9/bob5", SECRET, "[]", false)).status()).as("room again").isEqualTo(201);
    assertThat(api.delete("/api/webhooks/" + hook).status()).isEqualTo(204);

    assertThat(api.get("/v3/api-docs").body().path("paths").has("/api/webhooks/{id}/deliveries")).isTrue();
    assertThat(api.get("/api/system/settings").body().path("webhooks").path("attempts").asInt()).isEqualTo(3);
  }
}
