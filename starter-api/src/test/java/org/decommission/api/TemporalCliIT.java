package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.decommission.domain.Naming;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The program's engine as Temporal's own CLI sees it: the deployment's workflow with its summary
 * and its current details, found by a visibility query on its search attributes once deleted, the
 * reconcile schedule listed; and the link GET gives to its page in the Temporal UI answers.
 */
class TemporalCliIT extends AllInOneContext {
  static final ObjectMapper JSON = new ObjectMapper();

  @Value("${decommission.temporal.embedded-port}")
  int enginePort;

  @org.springframework.beans.factory.annotation.Autowired org.decommission.worker.LifecycleClient lifecycle;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.ports.range", () -> "22700-22799");
    registry.add("decommission.delete.stop-grace", () -> "1s");
  }

  /** Runs the Temporal CLI against the program's engine; its JSON output. */
  JsonNode temporal(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(EngineStartIT.cli()));
    command.addAll(List.of(args));
    command.addAll(List.of("--address", "127.0.0.1:" + enginePort, "--namespace", "default", "-o", "json"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    return JSON.readTree(out);
  }

  static List<String> executions(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.forEach(e -> ids.add(e.path("execution").path("workflowId").asText()));
    return ids;
  }

  String currentDetails(String workflowId) throws Exception {
    return temporal("workflow", "query", "-w", workflowId, "--type", "__temporal_workflow_metadata")
        .path("queryResult").get(0).path("currentDetails").asText();
  }

  @Test
  void theCliFindsTheWorkflowItsSummaryAndDetailsAndTheUiLinkAnswers() throws Exception {
    ApiClient api = admin();
    String name = "cli-" + docker.runId().substring(8);
    String id = api.post("/api/deployments", """
        {"name": "%s", "image": "decommission/testapp:local", "replicas": 2,
         "ports": [{"name": "http", "containerPort": 8080}],
         "healthCheck": {"type": "HTTP", "port": "http", "path": "/", "timeoutSeconds": 30}}
        """.formatted(name)).text("id");
    docker.track(id);
    await().atMost(Duration.ofSeconds(60)).until(() -> api.status(id).equals("RUNNING"));
    String workflowId = Naming.workflowId(id);

    JsonNode described = temporal("workflow", "describe", "-w", workflowId);
    assertThat(described.path("executionConfig").path("userMetadata").path("summary").asText())
        .isEqualTo(name + " · 2 replicas · " + ADMIN + " · host local");
    assertThat(described.path("executionConfig").path("userMetadata").path("details").asText())
        .contains("decommission/testapp:local").contains(Naming.networkName(id));
    assertThat(currentDetails(workflowId)).startsWith("**RUNNING**");

    String ui = api.get("/api/deployments/" + id).text("temporalUiUrl");
    assertThat(ui).endsWith("/namespaces/default/workflows/" + workflowId);
    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ui)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).as("the Temporal UI serves the workflow's page").isEqualTo(200);

    assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> api.status(id).equals("DELETED"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        executions(temporal("workflow", "list", "--query", "DeploymentStatus='DELETED' AND DeploymentId='" + id + "'")))
        .containsExactly(workflowId));
    assertThat(currentDetails(workflowId)).startsWith("**DELETED** · RETENTION").contains("purge due")
        .as("what the delete did").contains("the delete stopped 2 replica(s), removed 2 container(s)");
    List<String> summaries = new ArrayList<>();
    for (var event : lifecycle.workflowClient().fetchHistory(workflowId).getEvents()) {
      boolean summarised = event.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
          || event.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED;
      if (summarised && event.getUserMetadata().hasSummary()) {
        summaries.add(event.getUserMetadata().getSummary().getData().toStringUtf8());
      }
    }
    assertThat(summaries).as("what each call does, beside it in the UI")
        .anyMatch(t -> t.contains("create 2 replica(s) of decommission/testapp:local"))
        .anyMatch(t -> t.contains("stop every replica: SIGTERM, a kill after"))
        .anyMatch(t -> t.contains("retention: the purge runs at"));
    assertThat(temporal("schedule", "list").findValuesAsText("scheduleId")).contains("reconcile-local");
  }
}
