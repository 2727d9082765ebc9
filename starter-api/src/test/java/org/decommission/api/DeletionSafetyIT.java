package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.decommission.domain.Naming;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Deletion protection, the stop grace of one delete, and bulk delete. */
class DeletionSafetyIT extends AllInOneContext {
  static final String IGNORES_SIGTERM = "[\"sh\", \"-c\", \"trap '' TERM; exec httpd -f -p $PORT -h /www\"]";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.delete.stop-grace", () -> "10s");
    registry.add("decommission.ports.range", () -> "28000-28499");
  }

  String create(ApiClient api, String prefix, String command, boolean protectedFromDeletion) {
    String shared = prefix + "-" + docker.runId();
    docker.trackSharedVolume(shared);
    String spec = ApiClient.spec(prefix + "-" + docker.runId().substring(8), 1, shared, command);
    if (protectedFromDeletion) {
      spec = spec.replaceFirst("\\{", "{\"deletionProtection\": true, ");
    }
    ApiClient.Answer created = api.post("/api/deployments", spec);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(202);
    docker.track(created.text("id"));
    return created.text("id");
  }

  static void awaitStatus(ApiClient api, String id, String status) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(api.status(id)).isEqualTo(status));
  }

  @Test
  void aProtectedDeploymentIsNeitherDeletedNorChangedUntilProtectionIsOff() throws Exception {
    ApiClient api = admin();
    String id = create(api, "guarded", null, true);
    awaitStatus(api, id, "RUNNING");
    assertThat(api.get("/api/deployments/" + id).body().path("deletionProtection").asBoolean()).isTrue();

    ApiClient.Answer refused = api.delete("/api/deployments/" + id);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.text("title")).isEqualTo("Deletion protection on");
    assertThat(refused.text("detail")).contains("deletion-protection");
    JsonNode bulk = api.post("/api/deployments/bulk-delete", "{\"ids\": [\"" + id + "\"]}").body();
    assertThat(bulk.path("results").get(0).path("status").asInt()).isEqualTo(409);
    assertThat(api.status(id)).isEqualTo("RUNNING");
    assertThat(docker.containersOf(id)).singleElement().satisfies(c -> assertThat(c.getState()).isEqualTo("running"));

    assertThat(api.put("/api/deployments/" + id + "/deletion-protection", "{}").status()).isEqualTo(400);
    ApiClient.Answer off = api.put("/api/deployments/" + id + "/deletion-protection", "{\"enabled\": false}");
    assertThat(off.status()).isEqualTo(200);
    assertThat(off.body().path("deletionProtection").asBoolean()).isFalse();
    assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
    awaitStatus(api, id, "DELETED");
    assertThat(api.put("/api/deployments/" + id + "/deletion-protection", "{\"enabled\": true}").status())
        .as("a deleted deployment's purge is already scheduled").isEqualTo(409);
  }

  @Test
  void forceKillsAtOnceAndAGraceIsWaitedOut() throws Exception {
    ApiClient api = admin();
    String forced = create(api, "forced", IGNORES_SIGTERM, false);
    String graced = create(api, "graced", IGNORES_SIGTERM, false);
    awaitStatus(api, forced, "RUNNING");
    awaitStatus(api, graced, "RUNNING");
    assertThat(api.delete("/api/deployments/" + graced + "?grace=banana").status()).isEqualTo(400);
    assertThat(api.delete("/api/deployments/" + graced + "?grace=11m").status()).isEqualTo(400);

    long start = System.nanoTime();
    assertThat(api.delete("/api/deployments/" + forced + "?force=true").status()).isEqualTo(202);
    awaitStatus(api, forced, "DELETED");
    Duration forcedTook = Duration.ofNanos(System.nanoTime() - start);
    // The replica ignores SIGTERM: only a kill stops it, at once with force, after the grace otherwise.
    assertThat(forcedTook).isLessThan(Duration.ofSeconds(8));

    start = System.nanoTime();
    assertThat(api.delete("/api/deployments/" + graced + "?grace=3s").status()).isEqualTo(202);
    awaitStatus(api, graced, "DELETED");
    Duration gracedTook = Duration.ofNanos(System.nanoTime() - start);
    assertThat(gracedTook).isGreaterThanOrEqualTo(Duration.ofMillis(2900)).isLessThan(Duration.ofSeconds(9));
    assertThat(docker.containersOf(forced)).isEmpty();
    assertThat(docker.containersOf(graced)).isEmpty();
  }

  @Test
  void aBulkDeleteAnswersForEachIdOnItsOwn() throws Exception {
    ApiClient api = admin();
    ApiClient bob = api.as(userToken("bob", Duration.ofMinutes(5)));
    String one = create(api, "bulk-a", null, false);
    String two = create(api, "bulk-b", null, false);
    String bobs = create(bob, "bulk-bob", null, false);
    awaitStatus(api, one, "RUNNING");
    awaitStatus(api, two, "RUNNING");
    awaitStatus(bob, bobs, "RUNNING");
    api.delete("/api/deployments/" + two);
    awaitStatus(api, two, "DELETED");
    String unknown = UUID.randomUUID().toString();

    // bob asks to delete the admin's deployment among others: he cannot see it.
    ApiClient.Answer answer = bob.post("/api/deployments/bulk-delete",
        "{\"ids\": [\"" + one + "\", \"" + bobs + "\", \"" + unknown + "\", \"not-a-uuid\"]}");
    assertThat(answer.status()).isEqualTo(200);
    Map<String, Integer> byId = new HashMap<>();
    answer.body().path("results").forEach(r -> byId.put(r.path("id").asText(), r.path("status").asInt()));
    assertThat(byId).containsEntry(one, 404).containsEntry(bobs, 202).containsEntry(unknown, 404).containsEntry("not-a-uuid", 400);
    awaitStatus(bob, bobs, "DELETED");
    assertThat(api.status(one)).isEqualTo("RUNNING");

    ApiClient.Answer mine = api.post("/api/deployments/bulk-delete", "{\"ids\": [\"" + one + "\", \"" + two + "\"]}");
    byId.clear();
    mine.body().path("results").forEach(r -> byId.put(r.path("id").asText(), r.path("status").asInt()));
    assertThat(byId).containsEntry(one, 202).containsEntry(two, 409);
    awaitStatus(api, one, "DELETED");
    assertThat(api.post("/api/deployments/bulk-delete", "{\"ids\": []}").status()).isEqualTo(400);
  }

  @Test
  void aRepeatWithTheSameIdempotencyKeyGetsTheFirstAnswerAndDoesNothingNew() throws Exception {
    ApiClient api = admin();
    String shared = "idem-" + docker.runId();
    docker.trackSharedVolume(shared);
    String name = "idem-" + docker.runId().substring(8);
    String spec = ApiClient.spec(name, 1, shared, null);
    String key = "create-" + docker.runId();

    ApiClient.Answer first = api.withHeader("Idempotency-Key", key).post("/api/deployments", spec);
    assertThat(first.status()).isEqualTo(202);
    String id = first.text("id");
    docker.track(id);
    ApiClient.Answer again = api.withHeader("Idempotency-Key", key).post("/api/deployments", spec);
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.text("id")).isEqualTo(id);
    assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
    long named = java.util.stream.StreamSupport.stream(api.get("/api/deployments").body().spliterator(), false)
        .filter(d -> d.path("name").asText().equals(name)).count();
    assertThat(named).as("one deployment, not two").isEqualTo(1);

    ApiClient.Answer reused = api.withHeader("Idempotency-Key", key).post("/api/deployments", ApiClient.spec(name + "x", 1, shared, null));
    assertThat(reused.status()).isEqualTo(422);
    String badKey = "bad-" + docker.runId();
    assertThat(api.withHeader("Idempotency-Key", badKey).post("/api/deployments", "{\"name\": \"BAD\"}").status()).isEqualTo(400);
    ApiClient.Answer badAgain = api.withHeader("Idempotency-Key", badKey).post("/api/deployments", "{\"name\": \"BAD\"}");
    assertThat(badAgain.status()).isEqualTo(400);
    assertThat(badAgain.raw().headers().firstValue("Idempotent-Replayed")).contains("true");

    awaitStatus(api, id, "RUNNING");
    String deleteKey = "delete-" + docker.runId();
    assertThat(api.withHeader("Idempotency-Key", deleteKey).delete("/api/deployments/" + id).status()).isEqualTo(202);
    awaitStatus(api, id, "DELETED");
    ApiClient.Answer deleteAgain = api.withHeader("Idempotency-Key", deleteKey).delete("/api/deployments/" + id);
    assertThat(deleteAgain.status()).as("the first answer, not 409").isEqualTo(202);
    assertThat(deleteAgain.text("operation")).isEqualTo("DELETE");
    assertThat(api.delete("/api/deployments/" + id).status()).as("without the key: already deleted").isEqualTo(409);
    assertThat(api.status(id)).isEqualTo("DELETED");
  }

  static String volumesSpec(String name, String shared) {
    return """
        {"name": "%s", "image": "decommission/testapp:local", "replicas": 1,
         "ports": [{"name": "http", "containerPort": 8080}],
         "volumes": [{"name": "data", "mountPath": "/data", "onDelete": "SNAPSHOT"},
                     {"name": "keep", "mountPath": "/keep", "onDelete": "RETAIN"},
                     {"name": "scratch", "mountPath": "/scratch"},
                     {"name": "%s", "mountPath": "/cache", "scope": "SHARED"}],
         "command": ["sh", "-c", "echo from-the-app > /data/state.txt && exec httpd -f -p $PORT -h /www"],
         "healthCheck": {"type": "HTTP", "port": "http", "path": "/", "timeoutSeconds": 30}}
        """.formatted(name, shared);
  }

  Map<String, String> outcomes(ApiClient api, String id) {
    Map<String, String> lines = new HashMap<>();
    api.get("/api/deployments/" + id + "/receipt").body().path("items")
        .forEach(i -> lines.put(i.path("name").asText(), i.path("outcome").asText() + " " + i.path("detail").asText()));
    return lines;
  }

  @Test
  void eachVolumeGoesByItsPolicyAndTheSnapshotHoldsWhatTheAppWrote() throws Exception {
    ApiClient api = admin();
    String shared = "pol-" + docker.runId();
    docker.trackSharedVolume(shared);
    String id = api.post("/api/deployments", volumesSpec("pol-" + docker.runId().substring(8), shared)).text("id");
    docker.track(id);
    awaitStatus(api, id, "RUNNING");
    Map<String, String> planned = new HashMap<>();
    api.get("/api/deployments/" + id + "/deletion-plan").body().path("items")
        .forEach(i -> planned.put(i.path("name").asText(), i.path("action").asText()));
    assertThat(planned)
        .containsEntry(Naming.scopedVolumeName(id, "data"), "SNAPSHOT")
        .containsEntry(Naming.scopedVolumeName(id, "keep"), "RETAIN")
        .containsEntry(Naming.scopedVolumeName(id, "scratch"), "REMOVE")
        .containsEntry(Naming.sharedVolumeName(ADMIN, shared), "RETAIN");

    api.delete("/api/deployments/" + id);
    awaitStatus(api, id, "DELETED");
    api.post("/api/deployments/" + id + "/purge");
    awaitStatus(api, id, "PURGED");

    java.nio.file.Path archive = dataDir().resolve("snapshots").resolve(id).resolve(Naming.scopedVolumeName(id, "data") + ".tar.gz");
    Map<String, String> receipt = outcomes(api, id);
    assertThat(receipt.get(Naming.scopedVolumeName(id, "data"))).startsWith("SNAPSHOTTED").contains(archive.toString());
    assertThat(receipt.get(Naming.scopedVolumeName(id, "keep"))).startsWith("RETAINED_BY_POLICY");
    assertThat(receipt.get(Naming.scopedVolumeName(id, "scratch"))).startsWith("REMOVED");
    assertThat(docker.volumeExists(Naming.scopedVolumeName(id, "data"))).isFalse();
    assertThat(docker.volumeExists(Naming.scopedVolumeName(id, "keep"))).isTrue();
    // The owner lists the snapshot and downloads it through the API; no one else sees it.
    String volume = Naming.scopedVolumeName(id, "data");
    JsonNode listing = api.get("/api/deployments/" + id + "/snapshots").body();
    assertThat(listing.path("retention").asText()).isEqualTo("PT720H");
    assertThat(listing.path("snapshots")).singleElement().satisfies(snapshot -> {
      assertThat(snapshot.path("volume").asText()).isEqualTo(volume);
      assertThat(snapshot.path("bytes").asLong()).isEqualTo(Files.size(archive));
      assertThat(snapshot.path("download").asText()).isEqualTo("/api/deployments/" + id + "/snapshots/" + volume);
    });
    var download = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/deployments/" + id + "/snapshots/" + volume))
            .header("Authorization", "Bearer " + Files.readString(dataDir().resolve("admin.token")).trim()).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Type")).contains("application/gzip");
    assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains(volume + ".tar.gz"));
    String content;
    try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(download.body())))) {
      var entry = tar.getNextEntry();
      while (entry != null && !entry.getName().endsWith("state.txt")) {
        entry = tar.getNextEntry();
      }
      assertThat(entry).as("state.txt in the archive").isNotNull();
      content = new String(tar.readAllBytes()).trim();
    }
    assertThat(content).isEqualTo("from-the-app");
    ApiClient.Answer missing = api.get("/api/deployments/" + id + "/snapshots/" + Naming.scopedVolumeName(id, "scratch"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.text("detail")).contains("no snapshot of volume");
    assertThat(api.get("/api/deployments/" + id + "/snapshots/..%2F..%2Fadmin.token").status()).isIn(400, 404);
    ApiClient bob = api.as(userToken("bob", Duration.ofMinutes(5)));
    assertThat(bob.get("/api/deployments/" + id + "/snapshots").status()).isEqualTo(404);
    assertThat(bob.get("/api/deployments/" + id + "/snapshots/" + volume).status()).isEqualTo(404);
  }

  @Test
  void aPurgeThatKeepsDataLeavesEveryDataVolume() throws Exception {
    ApiClient api = admin();
    String shared = "kd-" + docker.runId();
    docker.trackSharedVolume(shared);
    String id = api.post("/api/deployments", volumesSpec("kd-" + docker.runId().substring(8), shared)).text("id");
    docker.track(id);
    awaitStatus(api, id, "RUNNING");
    api.delete("/api/deployments/" + id);
    awaitStatus(api, id, "DELETED");
    assertThat(api.post("/api/deployments/" + id + "/purge?keepData=true").status()).isEqualTo(202);
    awaitStatus(api, id, "PURGED");
    Map<String, String> receipt = outcomes(api, id);
    for (String volume : List.of("data", "keep", "scratch")) {
      String name = Naming.scopedVolumeName(id, volume);
      assertThat(docker.volumeExists(name)).as(name).isTrue();
      assertThat(receipt.get(name)).startsWith("RETAINED_BY_POLICY").contains("keepData");
    }
    assertThat(dataDir().resolve("snapshots").resolve(id)).doesNotExist();
  }
}
