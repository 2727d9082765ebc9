package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.decommission.domain.Labels;
import org.decommission.testsupport.TestCaddy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Routes through a real proxy: the all-in-one with the {@code caddy} route provider against a
 * Caddy of the test's own. A deployment is reached through Caddy by its host; a revision rollout
 * loses no request on the way; the sweep withdraws a stale route it did not make and nothing else;
 * a delete withdraws the route before the replicas stop (Caddy answers 404, never 502 or
 * nothing); the purge leaves no route.
 */
class CaddyRouteIT extends AllInOneContext {
  static final ObjectMapper JSON = new ObjectMapper();
  static TestCaddy caddy;
  static int listenPort;
  ApiClient api;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    caddy = new TestCaddy();
    listenPort = TestCaddy.port();
    registry.add("decommission.ports.range", () -> "22500-22599");
    registry.add("decommission.delete.stop-grace", () -> "1s");
    registry.add("decommission.reconcile.interval", () -> "1h");
    registry.add("decommission.routes.provider", () -> "caddy");
    registry.add("decommission.routes.caddy.admin-url", caddy::adminUrl);
    registry.add("decommission.routes.caddy.listen", () -> "127.0.0.1:" + listenPort);
  }

  @AfterAll
  static void stopCaddy() {
    caddy.close();
  }

  @BeforeEach
  void client() throws Exception {
    api = admin();
  }

  static String proxy(String host) {
    return TestCaddy.get(listenPort, host, "/");
  }

  JsonNode caddyConfig() throws Exception {
    return JSON.readTree(caddy.config());
  }

  List<String> ourRouteIds() throws Exception {
    List<String> ids = new ArrayList<>();
    caddyConfig().at("/apps/http/servers/decommission/routes").forEach(r -> ids.add(r.path("@id").asText()));
    return ids;
  }

  @Test
  void aDeploymentIsServedThroughCaddyFromDeployToPurgeAndTheSweepWithdrawsAStaleRoute() throws Exception {
    String name = "cdy-" + docker.runId().substring(8);
    String host = name + ".example.test";
    String shared = "cdy-" + docker.runId();
    docker.trackSharedVolume(shared);
    ApiClient.Answer created = api.post("/api/deployments", RevisionIT.spec(name, shared, null, 30));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(202);
    String id = created.text("id");
    docker.track(id);
    await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(api.status(id)));

    // Through Caddy, by the host, to the replicas; any other host is Caddy's 404.
    assertThat(proxy(host)).startsWith("200 ").contains("decommission test app");
    assertThat(proxy("nobody.example.test")).startsWith("404 ");
    assertThat(ourRouteIds()).containsExactly("dcm-" + id, "decommission-catch-all");

    // A revision rollout: every request through Caddy is answered, by the old revision or the new.
    try (Watcher watcher = new Watcher(() -> List.of(proxy(host)))) {
      ApiClient.Answer accepted = api.post("/api/deployments/" + id + "/revisions", RevisionIT.spec(name, shared, RevisionIT.SERVES_REVISION_TWO, 30));
      assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(api.get("/api/deployments/" + id).body().path("revision").asInt()).isEqualTo(2);
        assertThat(docker.containersOf(id)).hasSize(2).allSatisfy(c -> assertThat(c.getLabels()).containsEntry(Labels.REVISION, "2"));
      });
      Thread.sleep(500);
      watcher.close();
      List<String> answers = watcher.answers();
      assertThat(answers).as("answers through Caddy during the rollout")
          .allSatisfy(a -> assertThat(a).startsWith("200 ").containsAnyOf("decommission test app", "serving the new revision"));
      assertThat(answers).hasSizeGreaterThan(20).last().asString().contains("serving the new revision");
    }

    // The sweep withdraws a stale route it did not make (our key, in our server, for a deployment
    // that does not exist), and keeps the live deployment's route and someone else's server.
    String stale = UUID.randomUUID().toString();
    assertThat(caddy.admin("PUT", "/config/apps/http/servers/decommission/routes/0", """
        {"@id": "dcm-%s", "match": [{"host": ["stale.example.test"]}],
         "handle": [{"handler": "static_response", "status_code": 200, "body": "stale"}], "terminal": true}
        """.formatted(stale))[0]).isEqualTo("200");
    int theirPort = TestCaddy.port();
    assertThat(caddy.admin("PUT", "/config/apps/http/servers/theirs", """
        {"listen": ["127.0.0.1:%d"], "automatic_https": {"disable": true},
         "routes": [{"@id": "dcm-%s", "handle": [{"handler": "static_response", "status_code": 200, "body": "theirs"}]}]}
        """.formatted(theirPort, UUID.randomUUID()))[0]).isEqualTo("200");
    try {
      JsonNode theirs = caddyConfig().at("/apps/http/servers/theirs");
      assertThat(proxy("stale.example.test")).isEqualTo("200 stale");
      JsonNode report = sweep();
      assertThat(report.path("errors")).as(report.toString()).isEmpty();
      // The schedule's own sweep (every hour on the hour) may have come first: one of them withdrew it.
      JsonNode stats = api.get("/api/system/cleanup/stats").body();
      assertThat(stats.path("totals").path("staleRoutesRemoved").asInt()).as(stats.toString()).isEqualTo(1);
      List<String> withdrawn = new ArrayList<>();
      stats.path("lastRuns").forEach(run -> run.path("actions").forEach(a -> {
        if ("REMOVE_STALE_ROUTE".equals(a.path("kind").asText())) {
          withdrawn.add(a.path("deploymentId").asText() + " " + a.path("containerName").asText());
        }
      }));
      assertThat(withdrawn).containsExactly(stale + " caddy:/id/dcm-" + stale);
      assertThat(proxy("stale.example.test")).startsWith("404 ");
      assertThat(proxy(host)).startsWith("200 ").contains("serving the new revision");
      assertThat(ourRouteIds()).containsExactly("dcm-" + id, "decommission-catch-all");
      assertThat(caddyConfig().at("/apps/http/servers/theirs")).isEqualTo(theirs);
    } finally {
      caddy.admin("DELETE", "/config/apps/http/servers/theirs", null);
    }

    // The deletion plan names the route as Caddy knows it.
    List<String> planned = new ArrayList<>();
    api.get("/api/deployments/" + id + "/deletion-plan").body().path("items").forEach(i -> {
      if ("ROUTE".equals(i.path("kind").asText())) {
        planned.add(i.path("name").asText());
      }
    });
    assertThat(planned).containsExactly("caddy:/id/dcm-" + id);

    // A delete withdraws the route before the replicas stop: Caddy answers 404 from then on, and
    // never 502 or nothing.
    try (Watcher watcher = new Watcher(() -> List.of(proxy(host)))) {
      Thread.sleep(300);
      assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(60)).until(() -> "DELETED".equals(api.status(id)));
      Thread.sleep(300);
      watcher.close();
      List<String> answers = watcher.answers();
      List<String> statuses = answers.stream().map(a -> a.substring(0, a.indexOf(' '))).toList();
      assertThat(statuses).as(String.join("\n", answers)).containsOnly("200", "404").startsWith("200").endsWith("404");
      assertThat(statuses.subList(statuses.indexOf("404"), statuses.size())).as("once withdrawn, never served").containsOnly("404");
    }
    assertThat(ourRouteIds()).containsExactly("decommission-catch-all");

    // The purge leaves no route; the receipt names the route as Caddy knows it.
    assertThat(api.post("/api/deployments/" + id + "/purge").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(60)).until(() -> "PURGED".equals(api.status(id)));
    assertThat(caddy.config()).doesNotContain("dcm-" + id);
    Map<String, String> outcomes = new HashMap<>();
    api.get("/api/deployments/" + id + "/receipt").body().path("items")
        .forEach(i -> outcomes.put(i.path("kind").asText() + ":" + i.path("name").asText(), i.path("outcome").asText()));
    assertThat(outcomes).containsEntry("ROUTE:caddy:/id/dcm-" + id, "REMOVED");
    assertThat(docker.containersOf(id)).isEmpty();
  }

  /** One sweep of host local now, by hand. */
  JsonNode sweep() {
    ApiClient.Answer answer = api.post("/api/system/cleanup/run?dryRun=false");
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    for (JsonNode r : answer.body().path("reports")) {
      if ("local".equals(r.path("host").asText())) {
        return r;
      }
    }
    throw new AssertionError("no report of host local: " + answer.body());
  }
}
