package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.decommission.domain.Naming;
import org.decommission.testsupport.JavaProcess;
import org.decommission.testsupport.Ports;
import org.decommission.testsupport.TestDocker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The all-in-one program is killed with SIGKILL in the middle of a delete, with its in-process
 * engine and everything in it. Started again on the same data dir, it adopts the deployment from
 * the database and the delete finishes.
 */
class AllInOneCrashIT {
  Path dataDir;
  TestDocker docker;
  JavaProcess app;
  int httpPort;
  int temporalPort;
  int uiPort;

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
    if (app != null) {
      app.close();
    }
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

  @Test
  void aKilledAllInOneAdoptsTheDeleteFromTheDatabaseAndFinishesIt() throws Exception {
    app = start("run-1");
    ApiClient api = new ApiClient("http://127.0.0.1:" + httpPort, Files.readString(dataDir.resolve("admin.token")).trim());
    String shared = "crash-" + docker.runId();
    docker.trackSharedVolume(shared);
    // The replicas ignore SIGTERM, so the graceful stop takes the whole grace: a wide window.
    ApiClient.Answer created = api.post("/api/deployments",
        ApiClient.spec("crash-" + docker.runId().substring(6), 3, shared, "[\"sh\", \"-c\", \"trap '' TERM; exec httpd -f -p $PORT -h /www\"]"));
    String id = created.text("id");
    docker.track(id);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.status(id)).isEqualTo("RUNNING"));

    assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(api.get("/api/deployments/" + id).text("phase")).isEqualTo("STOP_REPLICAS"));
    app.kill();
    assertThat(docker.containersOf(id)).as("killed before the replicas were removed").hasSize(3);

    app = start("run-2");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(api.status(id)).as(app.log()).isEqualTo("DELETED"));
    assertThat(docker.containersOf(id)).isEmpty();
    assertThat(app.log()).contains("adoption: 1 unfinished deployment(s)");

    assertThat(api.post("/api/deployments/" + id + "/purge").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.status(id)).isEqualTo("PURGED"));
    assertThat(docker.volumesOf(id)).isEmpty();
    assertThat(docker.networksOf(id)).as("the deployment's network").isEmpty();
    assertThat(api.get("/api/deployments/" + id + "/receipt").body().path("items").size()).isGreaterThanOrEqualTo(3 + 1 + 3);
  }
}
