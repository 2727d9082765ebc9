package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.decommission.domain.Naming;
import org.decommission.testsupport.JavaProcess;
import org.decommission.testsupport.Ports;
import org.decommission.testsupport.TestDocker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The all-in-one program is killed with SIGKILL in the middle of a delete. Its engine, the
 * Temporal dev server, is a process of its own with its database in the data dir: started again
 * on the same data dir, the program reuses it and the same workflow run continues by replay, the
 * interrupted activity retried. When the engine's database is gone too, adoption from our
 * database is the backstop: a new run finishes the delete.
 */
class AllInOneCrashIT {
  Path dataDir;
  TestDocker docker;
  JavaProcess app;
  int httpPort;
  int temporalPort;
  int uiPort;
  WorkflowServiceStubs engine;

  @BeforeEach
  void setUp() throws Exception {
    dataDir = Files.createTempDirectory("dcm-crash-it");
    docker = new TestDocker();
    httpPort = Ports.free();
    temporalPort = Ports.free();
    uiPort = Ports.free();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (engine != null) {
      engine.shutdownNow();
    }
    if (app != null) {
      app.close();
    }
    // The engine outlives a killed program by design; a failed test must not leave it behind.
    engineProcess().ifPresent(ProcessHandle::destroyForcibly);
    docker.close();
  }

  JavaProcess start(String name) {
    JavaProcess process = JavaProcess.start(
        "org.decommission.api.DecommissionApplication",
        dataDir.resolve(name + ".log"),
        "--server.port=" + httpPort,
        "--decommission.data-dir=" + dataDir,
        "--decommission.temporal.embedded-port=" + temporalPort,
        "--decommission.temporal.ui-port=" + uiPort,
        "--decommission.ports.range=31000-31499",
        "--decommission.delete.stop-grace=4s");
    ApiClient anonymous = new ApiClient("http://127.0.0.1:" + httpPort, null);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .untilAsserted(() -> assertThat(anonymous.get("/actuator/health").text("status")).as(process.log()).isEqualTo("UP"));
    return process;
  }

