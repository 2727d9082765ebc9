package org.decommission.api;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.decommission.domain.Naming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Benchmark, not a test: it prints figures. The all-in-one with its Docker event listener; a
 * replica is stopped and started by hand {@code SAMPLES} times, and each time the delay from the
 * Docker command's return to the status change (seen by polling GET every 5 ms) is noted.
 * Run by {@code scripts/benchmark-reconcile.sh}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class DriftBenchmark extends AllInOneContext {
  static final int SAMPLES = Integer.getInteger("samples", 40);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.ports.range", () -> "21500-21999");
  }

  long millisUntil(ApiClient api, String id, String status) {
    long start = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> status.equals(api.status(id)));
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void driftLatency() throws Exception {
    ApiClient api = admin();
    String shared = "bench-" + docker.runId();
    docker.trackSharedVolume(shared);
    String id = api.post("/api/deployments", ApiClient.spec("drift-bench-" + docker.runId().substring(8), 1, shared, null)).text("id");
    docker.track(id);
    await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(api.status(id)));
    String container = docker.containersOf(id).get(0).getId();
    List<Long> samples = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      if (i % 2 == 0) {
        docker.client().stopContainerCmd(container).withTimeout(0).exec();
        samples.add(millisUntil(api, id, "STOPPED"));
      } else {
        docker.client().startContainerCmd(container).exec();
        samples.add(millisUntil(api, id, "RUNNING"));
      }
    }
    List<Long> sorted = samples.stream().sorted().toList();
    System.out.printf("[bench] drift latency over %d stop/start samples: p50 %d ms, p95 %d ms, max %d ms (goal p95 <= 1000 ms)%n",
        SAMPLES, sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1), sorted.get(sorted.size() - 1));
    api.delete("/api/deployments/" + id);
    await().atMost(Duration.ofSeconds(30)).until(() -> "DELETED".equals(api.status(id)));
    api.post("/api/deployments/" + id + "/purge");
    await().atMost(Duration.ofSeconds(30)).until(() -> "PURGED".equals(api.status(id)));
  }
}
