package org.decommission.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.decommission.activities.store.DeploymentStore;
import org.decommission.activities.store.ReceiptStore;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.DeploymentStatus;
import org.decommission.testsupport.JavaProcess;
import org.decommission.testsupport.Ports;
import org.decommission.testsupport.TestDocker;
import org.decommission.testsupport.TestPostgres;
import org.decommission.workflow.LifecycleRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Split mode: the Temporal engine and the worker each run as their own process, on both engines:
 * the Temporal CLI's dev server (a real server, with the worker's default options: sticky
 * execution on) and the SDK's test server (which never hands a killed worker's sticky queue back,
 * so that worker runs without sticky execution). The worker is killed with SIGKILL in the middle
 * of a delete, either between stopping and removing the replicas, or while the graceful stop is
 * under way (the activity dies with the worker and is retried by the next one). A new worker
 * process finishes the delete by replay; nothing is orphaned.
 */
class SplitModeCrashIT {
  static final int REPLICAS = 6;

  Path dir;
  TestDocker docker;
  AutoCloseable temporal;
  JavaProcess worker;
  WorkflowServiceStubs stubs;
  int temporalPort;

  enum Engine {
    DEV_SERVER,
    TEST_SERVER
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> engineAndKillPoint() {
    return java.util.Arrays.stream(Engine.values()).flatMap(e -> java.util.Arrays.stream(KillPoint.values())
        .map(k -> org.junit.jupiter.params.provider.Arguments.of(e, k)));
  }

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createTempDirectory("dcm-split-it");
    docker = new TestDocker();
    temporalPort = Ports.free();
  }

  void startEngine(Engine engine) throws Exception {
    if (engine == Engine.DEV_SERVER) {
      temporal = DevServer.start(dir, new DecommissionProperties.Temporal(
          null, "default", temporalPort, true, DecommissionProperties.Temporal.DEV_SERVER, Ports.free(), null, null));
    } else {
      temporal = JavaProcess.start("io.temporal.testserver.TestServer", dir.resolve("temporal.log"), Integer.toString(temporalPort));
    }
    stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + temporalPort).build());
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> stubs.healthCheck().getStatus().name().equals("SERVING"));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (worker != null) {
      worker.close();
    }
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (temporal != null) {
      temporal.close();
    }
    docker.close();
  }

  JavaProcess startWorker(String name, Engine engine) {
    return JavaProcess.start(
        "org.decommission.worker.WorkerApplication",
        dir.resolve(name + ".log"),
        "--decommission.temporal.target=127.0.0.1:" + temporalPort,
        "--decommission.temporal.sticky-execution=" + (engine == Engine.DEV_SERVER),
        "--spring.datasource.url=" + TestPostgres.jdbcUrl(),
        "--spring.datasource.username=postgres",
        "--spring.datasource.password=" + TestPostgres.password(),
        "--decommission.data-dir=" + dir.resolve("data"),
        "--decommission.ports.range=31500-31999",
        "--decommission.delete.stop-grace=4s");
  }

  enum KillPoint {
    BETWEEN_STOP_AND_REMOVE,
    DURING_GRACEFUL_STOP
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("engineAndKillPoint")
  void aWorkerKilledMidDeleteIsReplacedAndTheDeleteFinishes(Engine engine, KillPoint killPoint) throws Exception {
    startEngine(engine);
    DeploymentStore deployments = new DeploymentStore(TestPostgres.dataSource());
    JdbcTemplate jdbc = new JdbcTemplate(TestPostgres.dataSource());
    LifecycleClient lifecycle = new LifecycleClient(
        WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build()),
        org.decommission.workflow.LifecycleSettings.DEFAULTS);
    UUID id = UUID.randomUUID();
    docker.track(id.toString());
    DeploymentSpec spec = new DeploymentSpec(
        "split-" + Long.toHexString(System.nanoTime()).substring(8), TestDocker.IMAGE, REPLICAS,
        // During the graceful stop the replicas ignore SIGTERM, so the stop lasts the whole grace.
        killPoint == KillPoint.DURING_GRACEFUL_STOP ? List.of("sh", "-c", "trap '' TERM; exec httpd -f -p $PORT -h /www") : List.of(),
        null, "host",
        List.of(new DeploymentSpec.PortSpec("http", 8080)),
        List.of(new DeploymentSpec.VolumeSpec("data", "/data", DeploymentSpec.VolumeScope.REPLICA)),
        new DeploymentSpec.HealthCheckSpec(DeploymentSpec.HealthCheckType.HTTP, "http", "/", 30), null, null);

    worker = startWorker("worker-1", engine);
    var record = deployments.create(id, "alice", spec, "alice");
    lifecycle.ensureRunning(record);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(deployments.load(id).status()).as(worker.log()).isEqualTo(DeploymentStatus.RUNNING));
    assertThat(docker.containersOf(id.toString())).hasSize(REPLICAS);

    lifecycle.request(deployments.load(id), new LifecycleRequest.Delete("alice", "crash test"));
    if (killPoint == KillPoint.BETWEEN_STOP_AND_REMOVE) {
      // The replicas are marked STOPPED in one batch right after the stop; removal comes next.
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
          .until(() -> jdbc.queryForObject(
              "SELECT count(*) FROM replicas WHERE deployment_id = ? AND state = 'STOPPED'", Integer.class, id) == REPLICAS);
    } else {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
          .until(() -> deployments.load(id).phase() == org.decommission.domain.Phase.STOP_REPLICAS);
      Thread.sleep(1000);
      assertThat(jdbc.queryForObject(
          "SELECT count(*) FROM replicas WHERE deployment_id = ? AND state = 'STOPPED'", Integer.class, id)).isZero();
    }
    worker.kill();
    int leftAtKill = docker.containersOf(id.toString()).size();
    System.out.printf("worker SIGKILLed in phase %s with %d of %d containers still on the host%n",
        deployments.load(id).phase(), leftAtKill, REPLICAS);
    assertThat(deployments.load(id).status()).isEqualTo(DeploymentStatus.DELETING);

    long restarted = System.nanoTime();
    worker = startWorker("worker-2", engine);
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(deployments.load(id).status()).as(worker.log()).isEqualTo(DeploymentStatus.DELETED));
    System.out.printf("the new worker finished the delete %d ms after it was started%n", (System.nanoTime() - restarted) / 1_000_000);
    assertThat(docker.containersOf(id.toString())).isEmpty();
    assertThat(docker.volumesOf(id.toString())).as("data volumes retained in the window").hasSize(REPLICAS);

    lifecycle.request(deployments.load(id), new LifecycleRequest.Purge("alice", "crash test"));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(deployments.load(id).status()).isEqualTo(DeploymentStatus.PURGED));
    assertThat(docker.containersOf(id.toString())).isEmpty();
    assertThat(docker.volumesOf(id.toString())).isEmpty();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM port_allocations WHERE deployment_id = ?", Integer.class, id)).isZero();
    assertThat(new ReceiptStore(TestPostgres.dataSource()).receipt(id).orElseThrow().items())
        .filteredOn(i -> i.kind() == org.decommission.domain.ArtifactOutcome.Kind.CONTAINER)
        .hasSize(REPLICAS);
  }
}