  java.util.Optional<ProcessHandle> engineProcess() throws Exception {
    Path pid = dataDir.resolve("temporal").resolve("engine.pid");
    return Files.exists(pid) ? ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).filter(ProcessHandle::isAlive)
        : java.util.Optional.empty();
  }

  /** The engine, as Temporal's own clients see it. */
  WorkflowServiceStubs stubs() {
    if (engine == null) {
      engine = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + temporalPort).build());
    }
    return engine;
  }

  WorkflowClient client() {
    return WorkflowClient.newInstance(stubs(), WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  /** The run of the deployment's workflow that the engine holds now. */
  String runId(String deploymentId) {
    return stubs().blockingStub().describeWorkflowExecution(io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace("default")
            .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId(Naming.workflowId(deploymentId)))
            .build())
        .getWorkflowExecutionInfo().getExecution().getRunId();
  }

  /** A deployment of 3 replicas that ignore SIGTERM (so the stop takes the whole grace), deleted and caught in STOP_REPLICAS. */
  String deleteCaughtInTheStop(ApiClient api) {
    String shared = "crash-" + docker.runId();
    docker.trackSharedVolume(shared);
    ApiClient.Answer created = api.post("/api/deployments",
        ApiClient.spec("crash-" + docker.runId().substring(6), 3, shared, "[\"sh\", \"-c\", \"trap '' TERM; exec httpd -f -p $PORT -h /www\"]"));
    String id = created.text("id");
    docker.track(id);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.status(id)).isEqualTo("RUNNING"));
    assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(api.get("/api/deployments/" + id).text("phase")).isEqualTo("STOP_REPLICAS"));
    // The route goes first; the stop itself must be under way on the worker when the program dies.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> stopRunning(id));
    return id;
  }

  /** Whether a worker holds the deployment's stop now (the route is withdrawn first, in the same activity, in milliseconds). */
  boolean stopRunning(String deploymentId) {
    return stubs().blockingStub().describeWorkflowExecution(io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace("default")
            .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId(Naming.workflowId(deploymentId)))
            .build())
        .getPendingActivitiesList().stream()
        .anyMatch(a -> a.getActivityType().getName().equals("DeleteReplicas")
            && a.getState() == io.temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
  }

  ApiClient api() throws Exception {
    return new ApiClient("http://127.0.0.1:" + httpPort, Files.readString(dataDir.resolve("admin.token")).trim());
  }

  void purgeAndCheckNothingIsLeft(ApiClient api, String id) {
    assertThat(docker.containersOf(id)).isEmpty();
    assertThat(api.post("/api/deployments/" + id + "/purge").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.status(id)).isEqualTo("PURGED"));
    assertThat(docker.volumesOf(id)).isEmpty();
    assertThat(docker.networksOf(id)).as("the deployment's network").isEmpty();
    assertThat(api.get("/api/deployments/" + id + "/receipt").body().path("items").size()).isGreaterThanOrEqualTo(3 + 1 + 3);
  }

  @Test
  void aKilledAllInOneContinuesTheDeleteByReplayOnTheSameRun() throws Exception {
    app = start("run-1");
    ApiClient api = api();
    String id = deleteCaughtInTheStop(api);
    String run = runId(id);
    long enginePid = engineProcess().orElseThrow().pid();
    app.kill();
    assertThat(docker.containersOf(id)).as("killed before the replicas were removed").hasSize(3);
    assertThat(engineProcess()).as("the engine outlives the program").isPresent();

    app = start("run-2");
    assertThat(app.log()).contains("reused");
    assertThat(engineProcess().orElseThrow().pid()).as("the same engine").isEqualTo(enginePid);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(api.status(id)).as(app.log()).isEqualTo("DELETED"));
    assertThat(runId(id)).as("the same run continued: replay, not adoption").isEqualTo(run);
    List<HistoryEvent> events = client().fetchHistory(Naming.workflowId(id)).getEvents();
    assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .map(e -> e.getActivityTaskStartedEventAttributes().getAttempt()))
        .as("the stop the killed worker held was tried again").anyMatch(attempt -> attempt >= 2);
    assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)).hasSize(1);
    purgeAndCheckNothingIsLeft(api, id);
  }

  @Test
  void aKilledAllInOneContinuesTheDeployByReplayOnTheSameRun() throws Exception {
    app = start("run-1");
    ApiClient api = api();
    String shared = "crashdeploy-" + docker.runId();
    docker.trackSharedVolume(shared);
    // The replicas answer only after 8 s: the deploy waits in HEALTH_CHECK, a wide window.
    String id = api.post("/api/deployments", ApiClient.spec("crashdeploy-" + docker.runId().substring(6), 2, shared,
        "[\"sh\", \"-c\", \"sleep 8; exec httpd -f -p $PORT -h /www\"]")).text("id");
    docker.track(id);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(api.get("/api/deployments/" + id).text("phase")).isEqualTo("HEALTH_CHECK"));
    String run = runId(id);
    app.kill();

    app = start("run-2");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(api.status(id)).as(app.log()).isEqualTo("RUNNING"));
    assertThat(runId(id)).as("the same run continued: replay, not adoption").isEqualTo(run);
    assertThat(docker.containersOf(id)).as("no second set of replicas").hasSize(2);
    assertThat(api.delete("/api/deployments/" + id + "?grace=1s").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.status(id)).isEqualTo("DELETED"));
    assertThat(api.post("/api/deployments/" + id + "/purge").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.status(id)).isEqualTo("PURGED"));
    assertThat(docker.containersOf(id)).isEmpty();
    assertThat(docker.volumesOf(id)).isEmpty();
  }

  @Test
  void withTheEnginesDatabaseGoneAdoptionFromOurDatabaseFinishesTheDelete() throws Exception {
    app = start("run-1");
    ApiClient api = api();
    String id = deleteCaughtInTheStop(api);
    String run = runId(id);
    app.kill();
    ProcessHandle old = engineProcess().orElseThrow();
    old.destroyForcibly();
    old.onExit().get();
    engine.shutdownNow();
    engine = null;
    try (Stream<Path> files = Files.list(dataDir.resolve("temporal"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("temporal.db")).toList()) {
        Files.delete(f);
      }
    }

    app = start("run-2");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(api.status(id)).as(app.log()).isEqualTo("DELETED"));
    assertThat(app.log()).contains("adoption: 1 unfinished deployment(s)");
    assertThat(runId(id)).as("a new run, adopted from the database").isNotEqualTo(run);
    purgeAndCheckNothingIsLeft(api, id);
  }
}
