package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.decommission.testsupport.DebianPostgres;
import org.decommission.testsupport.JavaProcess;
import org.decommission.testsupport.Ports;
import org.decommission.testsupport.TestDocker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production shape on one machine, no containers for the control plane: the Temporal CLI's
 * dev server, Debian's PostgreSQL 15 server, two worker processes and the API process. A
 * deployment is created through the API; the worker running its graceful stop is SIGKILLed
 * mid-delete, and the other worker finishes the delete and the purge; nothing is orphaned.
 */
class SplitModeIT {
  TestDocker docker;
  DebianPostgres postgres;
  Process engine;
  final List<JavaProcess> programs = new ArrayList<>();
  Path dir;
  int enginePort;

  @BeforeEach
  void setUp() throws Exception {
    docker = new TestDocker();
    postgres = new DebianPostgres();
    dir = Files.createTempDirectory("dcm-split");
    enginePort = Ports.free();
    engine = new ProcessBuilder(EngineStartIT.cli(), "server", "start-dev", "--ip", "127.0.0.1", "--port", Integer.toString(enginePort),
        "--headless", "--db-filename", dir.resolve("temporal.db").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("temporal.log").toFile()).start();
    await().atMost(Duration.ofSeconds(30)).until(() -> EngineStartIT.answers(enginePort));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (JavaProcess p : programs) {
      p.close();
    }
    engine.destroy();
    engine.waitFor(10, TimeUnit.SECONDS);
    postgres.close();
    docker.close();
  }

  List<String> shared() {
    return List.of(
        "--decommission.temporal.target=127.0.0.1:" + enginePort,
        "--spring.datasource.url=" + postgres.jdbcUrl(),
        "--spring.datasource.username=" + postgres.user(),
        "--spring.datasource.password=" + postgres.password(),
        "--decommission.ports.range=31800-31899",
        "--decommission.delete.stop-grace=4s");
  }

  JavaProcess worker(String name) {
    List<String> args = new ArrayList<>(shared());
    // The workers of one host share its data dir (work dirs, route files, logs).
    args.add("--decommission.data-dir=" + dir.resolve("data"));
    JavaProcess p = JavaProcess.start("org.decommission.worker.WorkerApplication", dir.resolve(name + ".log"), args.toArray(String[]::new));
    programs.add(p);
    return p;
  }

  @Test
  void aWorkerKilledMidDeleteIsTakenOverByTheOtherAndNothingIsLeft() throws Exception {
    JavaProcess one = worker("worker-1");
    JavaProcess two = worker("worker-2");
    int httpPort = Ports.free();
    List<String> apiArgs = new ArrayList<>(shared());
    apiArgs.addAll(List.of("--server.port=" + httpPort, "--decommission.worker.enabled=false",
        "--decommission.data-dir=" + dir.resolve("api")));
    programs.add(JavaProcess.start("org.decommission.api.DecommissionApplication", dir.resolve("api.log"), apiArgs.toArray(String[]::new)));
    ApiClient anonymous = new ApiClient("http://127.0.0.1:" + httpPort, null);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .untilAsserted(() -> assertThat(anonymous.get("/actuator/health").text("status")).isEqualTo("UP"));
    await().atMost(Duration.ofSeconds(60)).until(() -> one.log().contains("polling") && two.log().contains("polling"));
    ApiClient api = anonymous.as(Files.readString(dir.resolve("api").resolve("admin.token")).trim());

    String shared = "split-" + docker.runId();
    docker.trackSharedVolume(shared);
    // The replicas ignore SIGTERM, so the graceful stop takes the whole grace: a wide window.
    ApiClient.Answer created = api.post("/api/deployments",
        ApiClient.spec("split-" + docker.runId().substring(6), 3, shared, "[\"sh\", \"-c\", \"trap '' TERM; exec httpd -f -p $PORT -h /www\"]"));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(202);
    String id = created.text("id");
    docker.track(id);
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(api.status(id)).isEqualTo("RUNNING"));

    assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .until(() -> stoppingIn(one, id) || stoppingIn(two, id));
    JavaProcess killed = stoppingIn(one, id) ? one : two;
    JavaProcess survivor = killed == one ? two : one;
    killed.kill();
    assertThat(docker.containersOf(id)).as("killed before the replicas were removed").hasSize(3);

    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(api.status(id)).as(survivor.log()).isEqualTo("DELETED"));
    assertThat(docker.containersOf(id)).isEmpty();
    assertThat(api.post("/api/deployments/" + id + "/purge").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.status(id)).isEqualTo("PURGED"));
    assertThat(docker.volumesOf(id)).isEmpty();
    assertThat(docker.networksOf(id)).isEmpty();
    assertThat(stoppingIn(survivor, id)).as("the survivor ran the stop again").isTrue();
  }

  /** Whether this worker's log shows it stopping the deployment's replicas (the activity under way). */
  static boolean stoppingIn(JavaProcess worker, String id) {
    return worker.log().lines().anyMatch(l -> l.contains(id) && l.contains("stopping") && l.contains("running container(s)"));
  }
}
