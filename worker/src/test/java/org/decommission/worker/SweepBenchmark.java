package org.decommission.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.decommission.activities.store.DeploymentStore;
import org.decommission.activities.store.SweepStore;
import org.decommission.domain.Labels;
import org.decommission.testsupport.TestDocker;
import org.decommission.testsupport.TestPostgres;
import org.decommission.workflow.LifecycleSettings;
import org.decommission.workflow.SweepReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Benchmark, not a test: it prints figures. One dry-run sweep of a host with {@code RECORDS}
 * deployment records and {@code CONTAINERS} of our containers (created, not started), against
 * the embedded PostgreSQL, the real daemon and the SDK's test server, timed over {@code RUNS} runs:
 * the first is the cold figure (a fresh JVM), the median of the others the warm one.
 * Run by {@code scripts/benchmark-reconcile.sh}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class SweepBenchmark {
  static final int RECORDS = Integer.getInteger("records", 10_000);
  static final int CONTAINERS = Integer.getInteger("containers", 1_000);
  static final int RUNS = Integer.getInteger("runs", 7);
  /** Make the containers from the image's reference, as deploys did before they used its id. */
  static final boolean BY_TAG = Boolean.getBoolean("by.tag");
  static final long COLD_GOAL_MS = 300;
  static final long WARM_GOAL_MS = 150;

  @Test
  void sweep() throws Exception {
    String host = "bench-" + Long.toHexString(System.nanoTime());
    JdbcTemplate jdbc = new JdbcTemplate(TestPostgres.dataSource());
    List<String> ids = new ArrayList<>();
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      String status = i % 10 == 9 ? "FAILED" : "RUNNING";
      rows.add(new Object[] {UUID.fromString(id), "bench", host + "-" + i,
          "{\"name\": \"" + host + "-" + i + "\", \"image\": \"" + TestDocker.IMAGE + "\", \"replicas\": 1}", status, host});
    }
    long t = System.nanoTime();
    jdbc.batchUpdate("INSERT INTO deployments (id, owner, name, spec, status, host) VALUES (?, ?, ?, ?::jsonb, ?, ?)", rows);
    System.out.printf("[bench] %d records inserted in %d ms%n", RECORDS, (System.nanoTime() - t) / 1_000_000);

    try (TestDocker docker = new TestDocker(); TestServer.InProcessTestServer engine = TestServer.createServer(true)) {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setChannel(engine.getChannel()).build());
      DockerClient client = docker.client();
      // Made as a deploy makes its replicas: from the pulled image's id (Containers.imageId).
      String image = BY_TAG ? TestDocker.IMAGE : client.inspectImageCmd(TestDocker.IMAGE).exec().getId();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<?>> created = new ArrayList<>();
      t = System.nanoTime();
      for (int i = 0; i < CONTAINERS; i++) {
        String id = ids.get(i);
        int n = i;
        created.add(pool.submit(() -> {
          Map<String, String> labels = new HashMap<>(docker.testLabels());
          labels.putAll(Labels.stamped(Labels.container(id, 1, host, 0), "bench-installation"));
          docker.trackContainer(client.createContainerCmd(image).withName(host + "-c" + n).withLabels(labels).withCmd("true").exec().getId());
        }));
      }
      for (Future<?> f : created) {
        f.get();
      }
      pool.shutdown();
      System.out.printf("[bench] %d containers created in %d ms, from the image's %s%n", CONTAINERS, (System.nanoTime() - t) / 1_000_000,
          BY_TAG ? "reference (as before deploys used its id)" : "id (as deploys make them)");

      LifecycleClient lifecycle = new LifecycleClient(WorkflowClient.newInstance(stubs), LifecycleSettings.DEFAULTS);
      DecommissionProperties.Reconcile settings =
          new DecommissionProperties.Reconcile(Duration.ofMinutes(1), Duration.ofDays(7), Duration.ofMinutes(10), true, true);
      ReconcileActivitiesImpl sweeps = new ReconcileActivitiesImpl(
          Map.of(host, client), new SweepStore(TestPostgres.dataSource()), new DeploymentStore(TestPostgres.dataSource()),
          lifecycle, settings, "bench-installation",
          new org.decommission.activities.files.Snapshots(java.nio.file.Path.of("/nonexistent-dcm-data"), Duration.ofDays(30), 0),
          new org.decommission.activities.routes.TraefikFileRoutes(java.nio.file.Path.of("target", "no-routes")));
      List<Long> wall = new ArrayList<>();
      SweepReport last = null;
      for (int run = 1; run <= RUNS; run++) {
        long start = System.nanoTime();
        last = sweeps.sweep(host, true);
        long ms = (System.nanoTime() - start) / 1_000_000;
        wall.add(ms);
        System.out.printf("[bench] sweep %d: %d ms (%d records, %d containers, %d actions planned, errors %s)%n",
            run, ms, last.records(), last.containers(), last.actions().size(), last.errors());
      }
      assertThat(last.records()).isEqualTo(RECORDS);
      assertThat(last.containers()).isEqualTo(CONTAINERS);
      long cold = wall.get(0);
      List<Long> warm = wall.subList(1, wall.size()).stream().sorted().toList();
      long median = warm.isEmpty() ? cold : warm.get(warm.size() / 2);
      System.out.printf("[bench] sweep of %d records and %d containers, dry run, %d cores:%n", RECORDS, CONTAINERS,
          Runtime.getRuntime().availableProcessors());
      System.out.printf("[bench]   cold (run 1, a fresh JVM): %d ms%n", cold);
      if (!warm.isEmpty()) {
        System.out.printf("[bench]   warm (runs 2-%d): median %d ms, min %d ms, max %d ms%n", RUNS, median, warm.get(0), warm.get(warm.size() - 1));
      }
      System.out.printf("[bench] goal cold <= %d ms: %s (%d ms)%n", COLD_GOAL_MS, cold <= COLD_GOAL_MS ? "met" : "NOT met", cold);
      System.out.printf("[bench] goal warm <= %d ms: %s (median %d ms)%n", WARM_GOAL_MS, median <= WARM_GOAL_MS ? "met" : "NOT met", median);
    } finally {
      jdbc.update("DELETE FROM cleanup_runs WHERE host = ?", host);
      jdbc.update("DELETE FROM deployments WHERE host = ?", host);
    }
  }
}
