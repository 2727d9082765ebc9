package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.decommission.domain.Naming;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Resources and capacity on the real daemon: a spec's limits in {@code docker inspect}, the
 * installation's defaults and maxima, a host that is full answering 409 at once, and what a delete
 * and a purge free again, in the plan and the receipt.
 */
class ResourcesIT extends AllInOneContext {
  ApiClient api;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.ports.range", () -> "23500-23999");
    registry.add("decommission.delete.stop-grace", () -> "1s");
    registry.add("decommission.capacity.cpu", () -> "2");
    registry.add("decommission.capacity.memory", () -> "1024");
    registry.add("decommission.capacity.storage", () -> "20");
    registry.add("decommission.resources.default.cpu", () -> "0.25");
    registry.add("decommission.resources.default.memory", () -> "32");
    registry.add("decommission.resources.default.pids", () -> "64");
    registry.add("decommission.resources.default.storage", () -> "1");
    registry.add("decommission.resources.max.cpu", () -> "1.5");
  }

  @BeforeEach
  void client() throws Exception {
    api = admin();
  }

  static String spec(String name, int replicas, String image, String resources) {
    return """
        {"name": "%s", "image": "%s", "replicas": %d,
         "ports": [{"name": "http", "containerPort": 8080}],
         "healthCheck": {"type": "HTTP", "port": "http", "path": "/", "timeoutSeconds": 30}
         %s}
        """.formatted(name, image, replicas, resources == null ? "" : ", \"resources\": " + resources);
  }

  String create(String body, int status) {
    ApiClient.Answer created = api.post("/api/deployments", body);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(status);
    if (status != 202) {
      return null;
    }
    docker.track(created.text("id"));
    return created.text("id");
  }

  void awaitStatus(String id, String status) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> api.status(id).equals(status));
  }

  JsonNode used(String host) {
    for (JsonNode h : api.get("/api/system/capacity").body().path("hosts")) {
      if (h.path("host").asText().equals(host)) {
        return h;
      }
    }
    throw new AssertionError("no host " + host);
  }

  @Test
  void limitsReachTheContainersAndAFullHostAnswers409UntilADeleteFreesIt() throws Exception {
    String web = create(spec("web-" + docker.runId(), 2, "decommission/testapp:local",
        "{\"cpu\": 0.5, \"memory\": 64, \"pids\": 100, \"storage\": 5}"), 202);
    awaitStatus(web, "RUNNING");
    assertThat(docker.containersOf(web)).hasSize(2).allSatisfy(c -> {
      var limits = docker.client().inspectContainerCmd(c.getId()).exec().getHostConfig();
      assertThat(limits.getNanoCPUs()).isEqualTo(500_000_000L);
      assertThat(limits.getMemory()).isEqualTo(64L * 1024 * 1024);
      assertThat(limits.getPidsLimit()).isEqualTo(100L);
    });
    JsonNode view = api.get("/api/deployments/" + web).body();
    assertThat(view.path("spec").path("resources").path("cpu").asDouble()).isEqualTo(0.5);
    assertThat(view.path("reserved").path("cpuMillis").asLong()).isEqualTo(1000);
    assertThat(view.path("reserved").path("memoryMib").asLong()).isEqualTo(128);
    assertThat(view.path("reserved").path("storageGib").asLong()).isEqualTo(5);
    assertThat(used("local").path("free").path("cpu").asDouble()).isEqualTo(1.0);

    ApiClient.Answer full = api.post("/api/deployments", spec("big-" + docker.runId(), 1, "decommission/testapp:local",
        "{\"cpu\": 1.5}"));
    assertThat(full.status()).isEqualTo(409);
    assertThat(full.text("title")).isEqualTo("Capacity exceeded");
    assertThat(full.text("detail")).contains("cpu 1 free of 2, 1.5 needed");

    Map<String, String> plan = new HashMap<>();
    api.get("/api/deployments/" + web + "/deletion-plan").body().path("items")
        .forEach(i -> plan.put(i.path("name").asText(), i.path("stage").asText() + " " + i.path("action").asText()));
    assertThat(plan).containsEntry(Naming.capacityName("local", false), "DELETE RELEASE")
        .containsEntry(Naming.capacityName("local", true), "PURGE RELEASE");
    assertThat(api.delete("/api/deployments/" + web).status()).isEqualTo(202);
    awaitStatus(web, "DELETED");
    JsonNode deleted = api.get("/api/deployments/" + web).body().path("reserved");
    assertThat(deleted.path("cpuMillis").asLong()).isZero();
    assertThat(deleted.path("memoryMib").asLong()).isZero();
    assertThat(deleted.path("storageGib").asLong()).as("its storage stays until the purge").isEqualTo(5);
    assertThat(used("local").path("used").path("cpu").asDouble()).isZero();
    String big = create(spec("big-" + docker.runId(), 1, "decommission/testapp:local", "{\"cpu\": 1.5}"), 202);
    awaitStatus(big, "RUNNING");

    assertThat(api.post("/api/deployments/" + web + "/purge").status()).isEqualTo(202);
    awaitStatus(web, "PURGED");
    Map<String, String> receipt = new HashMap<>();
    api.get("/api/deployments/" + web + "/receipt").body().path("items")
        .forEach(i -> receipt.put(i.path("name").asText(), i.path("outcome").asText() + ": " + i.path("detail").asText()));
    assertThat(receipt.get(Naming.capacityName("local", false))).startsWith("REMOVED: 1 cpu, 128 MiB memory released");
    assertThat(receipt.get(Naming.capacityName("local", true))).startsWith("REMOVED: 5 GiB storage released");
    deleteToFreeItsCpu(big);
  }

  /** The tests share one host's capacity: each frees what it holds. */
  void deleteToFreeItsCpu(String id) {
    assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
    awaitStatus(id, "DELETED");
  }

  @Test
  void aSpecWithoutResourcesGetsTheDefaultsAndOneBeyondTheMaximaIsRefused() {
    String small = create(spec("small-" + docker.runId(), 1, "decommission/absent:never", null), 202);
    JsonNode resources = api.get("/api/deployments/" + small).body().path("spec").path("resources");
    assertThat(resources.path("cpu").asDouble()).isEqualTo(0.25);
    assertThat(resources.path("memory").asInt()).isEqualTo(32);
    assertThat(resources.path("pids").asInt()).isEqualTo(64);
    assertThat(resources.path("storage").asInt()).isEqualTo(1);

    ApiClient.Answer tooBig = api.post("/api/deployments", spec("huge-" + docker.runId(), 1, "decommission/testapp:local", "{\"cpu\": 2}"));
    assertThat(tooBig.status()).isEqualTo(400);
    assertThat(tooBig.body().path("errors").findValuesAsText("field")).containsExactly("resources.cpu");
    assertThat(tooBig.body().path("errors").findValuesAsText("message").get(0)).contains("decommission.resources.max.cpu");
    deleteToFreeItsCpu(small);
  }

  /** A failed deploy frees its cpu and memory; resuming it needs them again, and a full host says no. */
  @Test
  void aResumeNeedsTheCapacityAgain() {
    String failed = create(spec("again-" + docker.runId(), 1, "decommission/absent:never", "{\"cpu\": 1}"), 202);
    awaitStatus(failed, "FAILED");
    assertThat(api.get("/api/deployments/" + failed).body().path("reserved").path("cpuMillis").asLong()).isZero();
    String other = create(spec("other-" + docker.runId(), 1, "decommission/absent:never", "{\"cpu\": 1.5}"), 202);
    ApiClient.Answer resume = api.post("/api/deployments/" + failed + "/resume?fromPhase=PULL_IMAGE");
    assertThat(resume.status()).isEqualTo(409);
    assertThat(resume.text("title")).isEqualTo("Capacity exceeded");
    assertThat(api.status(failed)).isEqualTo("FAILED");
    awaitStatus(other, "FAILED");
    assertThat(api.post("/api/deployments/" + failed + "/resume?fromPhase=PULL_IMAGE").status()).isEqualTo(202);
    deleteToFreeItsCpu(failed);
    deleteToFreeItsCpu(other);
  }
}
