package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.decommission.api.auth.TokenKeys;
import org.decommission.domain.Naming;
import org.decommission.testsupport.SocketTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tenants on their own networks, tried as a hostile tenant would: from inside a deployment's
 * container nothing of the control plane answers, two replicas of a stock image listening on one
 * fixed port both serve, the host's network is an admin's exception, and the network is an
 * artifact of the plan and the receipt like any other.
 */
class TenantIsolationIT extends AllInOneContext {
  ApiClient api;

  @Value("${decommission.temporal.embedded-port}")
  int enginePort;

  @org.springframework.beans.factory.annotation.Autowired javax.sql.DataSource dataSource;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.ports.range", () -> "23000-23499");
    registry.add("decommission.delete.stop-grace", () -> "1s");
  }

  @BeforeEach
  void client() throws IOException {
    api = admin();
  }

  String deploy(String spec) {
    ApiClient.Answer created = api.post("/api/deployments", spec);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(202);
    String id = created.text("id");
    docker.track(id);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(api.status(id)).isEqualTo("RUNNING"));
    return id;
  }

  /** A stock image's server: a fixed port, no {@code $PORT}. */
  static String fixedPortSpec(String name, int replicas) {
    return """
        {"name": "%s", "image": "decommission/testapp:local", "replicas": %d,
         "command": ["httpd", "-f", "-p", "8080", "-h", "/www"],
         "ports": [{"name": "http", "containerPort": 8080}],
         "healthCheck": {"type": "HTTP", "port": "http", "path": "/", "timeoutSeconds": 30}}
        """.formatted(name, replicas);
  }

  /** Runs a shell command in the container; its output. */
  static String exec(String container, String script) throws Exception {
    Process p = new ProcessBuilder("docker", "exec", container, "sh", "-c", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  /** Whether a connection from inside the container to {@code address:port} is accepted. */
  static boolean connects(String container, String address, int port) throws Exception {
    // Connected, nc waits for the peer (rc 143 once timeout kills it, or 0 if the peer hangs up);
    // refused or unanswered, it ends at once with rc 1.
    Process p = new ProcessBuilder("docker", "exec", container, "sh", "-c",
        "timeout 3 nc -w 2 " + address + " " + port + " </dev/null; echo rc=$?").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(out).as("the probe ran in %s", container).contains("rc=");
    return out.contains("rc=0") || out.contains("rc=143");
  }

  /** This JVM, its children, and the embedded PostgreSQL (started by pg_ctl, so not our child). */
  Set<Long> programProcesses() throws IOException {
    Set<Long> pids = new HashSet<>();
    pids.add(ProcessHandle.current().pid());
    ProcessHandle.current().descendants().forEach(p -> pids.add(p.pid()));
    Path postmaster = dataDir().resolve("postgres").resolve("postmaster.pid");
    long pg = Long.parseLong(Files.readAllLines(postmaster).get(0).trim());
    pids.add(pg);
    ProcessHandle.of(pg).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
    return pids;
  }

  @Test
  void aTenantsContainerReachesNoPortOfTheControlPlaneButThePublicOne() throws Exception {
    String id = deploy(fixedPortSpec("tenant-" + docker.runId(), 1));
    String container = docker.containersOf(id).get(0).getId();
    String gateway = docker.client().inspectContainerCmd(container).exec().getNetworkSettings().getNetworks()
        .get(Naming.networkName(id)).getGateway();
    assertThat(gateway).as("the deployment's own network has a gateway on the host").isNotBlank();

    Map<Integer, Set<String>> listening = SocketTable.portsOf(programProcesses());
    String dbUrl = ((com.zaxxer.hikari.HikariDataSource) dataSource).getJdbcUrl();
    int dbPort = Integer.parseInt(dbUrl.replaceAll("^jdbc:postgresql://[^:]+:(\\d+)/.*$", "$1"));
    assertThat(listening.keySet()).as("the program's listening sockets, found in the kernel's tables")
        .contains(port, enginePort, dbPort);

    assertThat(connects(container, gateway, port)).as("the public HTTP port answers through the gateway: the probe works").isTrue();
    for (int p : listening.keySet()) {
      if (p == port) {
        continue;
      }
      assertThat(connects(container, gateway, p)).as("port %d (listening on %s) through the gateway %s", p, listening.get(p), gateway).isFalse();
      assertThat(connects(container, "127.0.0.1", p)).as("port %d through the container's own 127.0.0.1", p).isFalse();
    }
  }

  @Test
  void twoReplicasOfAStockImageOnOneFixedPortBothServeOnTheirOwnHostPorts() throws Exception {
    String id = deploy(fixedPortSpec("stock-" + docker.runId(), 2));
    JsonNode deployment = api.get("/api/deployments/" + id).body();
    List<Integer> ports = LifecycleApiIT.hostPorts(deployment);
    assertThat(ports).hasSize(2).doesNotHaveDuplicates();
    for (int p : ports) {
      assertThat(LifecycleApiIT.httpGet(p)).contains("decommission test app");
      assertThat(SocketTable.addresses(p)).as("published on the loopback address only").isNotEmpty()
          .allSatisfy(a -> assertThat(a).isIn(SocketTable.LOOPBACK));
    }
    assertThat(docker.containersOf(id)).allSatisfy(c -> assertThat(docker.client().inspectContainerCmd(c.getId()).exec()
        .getHostConfig().getNetworkMode()).isEqualTo(Naming.networkName(id)));

    // The network is an artifact: planned, kept through the window, removed by the purge, receipted.
    JsonNode plan = api.get("/api/deployments/" + id + "/deletion-plan").body();
    assertThat(plan.path("items").findValuesAsText("name")).contains(Naming.networkName(id));
    assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> api.status(id).equals("DELETED"));
    assertThat(docker.networksOf(id)).as("a restore finds it").containsExactly(Naming.networkName(id));
    assertThat(api.post("/api/deployments/" + id + "/purge").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> api.status(id).equals("PURGED"));
    assertThat(docker.networksOf(id)).isEmpty();
    JsonNode network = null;
    for (JsonNode item : api.get("/api/deployments/" + id + "/receipt").body().path("items")) {
      if (item.path("kind").asText().equals("NETWORK")) {
        network = item;
      }
    }
    assertThat(network).as("the receipt has the network").isNotNull();
    assertThat(network.path("name").asText()).isEqualTo(Naming.networkName(id));
    assertThat(network.path("outcome").asText()).isEqualTo("REMOVED");
  }

  ApiClient user(String name) throws IOException {
    byte[] secret = java.util.Base64.getDecoder().decode(Files.readString(dataDir().resolve("auth/jwt.secret")).trim());
    return api.as(TokenKeys.hs256(secret).sign(name, List.of(), Duration.ofMinutes(5)));
  }

  /** Names and shared volumes are each owner's own: alice's and bob's {@code web} and {@code cache} never meet. */
  @Test
  void twoUsersEachHaveTheirOwnWebAndTheirOwnSharedCache() throws Exception {
    String web = "web-" + docker.runId().substring(8);
    String cache = "cache-" + docker.runId();
    // No route: a route host is one live deployment's, whoever's (another test says so).
    String spec = """
        {"name": "%s", "image": "decommission/testapp:local",
         "ports": [{"name": "http", "containerPort": 8080}],
         "volumes": [{"name": "%s", "mountPath": "/cache", "scope": "SHARED"}],
         "healthCheck": {"type": "HTTP", "port": "http", "path": "/", "timeoutSeconds": 30}}
        """.formatted(web, cache);
    Map<String, String> ids = new java.util.HashMap<>();
    for (String owner : List.of("alice", "bob")) {
      docker.trackSharedVolume(cache);
      ApiClient.Answer created = user(owner).post("/api/deployments", spec);
      assertThat(created.status()).as(owner + ": " + created.body()).isEqualTo(202);
      ids.put(owner, created.text("id"));
      docker.track(created.text("id"));
    }
    for (String owner : List.of("alice", "bob")) {
      String id = ids.get(owner);
      await().atMost(Duration.ofSeconds(60)).until(() -> user(owner).status(id).equals("RUNNING"));
      var mounts = docker.client().inspectContainerCmd(docker.containersOf(id).get(0).getId()).exec().getMounts();
      assertThat(mounts).extracting(m -> m.getName()).contains(Naming.sharedVolumeName(owner, cache));
      assertThat(docker.client().inspectVolumeCmd(Naming.sharedVolumeName(owner, cache)).exec().getLabels())
          .containsEntry(org.decommission.domain.Labels.OWNER, owner);
    }
    assertThat(Naming.sharedVolumeName("alice", cache)).isNotEqualTo(Naming.sharedVolumeName("bob", cache));
    exec(docker.containersOf(ids.get("alice")).get(0).getId(), "echo alice > /cache/secret");
    assertThat(exec(docker.containersOf(ids.get("alice")).get(0).getId(), "cat /cache/secret")).contains("alice");
    assertThat(exec(docker.containersOf(ids.get("bob")).get(0).getId(), "cat /cache/secret 2>&1"))
        .as("bob's cache is not alice's").doesNotContain("alice").contains("No such file");
    assertThat(user("bob").get("/api/deployments/" + ids.get("alice")).status()).as("alice's is not bob's to see").isEqualTo(404);
    ApiClient.Answer second = user("bob").post("/api/deployments", spec);
    assertThat(second.status()).as("bob's second web").isEqualTo(409);
    assertThat(second.text("title")).isEqualTo("Name taken");
  }

  @Test
  void theHostsNetworkIsForbiddenToAUserAndToAnAdminWhereItIsNotAllowed() throws Exception {
    String spec = "{\"name\": \"on-host\", \"image\": \"decommission/testapp:local\", \"network\": \"host\"}";
    byte[] secret = java.util.Base64.getDecoder().decode(Files.readString(dataDir().resolve("auth/jwt.secret")).trim());
    ApiClient mallory = api.as(TokenKeys.hs256(secret).sign("mallory", List.of(), Duration.ofMinutes(5)));
    ApiClient.Answer user = mallory.post("/api/deployments", spec);
    assertThat(user.status()).isEqualTo(403);
    assertThat(user.text("detail")).contains("only an admin");
    ApiClient.Answer admin = api.post("/api/deployments", spec);
    assertThat(admin.status()).isEqualTo(403);
    assertThat(admin.text("detail")).contains("decommission.network.allow-host");
  }
}
