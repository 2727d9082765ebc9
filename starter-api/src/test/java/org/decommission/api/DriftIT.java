package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import java.time.Duration;
import java.util.List;
import org.decommission.domain.Labels;
import org.decommission.domain.Naming;
import org.decommission.testsupport.TestDocker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Containers stopped, started and removed by hand: the status follows through Docker's event
 * stream, and a removed deployment is recreated by a start. Prints the latencies it saw.
 */
class DriftIT extends AllInOneContext {
  ApiClient api;
  @org.springframework.beans.factory.annotation.Autowired org.decommission.worker.LifecycleClient lifecycle;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.ports.range", () -> "24500-24999");
    registry.add("decommission.delete.stop-grace", () -> "1s");
  }

  @BeforeEach
  void client() throws Exception {
    api = admin();
  }

  /** Polls the status every 10 ms until it is {@code status}; returns how long that took. */
  Duration timeUntil(String id, String status) {
    long start = System.nanoTime();
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10)).until(() -> status.equals(api.status(id)));
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  void theStatusFollowsContainersChangedByHandAndAStartRecreatesWhatWasRemoved() throws Exception {
    String shared = "drift-" + docker.runId();
    docker.trackSharedVolume(shared);
    String name = "drift-" + docker.runId().substring(8);
    String id = api.post("/api/deployments", ApiClient.spec(name, 2, shared, null)).text("id");
    docker.track(id);
    await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(api.status(id)));

    // A decoy with a look-alike name and no ownership label: nothing may happen to it.
    String decoy = docker.client().createContainerCmd(TestDocker.IMAGE).withName("dcm-" + name + "-decoy")
        .withLabels(docker.testLabels()).withCmd("sleep", "600").exec().getId();
    docker.trackContainer(decoy);
    docker.client().startContainerCmd(decoy).exec();

    List<Container> containers = docker.containersOf(id);
    assertThat(containers).hasSize(2);
    String first = containers.get(0).getId();

    docker.client().stopContainerCmd(first).withTimeout(0).exec();
    Duration stopped = timeUntil(id, "STOPPED");
    JsonNode afterStop = api.get("/api/deployments/" + id).body();
    assertThat(afterStop.path("history").get(afterStop.path("history").size() - 1).path("reason").asText())
        .startsWith("containers changed out of band (Docker event: ");

    // The Temporal UI lists the deployment by its search attributes, kept current.
    var attributes = lifecycle.workflowClient().newUntypedWorkflowStub(Naming.workflowId(id)).describe().getTypedSearchAttributes();
    assertThat(attributes.get(org.decommission.workflow.DeploymentSearchAttributes.DEPLOYMENT_ID)).isEqualTo(id);
    assertThat(attributes.get(org.decommission.workflow.DeploymentSearchAttributes.STATUS)).isEqualTo("STOPPED");
    assertThat(attributes.get(org.decommission.workflow.DeploymentSearchAttributes.PHASE)).isEqualTo("UPDATE_ROUTES");
    assertThat(attributes.get(org.decommission.workflow.DeploymentSearchAttributes.HOST)).isEqualTo("local");

    docker.client().startContainerCmd(first).exec();
    Duration started = timeUntil(id, "RUNNING");

    docker.client().removeContainerCmd(first).withForce(true).exec();
    Duration removed = timeUntil(id, "MISSING");
    JsonNode missing = api.get("/api/deployments/" + id).body();
    assertThat(missing.path("dataExists").asBoolean()).isTrue();
    assertThat(missing.path("ports")).hasSize(2);

    System.out.printf("drift latency (Docker command returned -> status changed): stop %d ms, start %d ms, remove %d ms%n",
        stopped.toMillis(), started.toMillis(), removed.toMillis());

    // A start recreates what is missing from the stored config, on the same ports.
    assertThat(api.post("/api/deployments/" + id + "/start").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(api.status(id)));
    assertThat(docker.containersOf(id)).hasSize(2).allSatisfy(c -> assertThat(c.getState()).isEqualTo("running"));
    assertThat(api.get("/api/deployments/" + id).body().path("ports")).isEqualTo(missing.path("ports"));

    // The decoy was never touched.
    var decoyState = docker.client().inspectContainerCmd(decoy).exec().getState();
    assertThat(decoyState.getRunning()).isTrue();
    assertThat(docker.client().inspectContainerCmd(decoy).exec().getConfig().getLabels()).doesNotContainKey(Labels.MANAGED);

    // The delete's own container events are no drift: its workflow gets no signal for them, and
    // the delete and purge take the folded steps (two host activities and a local one per phase change).
    io.temporal.client.WorkflowClient client = lifecycle.workflowClient();
    String workflowId = Naming.workflowId(id);
    String runId = client.newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId();
    int before = client.fetchHistory(workflowId, runId).getEvents().size();
    assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
    assertThat(api.post("/api/deployments/" + id + "/purge").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(60)).until(() -> "PURGED".equals(api.status(id)));
    long teardown = Bench.eventsSince(client, workflowId, runId, before);
    List<io.temporal.api.enums.v1.EventType> types = client.fetchHistory(workflowId, runId).getEvents().stream().skip(before)
        .map(io.temporal.api.history.v1.HistoryEvent::getEventType).toList();
    System.out.printf("the delete and purge of 2 replicas added %d history events%n", teardown);
    assertThat(types).doesNotContain(io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    assertThat(teardown).as("history events of a delete and purge (step by step, with a signal per container event, it was 90-100)")
        .isLessThanOrEqualTo(45);
  }
}
