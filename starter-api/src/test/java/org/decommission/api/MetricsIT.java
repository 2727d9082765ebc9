package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code /actuator/prometheus} after a lifecycle: the counters, timers and gauges of what the
 * pipeline did, the Temporal SDK's own series, and the endpoint for admins alone.
 */
class MetricsIT extends AllInOneContext {
  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.ports.range", () -> "22800-22899");
    registry.add("decommission.delete.stop-grace", () -> "1s");
  }

  static double value(String scrape, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  @Test
  void aLifecycleShowsInTheMetricsAndOnlyAnAdminReadsThem() throws Exception {
    ApiClient api = admin();
    String id = api.post("/api/deployments", ResourcesIT.spec("metrics-" + docker.runId(), 1, "decommission/testapp:local", null)).text("id");
    docker.track(id);
    String failed = api.post("/api/deployments", ResourcesIT.spec("metrics-bad-" + docker.runId(), 1, "decommission/absent:never", null)).text("id");
    docker.track(failed);
    await().atMost(Duration.ofSeconds(60)).until(() -> api.status(id).equals("RUNNING") && api.status(failed).equals("FAILED"));
    assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(60)).until(() -> api.status(id).equals("DELETED"));
    assertThat(api.post("/api/deployments/" + id + "/purge").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(60)).until(() -> api.status(id).equals("PURGED"));
    assertThat(api.post("/api/system/cleanup/run").status()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      String scrape = api.getText("/actuator/prometheus").body();
      assertThat(value(scrape, "decommission_deploys_total{outcome=\"running\"}")).isGreaterThanOrEqualTo(1);
      assertThat(value(scrape, "decommission_deploys_total{outcome=\"failed\"}")).isGreaterThanOrEqualTo(1);
      assertThat(value(scrape, "decommission_failures_total{type=\"ImageNotFound\"}")).isGreaterThanOrEqualTo(1);
      assertThat(value(scrape, "decommission_deletes_total")).isGreaterThanOrEqualTo(1);
      assertThat(value(scrape, "decommission_purges_total")).isGreaterThanOrEqualTo(1);
      assertThat(value(scrape, "decommission_delete_duration_seconds_count")).isGreaterThanOrEqualTo(1);
      assertThat(value(scrape, "decommission_purge_duration_seconds_count")).isGreaterThanOrEqualTo(1);
      assertThat(scrape).contains("decommission_delete_duration_seconds_bucket{le=");
      assertThat(value(scrape, "decommission_deployments{status=\"PURGED\"}")).isGreaterThanOrEqualTo(1);
      assertThat(value(scrape, "decommission_deployments{status=\"FAILED\"}")).isGreaterThanOrEqualTo(1);
      assertThat(value(scrape, "decommission_sweep_actions_total{kind=\"orphan\"}")).isGreaterThanOrEqualTo(0);
      assertThat(value(scrape, "decommission_event_streams_open")).isGreaterThanOrEqualTo(0);
      assertThat(scrape).as("the Temporal SDK's own series").containsPattern("(?m)^temporal_\\w+");
    });

    ApiClient bob = api.as(userToken("bob", Duration.ofMinutes(5)));
    assertThat(bob.getText("/actuator/prometheus").statusCode()).isEqualTo(403);
    assertThat(api.as("not-a-token").getText("/actuator/prometheus").statusCode()).isEqualTo(401);
  }
}
