package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.decommission.domain.Naming;
import org.decommission.testsupport.TestDocker;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With a short retention the durable timer purges a deleted deployment by itself, on time. */
class TimedPurgeIT extends AllInOneContext {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.delete.retention", () -> "4s");
    registry.add("decommission.ports.range", () -> "30500-30999");
  }

  @Test
  void theRetentionTimerPurgesAtPurgeAfterAndNotBefore() throws Exception {
    ApiClient api = admin();
    String shared = "timer-" + docker.runId();
    docker.trackSharedVolume(shared);
    String id = api.post("/api/deployments", ApiClient.spec("timer-" + docker.runId().substring(6), 1, shared, null)).text("id");
    docker.track(id);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.status(id)).isEqualTo("RUNNING"));
    api.delete("/api/deployments/" + id);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.status(id)).isEqualTo("DELETED"));
    Instant purgeAfter = Instant.parse(api.get("/api/deployments/" + id).text("purgeAfter"));

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(api.status(id)).isEqualTo("PURGED"));
    var receipt = api.get("/api/deployments/" + id + "/receipt").body();
    Instant completed = Instant.parse(receipt.path("completedAt").asText());
    assertThat(completed).isAfterOrEqualTo(purgeAfter).isBefore(purgeAfter.plusSeconds(10));
    assertThat(docker.volumesOf(id)).isEmpty();
    assertThat(docker.networksOf(id)).as("the deployment's network").isEmpty();
    var history = api.get("/api/deployments/" + id).body().path("history");
    assertThat(history.get(history.size() - 1).path("reason").asText()).isEqualTo("retention elapsed");
    assertThat(history.get(history.size() - 1).path("actor").asText()).isEqualTo("system");
  }
}
