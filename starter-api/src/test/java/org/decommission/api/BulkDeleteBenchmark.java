package org.decommission.api;

import static org.awaitility.Awaitility.await;
import static org.decommission.api.Bench.knob;
import static org.decommission.api.Bench.machine;
import static org.decommission.api.Bench.median;
import static org.decommission.api.Bench.say;
import static org.decommission.api.Bench.seconds;

import io.temporal.client.WorkflowClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.decommission.domain.Labels;
import org.decommission.domain.Naming;
import org.decommission.testsupport.TestDocker;
import org.decommission.worker.LifecycleClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Benchmark, not a test: it prints figures. {@code COUNT} one-replica deployments (each with its own
 * volume and network) are deleted at once with {@code POST /api/deployments/bulk-delete}, each purge
 * requested right after it (queued behind its delete), and timed until every one is {@code PURGED}
 * and the Docker CLI finds nothing of them; against the Docker CLI doing the same work on as many
 * containers, volumes and networks ({@link DockerCliFloor}, one call per kind). It prints how many
 * Temporal history events each delete added (from the request to the end of the workflow). A slow
 * result never fails it; a broken setup does. Run by {@code scripts/benchmark-bulk-delete.sh}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class BulkDeleteBenchmark extends AllInOneContext {
  static final int COUNT = knob("count", "COUNT", 100);
  static final int RUNS = knob("runs", "RUNS", 1);
  static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(knob("deploy.timeout", "DEPLOY_TIMEOUT", 900));
  static final Duration DELETE_TIMEOUT = Duration.ofSeconds(knob("delete.timeout", "DELETE_TIMEOUT", 900));
  static final double GOAL = 1.5;
  static final Duration POLL = Duration.ofMillis(50);
  static final int EVENTS_GOAL = 40;

  @Autowired DataSource dataSource;
  @Autowired LifecycleClient lifecycle;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.ports.range", () -> DeleteBenchmark.PORT_RANGE);
    registry.add("decommission.delete.stop-grace", () -> "10s");
    registry.add("decommission.delete.retention", () -> "1h");
  }

  /** One run's figures, in seconds. */
  record Run(int k, double deploy, double toAllDeleted, double toAllPurged, double check, DockerCliFloor.Graceful floor, List<Long> events,
      String leftover) {
    double pipeline() {
      return toAllPurged + check;
    }

    double ratio() {
      return pipeline() / floor.total();
    }
  }

  @AfterEach
  void removeWhatItMade() {
    docker.cleanUp();
  }

  @Test
  void bulkDeleteAndPurgeAgainstTheDockerCliFloor() throws Exception {
    if (COUNT < 1 || COUNT > 100 || RUNS < 1) {
      throw new IllegalArgumentException("COUNT must be 1-100 (a bulk delete's limit) and RUNS at least 1");
    }
    ApiClient api = admin();
    DockerCliFloor floor = new DockerCliFloor(docker, COUNT, true);
    List<Run> runs = new ArrayList<>();
    for (int k = 1; k <= RUNS; k++) {
      runs.add(runOnce(api, floor, k));
    }
    String summary = summary(runs);
    Path file = Path.of(System.getProperty("summary.file", "../bench-results/bulk-delete.txt")).toAbsolutePath().normalize();
    Files.createDirectories(file.getParent());
    Files.writeString(file, summary);
    say("summary written to %s", file);
    System.out.print("\n" + summary);
  }

  private Run runOnce(ApiClient api, DockerCliFloor floor, int k) throws Exception {
    say("run %d/%d: deploying %d one-replica deployments ...", k, RUNS, COUNT);
    Instant t0 = Instant.now();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      String id = api.post("/api/deployments", spec(k, i)).expect(202, "POST /api/deployments").text("id");
      docker.track(id);
      ids.add(id);
    }
    for (String id : ids) {
      api.awaitStatus(id, "RUNNING", DEPLOY_TIMEOUT, POLL);
    }
    double deploy = seconds(t0, Instant.now());
    say("run %d: %d deployments RUNNING after %.3fs (for information)", k, COUNT, deploy);
    Thread.sleep(3000);
    WorkflowClient client = lifecycle.workflowClient();
    List<String> runIds = new ArrayList<>();
    List<Integer> before = new ArrayList<>();
    for (String id : ids) {
      String workflowId = Naming.workflowId(id);
      runIds.add(client.newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId());
      before.add(client.fetchHistory(workflowId, runIds.get(runIds.size() - 1)).getEvents().size());
    }
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);

    say("run %d: bulk delete + %d purges ...", k, COUNT);
    Instant requested = Instant.now();
    ApiClient.Answer bulk = api.post("/api/deployments/bulk-delete", "{\"ids\": " + json(ids) + ", \"reason\": \"bulk benchmark\"}")
        .expect(200, "POST bulk-delete");
    bulk.body().get("results").forEach(r -> {
      if (r.get("status").asInt() != 202) {
        throw new IllegalStateException("bulk delete refused " + r);
      }
    });
    purgeAll(api, ids);
    await("all PURGED").atMost(DELETE_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(POLL)
        .until(() -> count(jdbc, ids, "status = 'PURGED'") == ids.size());
    Instant seen = Instant.now();
    String leftover = leftovers(ids);
    double check = seconds(seen, Instant.now());
    Instant lastDeleted = jdbc.queryForObject(
        "SELECT max(at) FROM status_history WHERE event_kind = 'STATUS' AND new_status = 'DELETED' AND deployment_id = ANY (?)",
        OffsetDateTime.class, (Object) ids.stream().map(UUID::fromString).toArray(UUID[]::new)).toInstant();
    if (!leftover.equals("0/0")) {
      say("!!! WARNING: every deployment is PURGED but Docker still has (containers/volumes) %s: a bug in the pipeline", leftover);
    }
    List<Long> events = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      events.add(Bench.eventsSince(client, Naming.workflowId(ids.get(i)), runIds.get(i), before.get(i)));
    }
    say("run %d: all DELETED after %.3fs, all PURGED after %.3fs, check %.3fs", k, seconds(requested, lastDeleted), seconds(requested, seen), check);

    say("run %d: Docker CLI floor (stop + rm + volume rm + network rm) on %d containers, volumes and networks ...", k, COUNT);
    DockerCliFloor.Graceful graceful = floor.measureGraceful("b" + k);
    say("run %d: floor %.3fs (stop %.3fs, rm %.3fs, volume rm %.3fs, network rm %.3fs)", k, graceful.total(), graceful.stop(), graceful.rm(),
        graceful.volumeRm(), graceful.networkRm());
    return new Run(k, deploy, seconds(requested, lastDeleted), seconds(requested, seen), check, graceful, events, leftover);
  }

  /** The purges, eight requests at a time, as a script of an operator's would send them. */
  private static void purgeAll(ApiClient api, List<String> ids) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<ApiClient.Answer>> answers = ids.stream().map(id -> pool.submit(() -> api.post("/api/deployments/" + id + "/purge"))).toList();
      for (Future<ApiClient.Answer> answer : answers) {
        answer.get().expect(202, "POST purge");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static long count(JdbcTemplate jdbc, List<String> ids, String condition) {
    return jdbc.queryForObject("SELECT count(*) FROM deployments WHERE " + condition + " AND id = ANY (?)", Long.class,
        (Object) ids.stream().map(UUID::fromString).toArray(UUID[]::new));
  }

  /** Containers and volumes the Docker CLI still finds labelled with any of the deployments, as "containers/volumes". */
  private static String leftovers(List<String> ids) {
    Set<String> ours = new HashSet<>(ids);
    String format = "{{.Label \"" + Labels.DEPLOYMENT_ID + "\"}}";
    String filter = "label=" + Labels.DEPLOYMENT_ID;
    long containers = DockerCliFloor.run(List.of("ps", "-a", "--filter", filter, "--format", format)).lines().filter(ours::contains).count();
    long volumes = DockerCliFloor.run(List.of("volume", "ls", "--filter", filter, "--format", format)).lines().filter(ours::contains).count();
    return containers + "/" + volumes;
  }

  private String summary(List<Run> runs) throws Exception {
    StringBuilder s = new StringBuilder();
    s.append("==================== Decommission bulk delete + purge benchmark ====================\n");
    s.append(String.format("date           %s   run id %s%n", OffsetDateTime.now().withNano(0), docker.runId()));
    s.append(String.format("machine        %s%n", machine(docker.client().versionCmd().exec().getVersion())));
    s.append(String.format("program        the all-in-one in the benchmark's JVM, built from this checkout; engine %s; Docker event listener %s%n",
        properties.temporal().ownEngine() ? properties.temporal().embedded() : properties.temporal().target(),
        properties.reconcile().events() ? "on" : "off"));
    s.append(String.format("N              %d one-replica deployments, each with its own volume and network; stop grace 10s; runs %d%n", COUNT, RUNS));
    s.append("pipeline       POST bulk-delete (all ids) and POST purge for each (8 at a time) -> all PURGED, then the docker CLI confirms\n");
    s.append("floor          docker stop <all> + docker rm <all> + docker volume rm <all> + docker network rm <all> (one call each)\n\n");
    s.append(String.format("%-4s %8s | %12s %11s %6s %9s | %7s %6s %7s %8s | %6s | %-22s | %s%n",
        "run", "deploy", "allDELETED", "allPURGED", "check", "PIPELINE", "stop", "rm", "vol+net", "FLOOR", "ratio", "events min/median/max", "leftover"));
    for (Run r : runs) {
      DockerCliFloor.Graceful f = r.floor();
      s.append(String.format("%-4d %7.3fs | %11.3fs %10.3fs %5.3fs %8.3fs | %6.3fs %5.3fs %6.3fs %7.3fs | %6.2f | %-22s | %s%n",
          r.k(), r.deploy(), r.toAllDeleted(), r.toAllPurged(), r.check(), r.pipeline(), f.stop(), f.rm(), f.volumeRm() + f.networkRm(), f.total(),
          r.ratio(), events(r.events()), r.leftover()));
    }
    double ratio = median(runs, Run::ratio);
    long maxEvents = runs.stream().flatMap(r -> r.events().stream()).mapToLong(Long::longValue).max().orElse(0);
    s.append(String.format("%ngoal           ratio <= %.2f: %s (median %.2f)%n", GOAL, ratio <= GOAL ? "met" : "NOT met", ratio));
    s.append(String.format("goal           at most %d history events per delete: %s (most %d)%n", EVENTS_GOAL,
        maxEvents <= EVENTS_GOAL ? "met" : "NOT met", maxEvents));
    s.append("====================================================================================\n");
    s.append(String.format("bulk median ratio: %.2f, most events per delete: %d%n", ratio, maxEvents));
    return s.toString();
  }

  private static String events(List<Long> events) {
    List<Long> sorted = events.stream().sorted().toList();
    return sorted.get(0) + "/" + sorted.get(sorted.size() / 2) + "/" + sorted.get(sorted.size() - 1);
  }

  private static String json(List<String> ids) {
    return ids.stream().map(id -> "\"" + id + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
  }

  private String spec(int k, int i) {
    return """
        {"name": "bulk-bench-%s-%d-%d", "image": "%s", "replicas": 1,
         "ports": [{"name": "http", "containerPort": 8080}],
         "volumes": [{"name": "data", "mountPath": "/data", "scope": "REPLICA"}],
         "healthCheck": {"type": "TCP", "port": "http", "timeoutSeconds": 120}}
        """.formatted(docker.runId().substring(8), k, i, TestDocker.IMAGE);
  }
}
