package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.decommission.domain.Labels;
import org.decommission.domain.Naming;
import org.decommission.testsupport.TestDocker;
import org.decommission.worker.LifecycleClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The reconcile sweep, run by hand through the API with the event listener off (so only the
 * sweep can notice anything): ghosts, drift, dry run, orphans and decoys, expired failures,
 * adoption, an unreachable host, and the stats.
 */
class ReconcileIT extends AllInOneContext {
  static final String UNREACHABLE = "elsewhere";

  ApiClient api;
  @Autowired LifecycleClient lifecycle;
  @Autowired javax.sql.DataSource dataSource;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.ports.range", () -> "22000-22499");
    registry.add("decommission.delete.stop-grace", () -> "1s");
    registry.add("decommission.reconcile.events", () -> "false");
    registry.add("decommission.reconcile.interval", () -> "1h");
    registry.add("decommission.reconcile.error-retention", () -> "1s");
    registry.add("decommission.reconcile.orphan-grace", () -> "1s");
    registry.add("decommission.docker.hosts.local", () -> "");
    registry.add("decommission.docker.hosts." + UNREACHABLE, () -> "unix:///nonexistent/decommission-test/docker.sock");
  }

  @BeforeEach
  void client() throws Exception {
    api = admin();
  }

  String deploy(String prefix, int replicas) {
    String shared = prefix + "-" + docker.runId();
    docker.trackSharedVolume(shared);
    String id = api.post("/api/deployments", ApiClient.spec(prefix + "-" + docker.runId().substring(8), replicas, shared, null)).text("id");
    docker.track(id);
    await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(api.status(id)));
    return id;
  }

  /** One sweep now; the report of each host by host id. */
  Map<String, JsonNode> sweep(boolean dryRun) {
    ApiClient.Answer answer = api.post("/api/system/cleanup/run?dryRun=" + dryRun);
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    Map<String, JsonNode> reports = new HashMap<>();
    answer.body().path("reports").forEach(r -> reports.put(r.path("host").asText(), r));
    return reports;
  }

  static List<String> actions(JsonNode report, String kind) {
    List<String> ids = new ArrayList<>();
    report.path("actions").forEach(a -> {
      if (kind.equals(a.path("kind").asText())) {
        ids.add(a.path("containerId").isTextual() ? a.path("containerId").asText() : a.path("deploymentId").asText());
      }
    });
    return ids;
  }

  @Test
  void ghostsAndDriftAreReportedInADryRunAndFollowedInARealOne() {
    String ghost = deploy("ghost", 1);
    String drifted = deploy("drift", 2);
    docker.containersOf(ghost).forEach(c -> docker.client().removeContainerCmd(c.getId()).withForce(true).exec());
    docker.client().stopContainerCmd(docker.containersOf(drifted).get(0).getId()).withTimeout(0).exec();

    Map<String, JsonNode> dry = sweep(true);
    assertThat(actions(dry.get("local"), "GHOST")).contains(ghost);
    assertThat(actions(dry.get("local"), "DRIFT")).contains(drifted);
    assertThat(dry.get("local").path("dryRun").asBoolean()).isTrue();
    assertThat(api.status(ghost)).isEqualTo("RUNNING");
    assertThat(api.status(drifted)).isEqualTo("RUNNING");

    Map<String, JsonNode> real = sweep(false);
    assertThat(actions(real.get("local"), "GHOST")).contains(ghost);
    await().atMost(Duration.ofSeconds(15)).until(() -> "MISSING".equals(api.status(ghost)));
    await().atMost(Duration.ofSeconds(15)).until(() -> "STOPPED".equals(api.status(drifted)));
    assertThat(api.get("/api/deployments/" + ghost).body().path("dataExists").asBoolean()).isTrue();

    // The unreachable host: its sweep reports the error and changes nothing.
    JsonNode elsewhere = real.get(UNREACHABLE);
    assertThat(elsewhere.path("errors")).singleElement().satisfies(e -> assertThat(e.asText()).startsWith("Docker host elsewhere could not be read"));
    assertThat(elsewhere.path("actions")).isEmpty();

    // Nothing is left to do for those two.
    Map<String, JsonNode> again = sweep(false);
    assertThat(actions(again.get("local"), "GHOST")).doesNotContain(ghost);
    assertThat(actions(again.get("local"), "DRIFT")).doesNotContain(drifted);
  }

  /** Labels of one of our replicas on {@code host}, of a deployment no record knows, stamped by {@code installation}. */
  Map<String, String> unknownReplica(String host, String installation) {
    Map<String, String> labels = new HashMap<>(docker.testLabels());
    labels.putAll(Labels.container(UUID.randomUUID().toString(), 1, host, 0));
    if (installation != null) {
      labels.put(Labels.INSTALLATION, installation);
    }
    return labels;
  }

  @Test
  void orphansAreRemovedAndDecoysSurviveEverySweep() throws Exception {
    String runId = docker.runId();
    String ours = new org.springframework.jdbc.core.JdbcTemplate(dataSource).queryForObject("SELECT id FROM installation", String.class);
    String orphan = run("dcm-orphan-" + runId, unknownReplica("local", ours));
    String lookAlike = run("dcm-lookalike-" + runId + "-r1-0", docker.testLabels());
    String otherHost = run("dcm-otherhost-" + runId, unknownReplica(UNREACHABLE, ours));
    String otherInstallation = run("dcm-otherinst-" + runId, unknownReplica("local", "another-installation"));
    String unclaimed = run("dcm-unclaimed-" + runId, unknownReplica("local", null));

    Thread.sleep(1_500); // past the orphan grace
    Map<String, JsonNode> dry = sweep(true);
    assertThat(actions(dry.get("local"), "REMOVE_ORPHAN")).contains(orphan).doesNotContain(lookAlike, otherHost, otherInstallation, unclaimed);
    assertThat(exists(orphan)).isTrue();

    Map<String, JsonNode> real = sweep(false);
    assertThat(actions(real.get("local"), "REMOVE_ORPHAN")).contains(orphan);
    assertThat(exists(orphan)).isFalse();
    assertThat(exists(lookAlike)).as("a container without our label").isTrue();
    assertThat(exists(otherHost)).as("a container of another host").isTrue();
    assertThat(exists(otherInstallation)).as("a container of another installation on this host").isTrue();
    assertThat(exists(unclaimed)).as("a container without an installation label, of no deployment we know").isTrue();
    sweep(false);
    assertThat(exists(lookAlike)).isTrue();
    assertThat(exists(otherHost)).isTrue();
    assertThat(exists(otherInstallation)).isTrue();
    assertThat(exists(unclaimed)).isTrue();
  }

  /**
   * Our networks whose deployment is gone are orphans; a live or deleted deployment's network,
   * another installation's and one made before the installation label are left alone.
   */
  @Test
  void orphanNetworksAreRemovedAndEveryOtherNetworkSurvives() throws Exception {
    String runId = docker.runId();
    String ours = new org.springframework.jdbc.core.JdbcTemplate(dataSource).queryForObject("SELECT id FROM installation", String.class);
    String orphan = network("dcm-net-orphan-" + runId, ours);
    String otherInstallation = network("dcm-net-otherinst-" + runId, "another-installation");
    String unclaimed = network("dcm-net-unclaimed-" + runId, null);
    String live = deploy("netlive", 1);
    String deleted = deploy("netdeleted", 1);
    assertThat(api.delete("/api/deployments/" + deleted).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> "DELETED".equals(api.status(deleted)));

    Thread.sleep(1_500); // past the orphan grace
    Map<String, JsonNode> dry = sweep(true);
    assertThat(actions(dry.get("local"), "REMOVE_ORPHAN_NETWORK")).containsExactly(orphan);
    assertThat(networkExists(orphan)).isTrue();

    Map<String, JsonNode> real = sweep(false);
    assertThat(actions(real.get("local"), "REMOVE_ORPHAN_NETWORK")).containsExactly(orphan);
    assertThat(real.get("local").path("orphanNetworksRemoved").asInt()).isEqualTo(1);
    assertThat(networkExists(orphan)).isFalse();
    assertThat(networkExists(otherInstallation)).as("another installation's").isTrue();
    assertThat(networkExists(unclaimed)).as("one without an installation label").isTrue();
    assertThat(docker.networksOf(live)).as("a live deployment's").containsExactly(Naming.networkName(live));
    assertThat(docker.networksOf(deleted)).as("a deleted deployment's, kept through its window").containsExactly(Naming.networkName(deleted));
  }

  /** One of our networks, of a deployment no record knows, stamped by {@code installation}; returns its id. */
  String network(String name, String installation) {
    Map<String, String> labels = new HashMap<>(docker.testLabels());
    labels.putAll(Labels.network(UUID.randomUUID().toString(), "local", null));
    if (installation != null) {
      labels.put(Labels.INSTALLATION, installation);
    }
    String id = docker.client().createNetworkCmd().withName(name).withLabels(labels).exec().getId();
    docker.trackNetwork(name);
    return id;
  }

  boolean networkExists(String networkId) {
    return !docker.client().listNetworksCmd().withIdFilter(networkId).exec().isEmpty();
  }

  @Test
  void aFailedDeploymentPastTheErrorRetentionIsDeletedWithItsRetentionWindowAndItsNameIsFree() throws Exception {
    String name = "expire-" + docker.runId().substring(8);
    String body = "{\"name\": \"" + name + "\", \"image\": \"decommission/absent:never\", \"replicas\": 1}";
    String id = api.post("/api/deployments", body).text("id");
    docker.track(id);
    String guarded = api.post("/api/deployments",
        "{\"name\": \"" + name + "-guarded\", \"image\": \"decommission/absent:never\", \"replicas\": 1, \"deletionProtection\": true}").text("id");
    docker.track(guarded);
    await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(api.status(id)) && "FAILED".equals(api.status(guarded)));
    assertThat(api.post("/api/deployments", body).status()).as("the name is held").isEqualTo(409);
    Thread.sleep(1_500); // past the error retention

    Map<String, JsonNode> real = sweep(false);
    assertThat(actions(real.get("local"), "EXPIRE_FAILED")).contains(id);
    assertThat(real.get("local").path("namesFreed").asInt()).isGreaterThanOrEqualTo(1);
    await().atMost(Duration.ofSeconds(30)).until(() -> "DELETED".equals(api.status(id)));
    // Deleted, not purged: like every delete it keeps its window, and its purge comes with the timer.
    assertThat(api.get("/api/deployments/" + id).body().path("purgeAfter").asText()).isNotBlank();
    assertThat(real.get("local").path("portsFreed").asInt()).isZero();
    assertThat(actions(real.get("local"), "EXPIRE_FAILED")).as("deletion protection holds").doesNotContain(guarded);
    assertThat(api.status(guarded)).isEqualTo("FAILED");
    ApiClient.Answer again = api.post("/api/deployments", body);
    assertThat(again.status()).as("the name is free again").isEqualTo(202);
    docker.track(again.text("id"));
  }

  @Test
  void aDeploymentWithNoWorkflowIsAdoptedAndTheStatsCountEverything() {
    String id = deploy("adopt", 1);
    lifecycle.workflowClient().newUntypedWorkflowStub(Naming.workflowId(id)).terminate("test: the workflow is lost");
    await().atMost(Duration.ofSeconds(10)).until(() -> !lifecycle.runningDeploymentIds().contains(id));

    Map<String, JsonNode> real = sweep(false);
    assertThat(actions(real.get("local"), "ADOPT")).contains(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> lifecycle.runningDeploymentIds().contains(id));
    // Adopted, it serves requests again.
    assertThat(api.post("/api/deployments/" + id + "/stop").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> "STOPPED".equals(api.status(id)));

    JsonNode stats = api.get("/api/system/cleanup/stats").body();
    assertThat(stats.path("settings").path("orphanGrace").asText()).isEqualTo("PT1S");
    assertThat(stats.path("settings").path("hosts")).hasSize(2);
    assertThat(stats.path("totals").path("runs").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(stats.path("totals").path("adopted").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(stats.path("totals").path("errors").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(stats.path("lastRuns").get(0).path("durationMillis").isNumber()).isTrue();
  }

  @Test
  void onlyAnAdminMayRunOrReadTheReconciler() throws Exception {
    byte[] secret = java.util.Base64.getDecoder().decode(java.nio.file.Files.readString(dataDir().resolve("auth/jwt.secret")).trim());
    ApiClient user = api.as(org.decommission.api.auth.TokenKeys.hs256(secret).sign("dora", List.of(), Duration.ofMinutes(5)));
    assertThat(user.post("/api/system/cleanup/run").status()).isEqualTo(403);
    assertThat(user.get("/api/system/cleanup/stats").status()).isEqualTo(403);
  }

  String run(String name, Map<String, String> labels) {
    String id = docker.client().createContainerCmd(TestDocker.IMAGE).withName(name).withLabels(labels).withCmd("sleep", "600").exec().getId();
    docker.trackContainer(id);
    docker.client().startContainerCmd(id).exec();
    return id;
  }

  boolean exists(String containerId) {
    List<Container> all = docker.client().listContainersCmd().withShowAll(true).withIdFilter(List.of(containerId)).exec();
    return !all.isEmpty();
  }
}
