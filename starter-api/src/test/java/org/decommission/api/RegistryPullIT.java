package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.decommission.testsupport.LocalRegistry;
import org.decommission.testsupport.Ports;
import org.decommission.testsupport.TestDocker;
import org.decommission.testsupport.ThrottledProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Deploy, delete and purge with images pulled from a real registry (Debian's docker-registry,
 * htpasswd auth) on 127.0.0.1: the purge removes what this installation pulled once no other
 * deployment uses it; a slow pull outlasts the heartbeat timeout and shows its progress; each
 * refusal fails the way it should, fast or after retries.
 */
class RegistryPullIT extends AllInOneContext {
  /** About 1 MB of layer at this rate: some 18 s, longer than the 10 s heartbeat timeout. */
  static final int SLOW_BYTES_PER_SECOND = 60_000;
  static LocalRegistry registry;
  static ThrottledProxy slow;
  ApiClient api;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry properties) {
    registry = new LocalRegistry();
    slow = new ThrottledProxy(registry.port(), SLOW_BYTES_PER_SECOND);
    properties.add("decommission.ports.range", () -> "22600-22699");
    properties.add("decommission.delete.stop-grace", () -> "1s");
    for (String host : List.of(registry.host(), "127.0.0.1:" + slow.port())) {
      properties.add("decommission.registries[" + host + "].username", () -> LocalRegistry.USER);
      properties.add("decommission.registries[" + host + "].password", registry::password);
    }
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    slow.close();
    registry.close();
  }

  @BeforeEach
  void client() throws Exception {
    api = admin();
  }

  /** An image of its own in the registry, none of it on the host. */
  List<String> push(String repository, int randomBytes, String... tags) {
    List<String> refs = registry.pushNew(docker.client(), repository, randomBytes, tags);
    refs.forEach(docker::trackImage);
    return refs;
  }

  String deploy(String name, String image) {
    ApiClient.Answer created = api.post("/api/deployments", ResourcesIT.spec(name, 1, image, null));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(202);
    docker.track(created.text("id"));
    return created.text("id");
  }

  String awaitFinal(String id, Duration atMost) {
    await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> List.of("RUNNING", "FAILED").contains(api.status(id)));
    return api.status(id);
  }

  void deleteAndPurge(String id) {
    assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(60)).until(() -> api.status(id).equals("DELETED"));
    assertThat(api.post("/api/deployments/" + id + "/purge").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(60)).until(() -> api.status(id).equals("PURGED"));
  }

  JsonNode imageLine(String id) {
    for (JsonNode item : api.get("/api/deployments/" + id + "/receipt").body().path("items")) {
      if (item.path("kind").asText().equals("IMAGE")) {
        return item;
      }
    }
    throw new AssertionError("no IMAGE line in the receipt of " + id);
  }

  boolean onHost(String ref) {
    return docker.client().listImagesCmd().exec().stream()
        .anyMatch(i -> i.getRepoTags() != null && List.of(i.getRepoTags()).contains(ref));
  }

  @Test
  void thePurgeRemovesThePulledImageWithTheLastDeploymentThatUsesItAndNothingElse() {
    String ref = push("dcm-it/shared-" + docker.runId(), 64 * 1024, "v1").get(0);
    assertThat(onHost(ref)).as("removed locally after the push").isFalse();
    String a = deploy("pull-a-" + docker.runId(), ref);
    assertThat(awaitFinal(a, Duration.ofSeconds(90))).as(api.get("/api/deployments/" + a).text("lastError")).isEqualTo("RUNNING");
    assertThat(onHost(ref)).as("pulled with the configured credentials").isTrue();
    String bName = "pull-b-" + docker.runId();
    String b = deploy(bName, ref);
    assertThat(awaitFinal(b, Duration.ofSeconds(60))).isEqualTo("RUNNING");

    deleteAndPurge(a);
    JsonNode kept = imageLine(a);
    assertThat(kept.path("outcome").asText()).isEqualTo("RETAINED_BY_POLICY");
    assertThat(kept.path("detail").asText()).startsWith("in use by " + bName + " (" + b);
    assertThat(onHost(ref)).isTrue();

    deleteAndPurge(b);
    JsonNode removed = imageLine(b);
    assertThat(removed.path("outcome").asText()).as(removed.toString()).isEqualTo("REMOVED");
    assertThat(removed.path("name").asText()).isEqualTo(ref);
    assertThat(onHost(ref)).as("b did not pull it, but this installation did and no one uses it now").isFalse();
    assertThat(docker.client().listImagesCmd().withLabelFilter(Map.of(TestDocker.TEST_LABEL, "registry")).exec())
        .as("the image itself is gone, not only its tag").noneMatch(i -> i.getRepoTags() == null || List.of(i.getRepoTags()).isEmpty()
            || i.getRepoDigests() != null && List.of(i.getRepoDigests()).stream().anyMatch(d -> d.startsWith(registry.host() + "/dcm-it/shared-")));
    assertThat(onHost(TestDocker.IMAGE)).as("the image it was pushed from was on the host before: never ours").isTrue();
  }

  @Test
  void aReferenceWithoutATagPullsLatestAlone() {
    String repository = "dcm-it/untagged-" + docker.runId();
    List<String> refs = push(repository, 64 * 1024, "latest", "other");
    String latest = refs.get(0);
    String other = refs.get(1);
    String id = deploy("untagged-" + docker.runId(), registry.host() + "/" + repository);
    assertThat(api.get("/api/deployments/" + id).body().path("spec").path("image").asText()).isEqualTo(latest);
    assertThat(awaitFinal(id, Duration.ofSeconds(90))).isEqualTo("RUNNING");
    assertThat(onHost(latest)).isTrue();
    assertThat(onHost(other)).as("only the tag the reference means").isFalse();
    deleteAndPurge(id);
    assertThat(imageLine(id).path("outcome").asText()).isEqualTo("REMOVED");
  }

  @Test
  void aSlowPullOutlastsTheHeartbeatTimeoutAndShowsItsProgress() throws Exception {
    push("dcm-it/slow-" + docker.runId(), 1_000_000, "v1");
    String ref = "127.0.0.1:" + slow.port() + "/dcm-it/slow-" + docker.runId() + ":v1";
    docker.trackImage(ref);
    String token = Files.readString(dataDir().resolve("admin.token")).trim();
    EventStreamIT.Listener events = new EventStreamIT.Listener("http://127.0.0.1:" + port + "/api/events", token, null);
    Instant start = Instant.now();
    String id = deploy("slow-" + docker.runId(), ref);

    List<Integer> seenByGet = new ArrayList<>();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
      JsonNode now = api.get("/api/deployments/" + id).body();
      if (now.path("phase").asText().equals("PULL_IMAGE") && now.path("pullProgress").has("percent")) {
        seenByGet.add(now.path("pullProgress").path("percent").asInt());
      }
      return List.of("RUNNING", "FAILED").contains(now.path("status").asText());
    });
    Duration took = Duration.between(start, Instant.now());
    assertThat(api.status(id)).as(api.get("/api/deployments/" + id).text("lastError")).isEqualTo("RUNNING");
    assertThat(took).as("the pull outlasted the heartbeat timeout").isGreaterThan(Duration.ofSeconds(12));
    assertThat(seenByGet).as("GET while PULL_IMAGE ran").isNotEmpty();

    await().atMost(Duration.ofSeconds(5)).until(() -> events.events().stream().anyMatch(e -> e.name().equals("deployment-running")
        && e.data().path("deploymentId").asText().equals(id)));
    List<JsonNode> progress = events.events().stream()
        .filter(e -> e.name().equals("deployment-progress") && e.data().path("deploymentId").asText().equals(id))
        .map(e -> e.data().path("progress")).toList();
    assertThat(progress).as("a progress event about every second").hasSizeGreaterThan(5);
    List<Integer> percents = progress.stream().map(p -> p.path("percent").asInt()).toList();
    assertThat(percents).isSorted().last().isEqualTo(100);
    assertThat(progress.get(progress.size() / 2).path("bytes").asLong()).isPositive().isLessThan(progress.get(progress.size() - 1).path("bytes").asLong());
    assertThat(api.get("/api/deployments/" + id).body().path("history").toString()).as("progress is not part of the audit trail")
        .doesNotContain("PROGRESS").doesNotContain("layer(s)");
    assertThat(api.get("/api/deployments/" + id).body().path("pullProgress").isNull()).as("no progress once the pull is over").isTrue();
  }

  @Test
  void aMissingImageAndRefusedCredentialsFailAtOnceAnUnreachableRegistryAfterItsRetries() {
    String missing = deploy("missing-" + docker.runId(), registry.host() + "/dcm-it/absent-" + docker.runId() + ":v1");
    String refused = deploy("refused-" + docker.runId(),
        "localhost:" + registry.port() + "/dcm-it/absent-" + docker.runId() + ":v1");
    int closed = Ports.free();
    Instant start = Instant.now();
    String unreachable = deploy("unreachable-" + docker.runId(), "127.0.0.1:" + closed + "/dcm-it/app:v1");
    for (String id : List.of(missing, refused, unreachable)) {
      assertThat(awaitFinal(id, Duration.ofSeconds(90))).isEqualTo("FAILED");
    }
    Map<String, String> errors = Map.of(
        "missing", api.get("/api/deployments/" + missing).text("lastError"),
        "refused", api.get("/api/deployments/" + refused).text("lastError"),
        "unreachable", api.get("/api/deployments/" + unreachable).text("lastError"));
    assertThat(errors.get("missing")).startsWith("PULL_IMAGE failed: ").contains("ImageNotFound").contains("is not in registry " + registry.host());
    assertThat(errors.get("refused")).contains("RegistryAuthFailed").contains("decommission.registries[localhost:" + registry.port() + "]");
    assertThat(errors.get("unreachable")).contains("connection refused").contains("failed on attempt 5").contains("retried with backoff");
    assertThat(Duration.between(start, Instant.now())).as("five attempts with backoff").isGreaterThan(Duration.ofSeconds(5));
    assertThat(errors.values()).allSatisfy(e -> assertThat(e).doesNotContain(registry.password()));
    JsonNode settings = api.get("/api/system/settings").body();
    assertThat(settings.path("registriesWithCredentials").toString()).contains(registry.host());
    assertThat(settings.toString()).as("credentials are never shown").doesNotContain(registry.password());
    assertThat(api.get("/api/deployments/" + missing).body().toString()).doesNotContain(registry.password());
  }
}
