package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.decommission.api.auth.TokenKeys;
import org.decommission.domain.Naming;
import org.decommission.testsupport.SocketTable;
import org.decommission.testsupport.TestDocker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The all-in-one over real HTTP: the in-process engine, the embedded PostgreSQL and the host's
 * Docker daemon, driven as a curl user drives it.
 */
class LifecycleApiIT extends AllInOneContext {
  Path dataDir;
  ApiClient api;
  ApiClient anonymous;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.delete.retention", () -> "1h");
    registry.add("decommission.delete.stop-grace", () -> "1s");
    registry.add("decommission.ports.range", () -> "30000-30499");
  }

  @BeforeEach
  void client() throws IOException {
    dataDir = dataDir();
    api = admin();
    anonymous = api.as(null);
  }

  String create(String name, String shared, String command, int replicas) {
    docker.trackSharedVolume(shared);
    ApiClient.Answer created = api.post("/api/deployments", ApiClient.spec(name, replicas, shared, command));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(202);
    String id = created.text("id");
    docker.track(id);
    assertThat(created.raw().headers().firstValue("Location")).contains("/api/deployments/" + id);
    assertThat(created.text("workflowId")).isEqualTo("deployment-" + id);
    return id;
  }

  void awaitStatus(String id, String status) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(api.status(id)).isEqualTo(status));
  }

  static String unique(String base) {
    return base + "-" + Long.toHexString(System.nanoTime()).substring(6);
  }

  static String httpGet(int hostPort) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/")).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static List<Integer> hostPorts(JsonNode deployment) {
    List<Integer> ports = new ArrayList<>();
    deployment.path("ports").forEach(p -> ports.add(p.path("hostPort").asInt()));
    return ports;
  }

  @Test
  void theWholeLifecycleLeavesNothingBehindAndATruthfulReceipt() throws Exception {
    String name = unique("web");
    String shared = unique("cache");
    String id = create(name, shared, null, 2);
    awaitStatus(id, "RUNNING");
    JsonNode running = api.get("/api/deployments/" + id).body();
    List<Integer> ports = hostPorts(running);
    assertThat(ports).hasSize(2);
    for (int p : ports) {
      assertThat(httpGet(p)).contains("decommission test app");
    }
    assertThat(docker.containersOf(id)).hasSize(2);
    Path route = dataDir.resolve("routes").resolve(id + ".yml");
    assertThat(Files.readString(route)).contains("Host(`" + name + ".example.test`)").contains("127.0.0.1:" + ports.get(0));

    // Soft delete: containers and route go, data volume and ports stay for the window.
    ApiClient.Answer deleted = api.delete("/api/deployments/" + id);
    assertThat(deleted.status()).isEqualTo(202);
    awaitStatus(id, "DELETED");
    assertThat(docker.containersOf(id)).isEmpty();
    assertThat(docker.volumesOf(id)).containsExactlyInAnyOrder(
        Naming.scopedVolumeName(id, "data"), Naming.scopedVolumeName(id, "state") + "-0", Naming.scopedVolumeName(id, "state") + "-1");
    assertThat(route).doesNotExist();
    JsonNode gone = api.get("/api/deployments/" + id).body();
    assertThat(gone.path("purgeAfter").asText()).isNotEmpty();
    assertThat(hostPorts(gone)).containsExactlyElementsOf(ports);
    ApiClient.Answer again = api.delete("/api/deployments/" + id);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.text("title")).isEqualTo("Already deleted");

    // Restore, then start: the same ports serve again.
    assertThat(api.post("/api/deployments/" + id + "/restore").status()).isEqualTo(202);
    awaitStatus(id, "MISSING");
    assertThat(api.post("/api/deployments/" + id + "/start").status()).isEqualTo(202);
    awaitStatus(id, "RUNNING");
    assertThat(hostPorts(api.get("/api/deployments/" + id).body())).containsExactlyElementsOf(ports);
    assertThat(httpGet(ports.get(1))).contains("decommission test app");
    assertThat(route).as("the start wrote the route again").exists();

    // A stop withdraws the route, a start puts it back.
    assertThat(api.post("/api/deployments/" + id + "/stop").status()).isEqualTo(202);
    awaitStatus(id, "STOPPED");
    assertThat(route).as("a stopped deployment serves no route").doesNotExist();
    assertThat(api.post("/api/deployments/" + id + "/start").status()).isEqualTo(202);
    awaitStatus(id, "RUNNING");
    assertThat(Files.readString(route)).contains("127.0.0.1:" + ports.get(0));

    // Stop, delete and purge now.
    assertThat(api.post("/api/deployments/" + id + "/stop").status()).isEqualTo(202);
    awaitStatus(id, "STOPPED");
    assertThat(docker.containersOf(id)).allSatisfy(c -> assertThat(c.getState()).isEqualTo("exited"));
    assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
    awaitStatus(id, "DELETED");
    assertThat(api.post("/api/deployments/" + id + "/purge").status()).isEqualTo(202);
    awaitStatus(id, "PURGED");

    assertThat(docker.containersOf(id)).isEmpty();
    assertThat(docker.volumesOf(id)).isEmpty();
    assertThat(docker.networksOf(id)).as("the deployment's network").isEmpty();
    assertThat(docker.volumeExists(Naming.sharedVolumeName(ADMIN, shared))).as("shared volume kept").isTrue();
    assertThat(dataDir.resolve("work").resolve(id)).doesNotExist();

    JsonNode receipt = api.get("/api/deployments/" + id + "/receipt").body();
    Map<String, String> outcomes = new java.util.HashMap<>();
    receipt.path("items").forEach(i -> outcomes.put(i.path("kind").asText() + ":" + i.path("name").asText(), i.path("outcome").asText()));
    assertThat(outcomes)
        .containsEntry("CONTAINER:" + Naming.containerName(id, name, 1, 0), "REMOVED")
        .containsEntry("CONTAINER:" + Naming.containerName(id, name, 1, 1), "REMOVED")
        .containsEntry("VOLUME:" + Naming.scopedVolumeName(id, "data"), "REMOVED")
        .containsEntry("VOLUME:" + Naming.scopedVolumeName(id, "state") + "-0", "REMOVED")
        .containsEntry("VOLUME:" + Naming.scopedVolumeName(id, "state") + "-1", "REMOVED")
        .containsEntry("VOLUME:" + Naming.sharedVolumeName(ADMIN, shared), "RETAINED_BY_POLICY")
        .containsEntry("IMAGE:" + TestDocker.IMAGE, "RETAINED_BY_POLICY")
        .containsEntry("WORKDIR:" + Naming.workdirName(id), "REMOVED")
        .containsEntry("ROUTE:" + Naming.routeFileName(id), "REMOVED")
        .containsEntry("PORT:local:" + ports.get(0), "REMOVED")
        .containsEntry("PORT:local:" + ports.get(1), "REMOVED");
    assertThat(receipt.path("completedAt").asText()).isNotEmpty();

    JsonNode tomb = api.get("/api/deployments/" + id).body();
    assertThat(tomb.path("ports")).isEmpty();
    List<String> history = StreamSupport.stream(tomb.path("history").spliterator(), false).map(h -> h.path("newStatus").asText()).toList();
    assertThat(history).containsSubsequence("CREATING", "RUNNING", "DELETING", "DELETED", "MISSING", "CREATING", "RUNNING",
        "STOPPED", "DELETING", "DELETED", "PURGING", "PURGED");
    assertThat(api.post("/api/deployments/" + id + "/restore").status()).isEqualTo(409);

    // The name is free again.
    String reuse = create(name, shared, null, 1);
    assertThat(reuse).isNotEqualTo(id);
  }

  @Test
  void whatThePlanShowsIsWhatGoesAndTheReceiptAccountsForEveryLine() throws Exception {
    String shared = unique("cache");
    String id = create(unique("plan"), shared, null, 2);
    awaitStatus(id, "RUNNING");
    ApiClient.Answer plan = api.get("/api/deployments/" + id + "/deletion-plan");
    assertThat(plan.status()).isEqualTo(200);
    String etag = plan.text("etag");
    assertThat(plan.raw().headers().firstValue("ETag")).contains(etag);
    Map<String, String> planned = new java.util.TreeMap<>();
    plan.body().path("items").forEach(i -> planned.put(i.path("kind").asText() + ":" + i.path("name").asText(), i.path("action").asText()));
    assertThat(planned).hasSize(2 + 1 + 3 + 1 + 1 + 1 + 2 + 1 + 2)
        .containsEntry("NETWORK:" + Naming.networkName(id), "REMOVE")
        .containsEntry("CAPACITY:" + Naming.capacityName("local", false), "RELEASE")
        .containsEntry("CAPACITY:" + Naming.capacityName("local", true), "RELEASE")
        .containsEntry("VOLUME:" + Naming.sharedVolumeName(ADMIN, shared), "RETAIN")
        .containsEntry("VOLUME:" + Naming.scopedVolumeName(id, "state") + "-1", "REMOVE");
    assertThat(api.status(id)).as("a plan changes nothing").isEqualTo("RUNNING");
    assertThat(docker.containersOf(id)).hasSize(2);

    // Something appears under the deployment's label: the plan the operator saw is stale.
    String stray = docker.client().createContainerCmd(TestDocker.IMAGE).withName("dcm-stray-" + docker.runId())
        .withLabels(Map.of("decommission.managed", "true", "decommission.deployment_id", id, TestDocker.TEST_LABEL, docker.runId()))
        .exec().getId();
    docker.trackContainer(stray);
    ApiClient.Answer stale = api.deleteIfMatch("/api/deployments/" + id, etag);
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.text("title")).isEqualTo("Plan changed");
    assertThat(api.status(id)).isEqualTo("RUNNING");
    assertThat(docker.containersOf(id)).hasSize(3);

    ApiClient.Answer fresh = api.get("/api/deployments/" + id + "/deletion-plan");
    assertThat(fresh.text("etag")).isNotEqualTo(etag);
    Map<String, String> pinned = new java.util.TreeMap<>();
    fresh.body().path("items").forEach(i -> pinned.put(i.path("kind").asText() + ":" + i.path("name").asText(), i.path("action").asText()));
    assertThat(api.deleteIfMatch("/api/deployments/" + id, fresh.text("etag")).status()).isEqualTo(202);
    awaitStatus(id, "DELETED");
    assertThat(api.post("/api/deployments/" + id + "/purge").status()).isEqualTo(202);
    awaitStatus(id, "PURGED");
    assertThat(docker.containersOf(id)).isEmpty();

    Map<String, String> receipt = new java.util.HashMap<>();
    api.get("/api/deployments/" + id + "/receipt").body().path("items")
        .forEach(i -> receipt.put(i.path("kind").asText() + ":" + i.path("name").asText(), i.path("outcome").asText()));
    assertThat(receipt).containsOnlyKeys(pinned.keySet());
    pinned.forEach((artifact, action) -> assertThat(receipt.get(artifact)).as(artifact).isIn(switch (action) {
      case "REMOVE", "RELEASE" -> List.of("REMOVED", "ALREADY_GONE");
      default -> List.of("RETAINED_BY_POLICY");
    }));
  }

  @Test
  void aDeleteMidDeployCancelsThePhaseAndNothingStaysBehind() {
    // Nothing listens, so HEALTH_CHECK waits until the delete cancels it.
    String id = create(unique("slow"), unique("cache"), "[\"sleep\", \"3600\"]", 2);
    await().atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(api.get("/api/deployments/" + id).text("phase")).isEqualTo("HEALTH_CHECK"));
    assertThat(api.status(id)).isEqualTo("CREATING");
    assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
    awaitStatus(id, "DELETED");
    assertThat(docker.containersOf(id)).isEmpty();
    JsonNode history = api.get("/api/deployments/" + id).body().path("history");
    assertThat(StreamSupport.stream(history.spliterator(), false)
            .filter(h -> !h.path("oldStatus").asText().equals(h.path("newStatus").asText()))
            .map(h -> h.path("newStatus").asText()))
        .as("status changes; the other rows are phases")
        .containsExactly("CREATING", "DELETING", "DELETED");
  }

  @Test
  void aMissingImageFailsTheDeployAndTheFailedDeploymentCanBeDeleted() {
    String body = """
        {"name": "%s", "image": "decommission/absent:never", "replicas": 1}
        """.formatted(unique("ghost"));
    ApiClient.Answer created = api.post("/api/deployments", body);
    String id = created.text("id");
    docker.track(id);
    awaitStatus(id, "FAILED");
    JsonNode failed = api.get("/api/deployments/" + id).body();
    assertThat(failed.path("lastError").asText()).contains("ImageNotFound").contains("decommission/absent:never");
    assertThat(failed.path("phase").asText()).isEqualTo("PULL_IMAGE");
    assertThat(docker.containersOf(id)).isEmpty();
    assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
    awaitStatus(id, "DELETED");
  }

  @Test
  void aDeployThatFailedForAMissingImageResumesOnceTheImageIsThere() throws Exception {
    String image = "decommission/resume-" + docker.runId() + ":local";
    String shared = unique("cache");
    String spec = ApiClient.spec(unique("resume"), 1, shared, null).replace("decommission/testapp:local", image);
    docker.trackSharedVolume(shared);
    String id = api.post("/api/deployments", spec).text("id");
    docker.track(id);
    awaitStatus(id, "FAILED");
    assertThat(api.get("/api/deployments/" + id).text("phase")).isEqualTo("PULL_IMAGE");
    assertThat(api.post("/api/deployments/" + id + "/resume?fromPhase=TELEPORT").status()).isEqualTo(409);
    assertThat(api.post("/api/deployments/" + id + "/resume?fromPhase=RETENTION").status()).isEqualTo(409);
    assertThat(api.post("/api/deployments/" + id + "/resume").status()).isEqualTo(409);

    // The image is made on the host (built locally, here: tagged from the test image), then resumed.
    docker.client().tagImageCmd(TestDocker.IMAGE, image.substring(0, image.lastIndexOf(':')), "local").exec();
    try {
      ApiClient.Answer resumed = api.post("/api/deployments/" + id + "/resume?fromPhase=PULL_IMAGE");
      assertThat(resumed.status()).isEqualTo(202);
      assertThat(resumed.text("operation")).isEqualTo("RESUME");
      awaitStatus(id, "RUNNING");
      int hostPort = hostPorts(api.get("/api/deployments/" + id).body()).get(0);
      assertThat(httpGet(hostPort)).contains("decommission test app");
      ApiClient.Answer again = api.post("/api/deployments/" + id + "/resume?fromPhase=PULL_IMAGE");
      assertThat(again.status()).as("only a FAILED deployment resumes").isEqualTo(409);
      api.delete("/api/deployments/" + id);
      awaitStatus(id, "DELETED");
    } finally {
      docker.client().removeImageCmd(image).exec();
    }
  }

  @Test
  void clientMistakesAreProblemDocumentsAndChangeNothing() throws Exception {
    ApiClient.Answer invalid = api.post("/api/deployments", """
        {"name": "Bad Name", "image": "", "replicas": 0, "ports": [{"name": "http", "containerPort": 70000}],
         "volumes": [{"name": "data", "mountPath": "../etc"}]}
        """);
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.raw().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    List<String> fields = new ArrayList<>();
    invalid.body().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields).contains("name", "image", "replicas", "ports[0].containerPort", "volumes[0].mountPath");

    assertThat(api.post("/api/deployments", "{not json").status()).isEqualTo(400);
    assertThat(api.get("/api/deployments/not-a-uuid").status()).isEqualTo(400);
    assertThat(api.delete("/api/deployments/not-a-uuid").status()).isEqualTo(400);
    ApiClient.Answer missing = api.get("/api/deployments/" + java.util.UUID.randomUUID());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.text("type")).isEqualTo("/problems/not-found");
    assertThat(anonymous.get("/api/deployments").status()).isEqualTo(401);
    assertThat(api.as("not.a.token").get("/api/deployments").status()).isEqualTo(401);
    byte[] realSecret = java.util.Base64.getDecoder().decode(Files.readString(dataDir.resolve("auth/jwt.secret")).trim());
    var expired = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
        new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("admin").claim("roles", List.of("admin"))
            .issueTime(java.util.Date.from(java.time.Instant.now().minusSeconds(1200)))
            .expirationTime(java.util.Date.from(java.time.Instant.now().minusSeconds(600))).build());
    expired.sign(new com.nimbusds.jose.crypto.MACSigner(realSecret));
    assertThat(api.as(expired.serialize()).get("/api/deployments").status()).as("expired").isEqualTo(401);
    for (var claims : List.of(
        new com.nimbusds.jwt.JWTClaimsSet.Builder().claim("roles", List.of("admin"))
            .expirationTime(java.util.Date.from(java.time.Instant.now().plusSeconds(300))).build(),
        new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("admin").claim("roles", List.of("admin")).build())) {
      var token = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256), claims);
      token.sign(new com.nimbusds.jose.crypto.MACSigner(realSecret));
      assertThat(api.as(token.serialize()).get("/api/deployments").status()).as("no sub or no exp: " + claims).isEqualTo(401);
    }
    assertThat(api.as(TokenKeys.hs256(new byte[48]).sign("admin", List.of("admin"), Duration.ofMinutes(5))).get("/api/deployments").status())
        .as("signed with another key").isEqualTo(401);
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String algNone = b64.encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
        + b64.encodeToString("{\"sub\":\"admin\",\"roles\":[\"admin\"],\"exp\":4102444800}".getBytes()) + ".";
    assertThat(api.as(algNone).get("/api/deployments").status()).as("alg none").isEqualTo(401);
    ApiClient.Answer unauthorized = anonymous.get("/api/deployments");
    assertThat(unauthorized.text("type")).isEqualTo("/problems/unauthorized");
    assertThat(unauthorized.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

    ApiClient.Answer wrongType = api.post("/api/deployments", "{\"name\": \"x\", \"image\": \"a:1\", \"replicas\": \"many\"}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.text("detail")).startsWith("at 'replicas'");
    assertThat(api.post("/api/deployments", "{\"name\": \"" + "a".repeat(100_000) + "\"}").status()).isEqualTo(413);
    assertThat(api.postAs("/api/deployments", "text/plain", "hello").status()).isEqualTo(415);

    String name = unique("taken");
    String id = create(name, unique("cache"), null, 1);
    ApiClient.Answer taken = api.post("/api/deployments", ApiClient.spec(name, 1, "x", null));
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.text("detail")).contains(name);
    awaitStatus(id, "RUNNING");
    assertThat(api.post("/api/deployments/" + id + "/purge").status()).isEqualTo(409);

    // Another user sees nothing of it.
    byte[] secret = java.util.Base64.getDecoder().decode(Files.readString(dataDir.resolve("auth/jwt.secret")).trim());
    ApiClient bob = api.as(TokenKeys.hs256(secret).sign("bob", List.of(), Duration.ofMinutes(5)));
    assertThat(bob.get("/api/deployments/" + id).status()).isEqualTo(404);
    assertThat(bob.delete("/api/deployments/" + id).status()).isEqualTo(404);
    assertThat(bob.get("/api/deployments").body()).isEmpty();
    assertThat(api.status(id)).isEqualTo("RUNNING");

    // Names are each owner's own: bob may have a deployment of the same name, once.
    String bobsSpec = "{\"name\": \"" + name + "\", \"image\": \"decommission/absent:never\", \"replicas\": 1}";
    ApiClient.Answer bobs = bob.post("/api/deployments", bobsSpec);
    assertThat(bobs.status()).as("another owner's name").isEqualTo(202);
    docker.track(bobs.text("id"));
    assertThat(bob.post("/api/deployments", bobsSpec).status()).as("bob's own name again").isEqualTo(409);
  }

  @Test
  void theOpenApiDocumentIsServedAndSystemEndpointsNeedAdmin() throws Exception {
    ApiClient.Answer docs = anonymous.get("/v3/api-docs");
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.body().path("info").path("title").asText()).isEqualTo("Decommission API");
    assertThat(docs.body().path("paths").has("/api/deployments/{id}/deletion-plan")).isTrue();
    assertThat(docs.body().path("paths").has("/api/deployments/bulk-delete")).isTrue();

    byte[] secret = java.util.Base64.getDecoder().decode(Files.readString(dataDir.resolve("auth/jwt.secret")).trim());
    ApiClient bob = api.as(TokenKeys.hs256(secret).sign("bob", List.of(), Duration.ofMinutes(5)));
    ApiClient.Answer forbidden = bob.get("/api/system/settings");
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.text("type")).isEqualTo("/problems/forbidden");
    ApiClient.Answer settings = api.get("/api/system/settings");
    assertThat(settings.status()).isEqualTo(200);
    assertThat(settings.text("portRange")).isEqualTo("30000-30499");
    assertThat(settings.text("retention")).isEqualTo("PT1H");
  }

  @Test
  void healthIsUpWhenDatabaseDockerAndTemporalAre() {
    ApiClient.Answer health = anonymous.get("/actuator/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.text("status")).isEqualTo("UP");
    assertThat(health.body().path("components").path("db").path("status").asText()).isEqualTo("UP");
    assertThat(health.body().path("components").path("docker").path("status").asText()).isEqualTo("UP");
    assertThat(health.body().path("components").path("temporal").path("status").asText()).isEqualTo("UP");
  }

  @org.springframework.beans.factory.annotation.Value("${decommission.temporal.embedded-port}")
  int enginePort;

  /**
   * The in-process engine has no auth: it must listen on the loopback address alone, so a
   * container on a network of its own (or anyone on the host's network) cannot reach it.
   */
  @Test
  void theEmbeddedEngineListensOnTheLoopbackAddressOnly() throws Exception {
    assertThat(SocketTable.addresses(enginePort)).as("listening sockets on the engine port %d", enginePort).isNotEmpty()
        .allSatisfy(address -> assertThat(address).isIn(SocketTable.LOOPBACK));
  }

  @org.springframework.beans.factory.annotation.Autowired javax.sql.DataSource dataSource;

  /**
   * The embedded PostgreSQL listens on the loopback address alone and asks for the password that
   * only the data dir holds (0600): no trust authentication for whoever reaches its port.
   */
  @Test
  void theEmbeddedDatabaseListensOnTheLoopbackAddressOnlyAndWantsItsPassword() throws Exception {
    String url = ((com.zaxxer.hikari.HikariDataSource) dataSource).getJdbcUrl();
    int dbPort = Integer.parseInt(url.replaceAll("^jdbc:postgresql://[^:]+:(\\d+)/.*$", "$1"));
    assertThat(SocketTable.addresses(dbPort)).as("listening sockets on the database port %d", dbPort).isNotEmpty()
        .allSatisfy(address -> assertThat(address).isIn(SocketTable.LOOPBACK));
    String direct = "jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres";
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> java.sql.DriverManager.getConnection(direct, "postgres", "")).isInstanceOf(java.sql.SQLException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> java.sql.DriverManager.getConnection(direct, "postgres", "guess")).isInstanceOf(java.sql.SQLException.class);
    java.nio.file.Path passwordFile = dataDir.resolve("postgres.password");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
    try (var c = java.sql.DriverManager.getConnection(direct, "postgres", Files.readString(passwordFile).trim())) {
      assertThat(c.isValid(2)).isTrue();
    }
  }

  /** A route host is served by one live deployment at a time, whoever asks; a deleted one frees it. */
  @Test
  void aRouteHostIsServedByOneLiveDeploymentWhoeverAsks() throws Exception {
    String host = unique("web") + ".example.test";
    String spec = "{\"name\": \"%s\", \"image\": \"decommission/absent:never\", \"replicas\": 1,"
        + " \"ports\": [{\"name\": \"http\", \"containerPort\": 8080}], \"route\": {\"host\": \"%s\", \"port\": \"http\"}}";
    ApiClient.Answer first = api.post("/api/deployments", spec.formatted(unique("first"), host));
    assertThat(first.status()).isEqualTo(202);
    String id = first.text("id");
    docker.track(id);
    byte[] secret = java.util.Base64.getDecoder().decode(Files.readString(dataDir.resolve("auth/jwt.secret")).trim());
    ApiClient erin = api.as(TokenKeys.hs256(secret).sign("erin", List.of(), Duration.ofMinutes(5)));
    ApiClient.Answer hijack = erin.post("/api/deployments", spec.formatted(unique("hijack"), host.toUpperCase(java.util.Locale.ROOT)));
    assertThat(hijack.status()).isEqualTo(409);
    assertThat(hijack.text("title")).isEqualTo("Route host taken");
    assertThat(api.post("/api/deployments", spec.formatted(unique("second"), host)).status()).as("the same owner's second").isEqualTo(409);

    awaitStatus(id, "FAILED");
    assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
    awaitStatus(id, "DELETED");
    ApiClient.Answer after = erin.post("/api/deployments", spec.formatted(unique("after"), host));
    assertThat(after.status()).as("a deleted deployment frees its route host").isEqualTo(202);
    docker.track(after.text("id"));
    assertThat(api.post("/api/deployments/" + id + "/restore").status()).as("restoring it would take the host back").isEqualTo(409);
  }
}
