package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.decommission.domain.Labels;
import org.decommission.domain.Naming;
import org.decommission.testsupport.JavaProcess;
import org.decommission.testsupport.Ports;
import org.decommission.testsupport.TestDocker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two all-in-one programs (staging beside production) on one Docker daemon, each with its own
 * data dir, sweeping every second with a 1 s orphan grace, on the same port pool: neither takes
 * the other's containers or networks for orphans, and neither hands out a port the other holds.
 */
class TwoInstallationsIT {
  static final String POOL = "31600-31609";

  TestDocker docker;
  final List<JavaProcess> programs = new ArrayList<>();

  record Installation(String name, ApiClient api, Path dataDir) {}

  @BeforeEach
  void setUp() {
    docker = new TestDocker();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (JavaProcess p : programs) {
      p.close();
    }
    docker.close();
  }

  Installation start(String name) throws Exception {
    Path dataDir = Files.createTempDirectory("dcm-two-" + name);
    int httpPort = Ports.free();
    JavaProcess process = JavaProcess.start(
        "org.decommission.api.DecommissionApplication",
        dataDir.resolve("program.log"),
        "--server.port=" + httpPort,
        "--decommission.data-dir=" + dataDir,
        "--decommission.temporal.embedded-port=" + Ports.free(),
        "--decommission.temporal.ui-port=" + Ports.free(),
        "--decommission.ports.range=" + POOL,
        "--decommission.delete.stop-grace=1s",
        "--decommission.reconcile.interval=1s",
        "--decommission.reconcile.orphan-grace=1s");
    programs.add(process);
    ApiClient anonymous = new ApiClient("http://127.0.0.1:" + httpPort, null);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .untilAsserted(() -> assertThat(anonymous.get("/actuator/health").text("status")).as(process.log()).isEqualTo("UP"));
    return new Installation(name, anonymous.as(Files.readString(dataDir.resolve("admin.token")).trim()), dataDir);
  }

  String deploy(Installation in) {
    String shared = in.name() + "-" + docker.runId();
    docker.trackSharedVolume(shared);
    ApiClient.Answer created = in.api().post("/api/deployments", ApiClient.spec(in.name() + "-web", 2, shared, null));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(202);
    String id = created.text("id");
    docker.track(id);
    await().atMost(Duration.ofSeconds(60)).until(() -> in.api().status(id).equals("RUNNING"));
    return id;
  }

  @Test
  void twoInstallationsSweepingOneDaemonLeaveEachOthersDeploymentsAlone() throws Exception {
    Installation production = start("production");
    Installation staging = start("staging");
    String prod = deploy(production);
    String stage = deploy(staging);

    Set<Integer> ports = new HashSet<>();
    for (Installation in : List.of(production, staging)) {
      for (JsonNode d : in.api().get("/api/deployments").body()) {
        d.path("ports").forEach(p -> ports.add(p.path("hostPort").asInt()));
      }
    }
    assertThat(ports).as("one pool, no port given twice: each skips what the other publishes").hasSize(4);
    String prodInstallation = docker.containersOf(prod).get(0).getLabels().get(Labels.INSTALLATION);
    String stageInstallation = docker.containersOf(stage).get(0).getLabels().get(Labels.INSTALLATION);
    assertThat(prodInstallation).isNotEqualTo(stageInstallation);

    // Both sweep every second with a 1 s grace: give them several turns at each other's objects.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
        production.api().get("/api/system/cleanup/stats").body().path("totals").path("runs").asInt() >= 4
            && staging.api().get("/api/system/cleanup/stats").body().path("totals").path("runs").asInt() >= 4);
    for (Installation in : List.of(production, staging)) {
      JsonNode totals = in.api().get("/api/system/cleanup/stats").body().path("totals");
      assertThat(totals.path("orphansRemoved").asInt()).as(in.name() + " removed no orphan").isZero();
      assertThat(totals.path("orphanNetworksRemoved").asInt()).as(in.name() + " removed no network").isZero();
    }
    assertThat(production.api().status(prod)).isEqualTo("RUNNING");
    assertThat(staging.api().status(stage)).isEqualTo("RUNNING");
    for (String id : List.of(prod, stage)) {
      assertThat(docker.containersOf(id)).hasSize(2).allSatisfy(c -> assertThat(c.getState()).isEqualTo("running"));
      assertThat(docker.networksOf(id)).containsExactly(Naming.networkName(id));
    }
    for (int p : ports) {
      assertThat(LifecycleApiIT.httpGet(p)).contains("decommission test app");
    }
  }
}
