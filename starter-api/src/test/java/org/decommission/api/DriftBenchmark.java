package org.decommission.api;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.decommission.testsupport.TestDocker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Benchmark, not a test: it prints figures. The all-in-one with its Docker event listener; a
 * replica of a one-replica deployment is stopped and started by hand, and each time the delay
 * from the Docker command's return to the status change arriving on the deployment's event stream
 * (SSE) is noted, with the part of it spent before the {@code status_history} row was written.
 * First {@code SAMPLES} samples on an idle program, then samples taken while a deployment of
 * {@code LOAD_REPLICAS} replicas is deleted and purged ({@code LOAD_CYCLES} deploys, each deleted
 * with its purge queued behind the delete; every sample begun before it is PURGED counts).
 * Run by {@code scripts/benchmark-reconcile.sh}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class DriftBenchmark extends AllInOneContext {
  static final int SAMPLES = Integer.getInteger("samples", 40);
  static final int LOAD_CYCLES = Integer.getInteger("load.cycles", 3);
  static final int LOAD_REPLICAS = Integer.getInteger("load.replicas", 50);
  static final long IDLE_GOAL_MS = 1000;
  static final long LOAD_GOAL_MS = 200;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.ports.range", () -> "21500-21999");
    // As the delete benchmark: the default grace, a purge that is always the one requested.
    registry.add("decommission.delete.stop-grace", () -> "10s");
    registry.add("decommission.delete.retention", () -> "1h");
  }

  /** One sample: from the Docker command's return to the status row, and to the event on the stream. */
  record Sample(long toRow, long toStream) {}

  @AfterEach
  void removeWhatItMade() {
    docker.cleanUp();
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
    String token = Files.readString(dataDir().resolve("admin.token")).trim();
    EventStreamIT.Listener stream = new EventStreamIT.Listener("http://127.0.0.1:" + port + "/api/deployments/" + id + "/events", token, null);
    Drifter drifter = new Drifter(container, stream);

    List<Sample> idle = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      idle.add(drifter.next());
    }
    say("idle: %s", summary(idle));

    List<Sample> loaded = new ArrayList<>();
    for (int cycle = 1; cycle <= LOAD_CYCLES; cycle++) {
      String load = deployLoad(api, cycle);
      int before = loaded.size();
      Instant requested = Instant.now();
      api.delete("/api/deployments/" + load);
      api.post("/api/deployments/" + load + "/purge");
      // Every sample begun before the load is PURGED counts, also one that ends after: a drift
      // that waits for the delete to end is what this measures.
      while (!"PURGED".equals(api.status(load))) {
        loaded.add(drifter.next());
      }
      say("load %d/%d: %d replicas deleted and purged in %.1f s, %d samples taken meanwhile", cycle, LOAD_CYCLES, LOAD_REPLICAS,
          Duration.between(requested, Instant.now()).toMillis() / 1000.0, loaded.size() - before);
    }

    say("==================== drift latency (Docker command -> status event on the SSE stream) ====================");
    say("machine: %d cores; program: the all-in-one in this JVM, engine %s, Docker event listener %s", Runtime.getRuntime().availableProcessors(),
        properties.temporal().ownEngine() ? properties.temporal().embedded() : properties.temporal().target(),
        properties.reconcile().events() ? "on" : "off");
    say("idle:                           %s", summary(idle));
    say("while a %d-replica delete runs: %s", LOAD_REPLICAS, summary(loaded));
    say("goal idle p95 <= %d ms: %s (p95 %d ms)", IDLE_GOAL_MS, verdict(idle, IDLE_GOAL_MS), p95(idle));
    say("goal under load p95 <= %d ms: %s (p95 %d ms)", LOAD_GOAL_MS, verdict(loaded, LOAD_GOAL_MS), p95(loaded));

    api.delete("/api/deployments/" + id);
    await().atMost(Duration.ofSeconds(30)).until(() -> "DELETED".equals(api.status(id)));
    api.post("/api/deployments/" + id + "/purge");
    await().atMost(Duration.ofSeconds(30)).until(() -> "PURGED".equals(api.status(id)));
  }

  /**
   * Stops the replica by hand, then starts it, one per call, each time waiting for the status
   * event that follows it on the stream.
   */
  private static final class Drifter {
    private final String container;
    private final EventStreamIT.Listener stream;
    private boolean running = true;

    Drifter(String container, EventStreamIT.Listener stream) {
      this.container = container;
      this.stream = stream;
    }

    Sample next() {
      int seen = stream.events().size();
      String want = running ? "STOPPED" : "RUNNING";
      if (running) {
        docker.client().stopContainerCmd(container).withTimeout(0).exec();
      } else {
        docker.client().startContainerCmd(container).exec();
      }
      long returned = System.nanoTime();
      Instant returnedAt = Instant.now();
      running = !running;
      EventStreamIT.Event event = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2)).until(
          () -> stream.events().stream().skip(seen).filter(e -> want.equals(e.data().path("newStatus").asText())).findFirst().orElse(null),
          e -> e != null);
      Instant written = Instant.parse(event.data().path("at").asText());
      return new Sample(Duration.between(returnedAt, written).toMillis(), (event.receivedNanos() - returned) / 1_000_000);
    }
  }

  private String deployLoad(ApiClient api, int cycle) throws IOException {
    String spec = """
        {"name": "drift-load-%s-%d", "image": "%s", "replicas": %d,
         "ports": [{"name": "http", "containerPort": 8080}],
         "volumes": [{"name": "data", "mountPath": "/data", "scope": "REPLICA"}],
         "healthCheck": {"type": "TCP", "port": "http", "timeoutSeconds": 120}}
        """.formatted(docker.runId().substring(8), cycle, TestDocker.IMAGE, LOAD_REPLICAS);
    String load = api.post("/api/deployments", spec).text("id");
    docker.track(load);
    await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200)).until(() -> "RUNNING".equals(api.status(load)));
    try {
      Thread.sleep(2000); // let the deploy's last writes settle, as the delete benchmark does
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return load;
  }

  private static String summary(List<Sample> samples) {
    if (samples.isEmpty()) {
      return "no samples";
    }
    List<Long> stream = samples.stream().map(Sample::toStream).sorted().toList();
    List<Long> row = samples.stream().map(Sample::toRow).sorted().toList();
    return String.format("n %d, p50 %d ms, p95 %d ms, max %d ms (to the row: p50 %d ms, p95 %d ms, max %d ms)", samples.size(),
        stream.get(stream.size() / 2), percentile95(stream), stream.get(stream.size() - 1), row.get(row.size() / 2), percentile95(row),
        row.get(row.size() - 1));
  }

  private static long p95(List<Sample> samples) {
    return samples.isEmpty() ? -1 : percentile95(samples.stream().map(Sample::toStream).sorted().toList());
  }

  private static long percentile95(List<Long> sorted) {
    return sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1);
  }

  private static String verdict(List<Sample> samples, long goal) {
    return samples.isEmpty() ? "not measured" : p95(samples) <= goal ? "met" : "NOT met";
  }

  private static void say(String format, Object... args) {
    System.out.printf("[bench] " + format + "%n", args);
  }
}
