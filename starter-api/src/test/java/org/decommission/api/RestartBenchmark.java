package org.decommission.api;

import static org.decommission.api.Bench.knob;
import static org.decommission.api.Bench.say;
import static org.decommission.api.Bench.seconds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.decommission.testsupport.JavaProcess;
import org.decommission.testsupport.TestDocker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test: it prints figures. How long after the all-in-one starts again is every
 * lifecycle workflow of {@code DEPLOYMENTS} live deployments live again (goal: 1,000 within
 * 30 s)? The program is the built jar, run as its own process with the JVM options of
 * scripts/run.sh, on a fresh data dir: the deployments are made through the API
 * ({@link BulkDeployments}: STOPPED, their containers created, not running), then, for each way
 * of stopping in {@code STOPS}, the program is stopped ({@code term}: SIGTERM, a clean shutdown
 * that stops the engine too; {@code kill}: SIGKILL of the JVM, its engine and PostgreSQL left
 * running as after a crash) and started again, timed from the process's start until each
 * workflow has answered a query ({@link LiveWorkflows}). A slow result never fails it; a broken
 * setup does. Run by {@code scripts/benchmark-restart.sh}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class RestartBenchmark {
  static final int DEPLOYMENTS = knob("deployments", "DEPLOYMENTS", 1000);
  static final int PARALLEL = knob("parallel", "PARALLEL", 8);
  static final int QUERY_THREADS = knob("query.threads", "QUERY_THREADS", 16);
  static final List<String> STOPS = List.of(knob("stops", "STOPS", "term,kill").split(","));
  static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(knob("deploy.timeout", "DEPLOY_TIMEOUT", 300));
  static final Duration LIVE_TIMEOUT = Duration.ofSeconds(knob("live.timeout", "LIVE_TIMEOUT", 600));
  static final int HTTP_PORT = knob("port", "PORT", 18480);
  static final int ENGINE_PORT = knob("engine.port", "ENGINE_PORT", 18490);
  static final String PORT_RANGE = "27500-27999";
  static final double GOAL = 30;

  /** One restart's figures, in nanoseconds from the process's start. */
  record Restart(String stop, double shutdown, long health, long firstLive, long allLive, long p50, long p95, Map<String, Long> statuses) {}

  Path dataDir;
  TestDocker docker;
  JavaProcess app;
  final String installation = "restart-bench-" + Long.toHexString(System.nanoTime());

  @BeforeEach
  void setUp() throws Exception {
    dataDir = Files.createTempDirectory("dcm-restart");
    docker = new TestDocker();
    // The id is this run's alone: every Docker object the program makes carries it, and goes by it.
    docker.trackInstallation(installation);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (app != null) {
      app.stop(Duration.ofSeconds(120));
    }
    ProgramLeftovers.end(dataDir);
    docker.close();
    ProgramLeftovers.remove(dataDir, logs(), knob("logs.dir", "LOGS_DIR", (String) null));
  }

  @Test
  void everyWorkflowIsLiveAgainAfterARestart() throws Exception {
    say("machine: nproc %d, %s, load average %s", Runtime.getRuntime().availableProcessors(), Bench.memory(), Bench.loadAverage());
    long t0 = System.nanoTime();
    app = start("setup");
    long health = awaitHealth(t0);
    say("setup: health UP %.2fs after the start on a fresh data dir; making %d deployments, %d at a time ...", seconds(health), DEPLOYMENTS, PARALLEL);
    long made = System.nanoTime();
    List<String> ids = new BulkDeployments(api(), "restart-" + docker.runId().substring(6), PARALLEL, DEPLOY_TIMEOUT).create(DEPLOYMENTS);
    say("setup: %d deployments STOPPED after %.1fs", ids.size(), seconds(System.nanoTime() - made));
    Thread.sleep(5_000); // the last stops' events and writes settle before the program stops

    List<Restart> restarts = new ArrayList<>();
    for (String stop : STOPS) {
      restarts.add(restart(stop.trim(), ids));
      Thread.sleep(5_000);
    }
    Restart slowest = restarts.stream().max(Comparator.comparingLong(Restart::allLive)).orElseThrow();
    say("goal: every workflow live within %.0fs of the start: %s", GOAL, seconds(slowest.allLive()) <= GOAL ? "met" : "NOT met");
    say("restart: all %d live after %.2fs (%s)", ids.size(), seconds(slowest.allLive()),
        restarts.stream().map(r -> String.format("%s %.2fs", r.stop(), seconds(r.allLive()))).collect(Collectors.joining(", ")));
  }

  /** Stops the program as {@code stop} says, starts it again and times it until every workflow answers. */
  private Restart restart(String stop, List<String> ids) throws Exception {
    long stopping = System.nanoTime();
    switch (stop) {
      case "term" -> app.stop(Duration.ofSeconds(120));
      case "kill" -> app.kill();
      default -> throw new IllegalArgumentException("STOPS holds term and kill, not " + stop);
    }
    double shutdown = seconds(System.nanoTime() - stopping);
    say("restart after %s: the program ended %.2fs after the signal; load average %s; starting it again ...", stop, shutdown,
        Bench.loadAverage());
    long engine = enginePid();
    double engineCpuBefore = cpuSeconds(engine);
    ExecutorService watcher = Executors.newSingleThreadExecutor();
    try {
      long t0 = System.nanoTime();
      app = start("restart-" + stop);
      Future<LiveWorkflows.Answers> live = watcher.submit(
          () -> new LiveWorkflows("127.0.0.1:" + ENGINE_PORT, "default", QUERY_THREADS).await(ids, t0, LIVE_TIMEOUT));
      long health = awaitHealth(t0);
      LiveWorkflows.Answers answers = live.get();
      // Where the CPU went until then: the new JVM's whole life, the engine's since the restart began.
      double jvmCpu = cpuSeconds(app.pid());
      double engineCpu = cpuSeconds(enginePid()) - (enginePid() == engine ? engineCpuBefore : 0);
      long[] sorted = answers.firstAnswer().values().stream().mapToLong(Long::longValue).sorted().toArray();
      Map<String, Long> statuses = new TreeMap<>(answers.status().values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())));
      Restart r = new Restart(stop, shutdown, health, sorted[0], sorted[sorted.length - 1], percentile(sorted, 50), percentile(sorted, 95), statuses);
      say("restart after %s: health UP after %.2fs; first workflow answered after %.2fs, all %d after %.2fs;"
          + " per deployment first answer p50 %.2fs, p95 %.2fs; statuses they gave %s; CPU until then: program JVM %.1fs, engine %.1fs",
          stop, seconds(health), seconds(r.firstLive()), sorted.length, seconds(r.allLive()), seconds(r.p50()), seconds(r.p95()), statuses,
          jvmCpu, engineCpu);
      return r;
    } finally {
      watcher.shutdownNow();
    }
  }

  private JavaProcess start(String name) {
    List<String> args = new ArrayList<>(List.of(
        "--server.port=" + HTTP_PORT,
        "--decommission.data-dir=" + dataDir,
        "--decommission.temporal.embedded-port=" + ENGINE_PORT,
        "--decommission.temporal.ui-port=" + (ENGINE_PORT + 1),
        "--decommission.ports.range=" + PORT_RANGE,
        "--decommission.network.allow-host=true",
        "--decommission.installation-id=" + installation));
    args.addAll(words(knob("program.args", "PROGRAM_ARGS", "")));
    Path jar = Path.of(knob("jar", "JAR", "target/decommission.jar")).toAbsolutePath();
    return JavaProcess.startJar(jar, words(knob("jvm.options", "JVM_OPTIONS", "")), logs().resolve(name + ".log"),
        args.toArray(String[]::new));
  }

  /** Polls the health every 100 ms until UP; nanoseconds from {@code t0}. */
  private long awaitHealth(long t0) throws InterruptedException {
    ApiClient anonymous = new ApiClient("http://127.0.0.1:" + HTTP_PORT, null);
    while (true) {
      if (!app.isAlive()) {
        throw new IllegalStateException("the program ended during its start: " + app.log());
      }
      try {
        if ("UP".equals(anonymous.get("/actuator/health").text("status"))) {
          return System.nanoTime() - t0;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
  }

  /** Where each start's output goes: {@code setup.log}, {@code restart-term.log}, {@code restart-kill.log}. */
  private Path logs() {
    return dataDir.resolve("bench-logs");
  }

  private ApiClient api() throws Exception {
    return new ApiClient("http://127.0.0.1:" + HTTP_PORT, Files.readString(dataDir.resolve("admin.token")).trim());
  }

  /** The pid of the program's engine, as its data dir records it; -1 when none is recorded. */
  private long enginePid() {
    try {
      return Long.parseLong(Files.readString(dataDir.resolve("temporal").resolve("engine.pid")).trim());
    } catch (java.io.IOException | NumberFormatException none) {
      return -1;
    }
  }

  /** The CPU time a live process has used, user and system; 0 for one that is gone. */
  private static double cpuSeconds(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(d -> d.toNanos() / 1e9).orElse(0.0);
  }

  private static long percentile(long[] sorted, int p) {
    return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static List<String> words(String s) {
    return Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }
}
