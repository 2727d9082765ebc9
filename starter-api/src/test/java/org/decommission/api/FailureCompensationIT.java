package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.decommission.domain.Naming;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A deploy that fails at each failure point, and one that is cancelled, leaves nothing labelled
 * with the deployment in Docker, no port allocated, no route file and no work dir; the shared
 * volume stays; the containers' output is archived; the failure is in GET and in the history.
 */
class FailureCompensationIT extends AllInOneContext {
  /** A pool of ten ports, so that a deployment of eleven replicas exhausts it. */
  static final int POOL = 10;

  ApiClient api;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.ports.range", () -> "25000-" + (25000 + POOL - 1));
    registry.add("decommission.delete.stop-grace", () -> "1s");
    // Two tries per delete step, so that a step that keeps failing is reported stuck at once.
    registry.add("decommission.delete.step-attempts", () -> "2");
  }

  @BeforeEach
  void client() throws Exception {
    api = admin();
  }

  static String unique(String base) {
    return base + "-" + Long.toHexString(System.nanoTime()).substring(6);
  }

  /** Posts a test app spec; returns its id. */
  String deploy(String prefix, int replicas, String command, int healthTimeoutSeconds, String shared) {
    docker.trackSharedVolume(shared);
    String spec = ApiClient.spec(unique(prefix), replicas, shared, command)
        .replace("\"timeoutSeconds\": 30", "\"timeoutSeconds\": " + healthTimeoutSeconds);
    ApiClient.Answer created = api.post("/api/deployments", spec);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(202);
    String id = created.text("id");
    docker.track(id);
    return id;
  }

  String deploy(String prefix, int replicas, String command, int healthTimeoutSeconds) {
    return deploy(prefix, replicas, command, healthTimeoutSeconds, unique("cache"));
  }

  JsonNode awaitStatus(String id, String status) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(api.status(id)).isEqualTo(status));
    return api.get("/api/deployments/" + id).body();
  }

  /** The failure is in GET and in the history, and nothing of the attempt is left anywhere. */
  void assertFailedAndNothingLeft(String id, String failedPhase, String failureType, String shared) {
    JsonNode failed = awaitStatus(id, "FAILED");
    assertThat(failed.path("lastError").asText()).startsWith(failedPhase + " failed: ").contains(failureType);
    List<String> reasons = new ArrayList<>();
    failed.path("history").forEach(h -> {
      if ("FAILED".equals(h.path("newStatus").asText()) && !"FAILED".equals(h.path("oldStatus").asText())) {
        reasons.add(h.path("reason").asText());
      }
    });
    assertThat(reasons).singleElement().asString().contains(failureType);
    assertNothingLeft(id, failed);
    if (shared != null) {
      assertThat(docker.volumeExists(Naming.sharedVolumeName(ADMIN, shared))).as("the shared volume stays").isTrue();
    }
  }

  void assertNothingLeft(String id, JsonNode deployment) {
    assertThat(docker.containersOf(id)).as("containers labelled with %s", id).isEmpty();
    assertThat(docker.volumesOf(id)).as("volumes labelled with %s", id).isEmpty();
    assertThat(docker.networksOf(id)).as("networks labelled with %s", id).isEmpty();
    assertThat(deployment.path("ports")).as("port allocations").isEmpty();
    assertThat(deployment.path("replicas")).as("replica rows").isEmpty();
    assertThat(Files.exists(dataDir().resolve(Naming.routeFileName(id)))).as("route file").isFalse();
    assertThat(Files.exists(dataDir().resolve(Naming.workdirName(id)))).as("work dir").isFalse();
  }

  /** The archived output of the attempt's containers, one file per container. */
  List<String> archivedLogs(String id) throws Exception {
    Path dir = dataDir().resolve("logs").resolve(id);
    List<String> logs = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        logs.add(f.getFileName() + ": " + Files.readString(f));
      }
    }
    return logs;
  }

  @Test
  void aMissingImageFailsAtPullImageAndCreatesNothing() {
    String shared = unique("cache");
    docker.trackSharedVolume(shared);
    String spec = ApiClient.spec(unique("noimage"), 1, shared, null).replace("decommission/testapp:local", "decommission/absent:never");
    String id = api.post("/api/deployments", spec).text("id");
    docker.track(id);
    assertFailedAndNothingLeft(id, "PULL_IMAGE", "ImageNotFound", null);
  }

  @Test
  void anExhaustedPortPoolFailsAtAllocatePortsAndTheVolumesMadeForItGo() {
    String shared = unique("cache");
    String id = deploy("exhaust", POOL + 1, null, 30, shared);
    assertFailedAndNothingLeft(id, "ALLOCATE_PORTS", "PortPoolExhausted", shared);
    assertThat(api.get("/api/deployments/" + id).text("lastError")).contains("widen decommission.ports.range");
  }

  @Test
  void aContainerThatCannotStartFailsAtStartAndItsOutputIsArchived() throws Exception {
    String shared = unique("cache");
    String id = deploy("nostart", 2, "[\"/no/such/program\"]", 30, shared);
    assertFailedAndNothingLeft(id, "START", "ContainerStartFailed", shared);
    assertThat(api.get("/api/deployments/" + id).text("lastError")).contains("exited with code 127").contains("/no/such/program");
    assertThat(archivedLogs(id)).hasSize(2).allSatisfy(log -> assertThat(log).contains("/no/such/program"));
  }

  @Test
  void aHealthCheckThatTimesOutFailsAtHealthCheckAndTheReplicasGo() throws Exception {
    String shared = unique("cache");
    String id = deploy("unhealthy", 2, "[\"sh\", \"-c\", \"echo up but not serving on $PORT; exec sleep 600\"]", 2, shared);
    assertFailedAndNothingLeft(id, "HEALTH_CHECK", "HealthCheckFailed", shared);
    assertThat(archivedLogs(id)).hasSize(2).allSatisfy(log -> assertThat(log).contains("up but not serving"));
  }

  @Test
  void aRouteThatCannotBeWrittenFailsAtUpdateRoutesAndEverythingGoes() throws Exception {
    // Something that is not a directory where the routes directory belongs: every write fails.
    Path routes = dataDir().resolve("routes");
    if (Files.isDirectory(routes)) {
      try (var left = Files.list(routes)) {
        assertThat(left).as("no route left by another test").isEmpty();
      }
      Files.delete(routes);
    }
    Files.writeString(routes, "not a directory");
    try {
      String shared = unique("cache");
      String id = deploy("noroute", 1, null, 30, shared);
      assertFailedAndNothingLeft(id, "UPDATE_ROUTES", "IOException", shared);
    } finally {
      Files.delete(routes);
    }
  }

  @Test
  void aDeleteStepThatKeepsFailingIsReportedStuckAndAnAdminsForcedPurgeFinishesIt() throws Exception {
    byte[] secret = java.util.Base64.getDecoder().decode(Files.readString(dataDir().resolve("auth/jwt.secret")).trim());
    ApiClient carol = api.as(org.decommission.api.auth.TokenKeys.hs256(secret).sign("carol", List.of(), Duration.ofMinutes(5)));
    String shared = unique("cache");
    docker.trackSharedVolume(shared);
    String id = carol.post("/api/deployments", ApiClient.spec(unique("stuck"), 1, shared, null)).text("id");
    docker.track(id);
    await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(carol.status(id)));

    // The route file's place is taken by a directory with content: the route cannot be removed.
    Path route = dataDir().resolve(Naming.routeFileName(id));
    Files.delete(route);
    Files.createDirectories(route);
    Files.writeString(route.resolve("in-the-way"), "x");
    try {
      assertThat(carol.delete("/api/deployments/" + id).status()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        JsonNode now = carol.get("/api/deployments/" + id).body();
        assertThat(now.path("stuckAttempts").asInt()).isEqualTo(2);
        assertThat(now.path("lastError").asText()).startsWith("stuck in REMOVE_CONTAINERS after 2 attempt(s)").contains("DirectoryNotEmpty");
      });
      JsonNode stuck = carol.get("/api/deployments/" + id).body();
      assertThat(stuck.path("status").asText()).isEqualTo("DELETING");
      List<String> reasons = new ArrayList<>();
      stuck.path("history").forEach(h -> reasons.add(h.path("reason").asText()));
      assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("stuck: ").contains("purge?force=true"));

      // Only an admin may force; a plain purge is refused while the delete is stuck.
      assertThat(carol.post("/api/deployments/" + id + "/purge?force=true").status()).isEqualTo(403);
      assertThat(carol.post("/api/deployments/" + id + "/purge").status()).isEqualTo(409);
      ApiClient.Answer forced = api.post("/api/deployments/" + id + "/purge?force=true&reason=route+dir+broken");
      assertThat(forced.status()).as(forced.body().toString()).isEqualTo(202);
      JsonNode purged = awaitStatus(id, "PURGED");
      assertThat(purged.path("stuckAttempts").isNull() || purged.path("stuckAttempts").isMissingNode()).isTrue();

      JsonNode receipt = api.get("/api/deployments/" + id + "/receipt").body();
      List<JsonNode> routeLines = new ArrayList<>();
      receipt.path("items").forEach(i -> {
        if ("ROUTE".equals(i.path("kind").asText())) {
          routeLines.add(i);
        }
      });
      assertThat(routeLines).singleElement().satisfies(line -> {
        assertThat(line.path("outcome").asText()).isEqualTo("FAILED");
        assertThat(line.path("detail").asText()).startsWith("left behind by a forced purge");
      });
      // The delete removed the container before it got stuck on the route: the receipt says so.
      List<String> containerOutcomes = new ArrayList<>();
      receipt.path("items").forEach(i -> {
        if ("CONTAINER".equals(i.path("kind").asText())) {
          containerOutcomes.add(i.path("outcome").asText());
        }
      });
      assertThat(containerOutcomes).containsExactly("REMOVED");
      assertThat(docker.containersOf(id)).isEmpty();
      assertThat(docker.volumesOf(id)).isEmpty();
      assertThat(docker.networksOf(id)).as("the deployment's network").isEmpty();
    } finally {
      Files.deleteIfExists(route.resolve("in-the-way"));
      Files.deleteIfExists(route);
    }
  }

  @Test
  void cancelMidDeployRemovesWhatTheAttemptCreatedAndEndsCancelled() throws Exception {
    String shared = unique("cache");
    String id = deploy("cancel", 2, "[\"sh\", \"-c\", \"echo waiting; exec sleep 600\"]", 60, shared);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.get("/api/deployments/" + id).text("phase")).isEqualTo("HEALTH_CHECK"));
    assertThat(docker.containersOf(id)).hasSize(2);

    ApiClient.Answer cancelled = api.post("/api/deployments/" + id + "/cancel?reason=wrong+config");
    assertThat(cancelled.status()).as(cancelled.body().toString()).isEqualTo(202);
    assertThat(cancelled.text("expected")).isEqualTo("CANCELLED");
    JsonNode after = awaitStatus(id, "CANCELLED");
    assertNothingLeft(id, after);
    assertThat(docker.volumeExists(Naming.sharedVolumeName(ADMIN, shared))).isTrue();
    assertThat(archivedLogs(id)).hasSize(2);

    ApiClient.Answer again = api.post("/api/deployments/" + id + "/cancel");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().path("detail").asText()).contains("CANCELLED");
    // A cancelled deployment can be started again, and deleted.
    assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
    awaitStatus(id, "DELETED");
  }
}
