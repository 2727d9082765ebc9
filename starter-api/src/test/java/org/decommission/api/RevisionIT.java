package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.decommission.domain.Labels;
import org.decommission.domain.Naming;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Revisions over real HTTP: a new revision that fails is removed alone while the old one serves
 * every request; one that becomes healthy takes over the route and the old one goes.
 */
class RevisionIT extends AllInOneContext {
  static final String SERVES_REVISION_TWO =
      "[\"sh\", \"-c\", \"mkdir -p /tmp/www && echo serving the new revision > /tmp/www/index.html && exec httpd -f -p $PORT -h /tmp/www\"]";
  static final String NEVER_SERVES = "[\"sh\", \"-c\", \"echo new revision not serving; exec sleep 600\"]";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  ApiClient api;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.ports.range", () -> "24000-24499");
    registry.add("decommission.delete.stop-grace", () -> "1s");
  }

  @BeforeEach
  void client() throws Exception {
    api = admin();
  }

  static String spec(String name, String shared, String command, int healthTimeoutSeconds) {
    return ApiClient.spec(name, 2, shared, command).replace("\"timeoutSeconds\": 30", "\"timeoutSeconds\": " + healthTimeoutSeconds);
  }

  static List<Integer> hostPorts(JsonNode deployment) {
    List<Integer> ports = new ArrayList<>();
    deployment.path("ports").forEach(p -> ports.add(p.path("hostPort").asInt()));
    return ports;
  }

  static String get(int port) {
    try {
      HttpResponse<String> r = HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() + " " + r.body();
    } catch (Exception e) {
      return "error " + e.getClass().getSimpleName();
    }
  }

  @Test
  void aFailedRevisionIsRemovedAloneWhileTheOldOneServesThenAGoodOneTakesOver() throws Exception {
    String name = "rev-" + docker.runId().substring(8);
    String shared = "rev-" + docker.runId();
    docker.trackSharedVolume(shared);
    String id = api.post("/api/deployments", spec(name, shared, null, 30)).text("id");
    docker.track(id);
    await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(api.status(id)));
    JsonNode v1 = api.get("/api/deployments/" + id).body();
    List<Integer> oldPorts = hostPorts(v1);
    assertThat(oldPorts).hasSize(2);

    // Refused up front: a renamed spec (400), an invalid one (400).
    assertThat(api.post("/api/deployments/" + id + "/revisions", spec(name + "-other", shared, null, 30)).status()).isEqualTo(400);
    assertThat(api.post("/api/deployments/" + id + "/revisions", "{\"name\": \"" + name + "\"}").status()).isEqualTo(400);

    // A revision that never becomes healthy: the old one serves every request throughout.
    try (Watcher watcher = new Watcher(() -> oldPorts.stream().map(p -> p + ": " + get(p)).toList())) {
      ApiClient.Answer accepted = api.post("/api/deployments/" + id + "/revisions?reason=try+v2", spec(name, shared, NEVER_SERVES, 2));
      assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
      assertThat(accepted.body().path("revision").asInt()).isEqualTo(2);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(api.get("/api/deployments/" + id).text("lastError")).contains("revision 2").contains("HealthCheckFailed"));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(docker.containersOf(id)).hasSize(2));
      watcher.close();
      assertThat(watcher.answers()).as("answers of the old revision during the failed rollout")
          .allSatisfy(a -> assertThat(a).contains(": 200 ").contains("decommission test app"));
      assertThat(watcher.answers()).hasSizeGreaterThan(20);
    }
    JsonNode afterFailure = api.get("/api/deployments/" + id).body();
    assertThat(afterFailure.path("status").asText()).isEqualTo("RUNNING");
    assertThat(afterFailure.path("revision").asInt()).isEqualTo(1);
    assertThat(hostPorts(afterFailure)).containsExactlyInAnyOrderElementsOf(oldPorts);
    assertThat(docker.containersOf(id)).allSatisfy(c -> {
      assertThat(c.getLabels()).containsEntry(Labels.REVISION, "1");
      assertThat(c.getState()).isEqualTo("running");
    });
    assertThat(Files.readString(dataDir().resolve(Naming.routeFileName(id)))).contains("127.0.0.1:" + oldPorts.get(0));
    assertThat(Files.list(dataDir().resolve("logs").resolve(id)).toList()).hasSize(2);

    // A revision that serves: it takes over the route, and the old one is removed.
    ApiClient.Answer good = api.post("/api/deployments/" + id + "/revisions", spec(name, shared, SERVES_REVISION_TWO, 30));
    assertThat(good.status()).as(good.body().toString()).isEqualTo(202);
    assertThat(good.body().path("revision").asInt()).isEqualTo(3);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      JsonNode now = api.get("/api/deployments/" + id).body();
      assertThat(now.path("revision").asInt()).isEqualTo(3);
      assertThat(now.path("phase").asText()).isEqualTo("RETIRE_REVISION");
      assertThat(hostPorts(now)).hasSize(2);
      assertThat(docker.containersOf(id)).hasSize(2);
    });
    JsonNode v3 = api.get("/api/deployments/" + id).body();
    List<Integer> newPorts = hostPorts(v3);
    assertThat(newPorts).doesNotContainAnyElementsOf(oldPorts);
    assertThat(docker.containersOf(id)).allSatisfy(c -> assertThat(c.getLabels()).containsEntry(Labels.REVISION, "3"));
    for (int port : newPorts) {
      assertThat(get(port)).startsWith("200 ").contains("serving the new revision");
    }
    for (int port : oldPorts) {
      assertThat(get(port)).startsWith("error");
    }
    String route = Files.readString(dataDir().resolve(Naming.routeFileName(id)));
    assertThat(route).contains("127.0.0.1:" + newPorts.get(0)).doesNotContain("127.0.0.1:" + oldPorts.get(0));
    assertThat(v3.path("lastError").isNull() || v3.path("lastError").isMissingNode()).isTrue();

    // Only a RUNNING deployment takes a revision.
    assertThat(api.post("/api/deployments/" + id + "/stop").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> "STOPPED".equals(api.status(id)));
    assertThat(api.post("/api/deployments/" + id + "/revisions", spec(name, shared, null, 30)).status()).isEqualTo(409);

    assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> "DELETED".equals(api.status(id)));
    assertThat(api.post("/api/deployments/" + id + "/purge").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> "PURGED".equals(api.status(id)));
    assertThat(docker.containersOf(id)).isEmpty();
    assertThat(docker.volumesOf(id)).isEmpty();
    assertThat(docker.networksOf(id)).as("the deployment's network").isEmpty();
  }
}
