package org.decommission.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.decommission.workflow.lifecycle.DeploymentLifecycleWorkflowImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays recorded histories of the lifecycle against the current workflow code, so a change that
 * breaks determinism for workflows already running fails here instead of in production. They are
 * recorded by {@link DeploymentLifecycleWorkflowTest} (database writes are local-activity markers):
 * the whole lifecycle (a failed deploy with its compensation, a resume, an update, delete,
 * restore, start, stop, delete, the timed purge), a cancel, a stuck delete finished by a forced
 * purge, a drift signal, a kept failure, a run continued as new while stuck, the whole lifecycle
 * of a deployment on its own network (recorded with every change of {@code Changes}, the latest
 * that a delete and a purge take the folded steps), and the same recorded before networks existed
 * (its run keeps the host's network). The whole lifecycle on a network, the stuck delete and the
 * run continued as new are also kept as recorded before the folded teardown.
 */
class LifecycleReplayTest {
  static final Path DIR = Path.of("src/test/resources/histories");

  static Stream<String> histories() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("lifecycle")).sorted().toList().stream();
    }
  }

  @Test
  void everyKindOfStepHasARecordedHistory() throws IOException {
    assertThat(histories().toList())
        .contains("lifecycle.json", "lifecycle-cancel.json", "lifecycle-stuck-forced-purge.json", "lifecycle-drift.json",
            "lifecycle-kept-failure.json", "lifecycle-continue-as-new.json", "lifecycle-network.json", "lifecycle-before-networks.json",
            "lifecycle-before-route-first.json", "lifecycle-before-folded-teardown.json", "lifecycle-before-folded-stuck-forced-purge.json",
            "lifecycle-before-folded-continue-as-new.json");
    assertThat(Files.readString(DIR.resolve("lifecycle-network.json"))).contains("CreateNetwork").contains("DeleteReplicas").contains("PurgeHost")
        .as("the version marker of the change, its id a JSON payload in base64")
        .contains("\"markerName\": \"Version\"")
        .contains(marker("network-per-deployment")).contains(marker("route-withdrawn-on-stop")).contains(marker("timer-summaries"))
        .contains(marker("route-withdrawn-first")).contains(marker("folded-teardown"))
        .as("the retention timer's summary").contains(payloadStart("retention: the purge runs at"));
    assertThat(Files.readString(DIR.resolve("lifecycle-before-folded-teardown.json")))
        .as("a run on its own network that deleted and purged step by step")
        .contains("RemoveNetwork").contains("PurgeVolumes").contains(marker("route-withdrawn-first")).doesNotContain(marker("folded-teardown"));
    assertThat(Files.readString(DIR.resolve("lifecycle-before-route-first.json")))
        .as("a run on its own network that began before the route was withdrawn first")
        .contains("CreateNetwork").contains(marker("timer-summaries")).doesNotContain(marker("route-withdrawn-first"));
    assertThat(Files.readString(DIR.resolve("lifecycle-before-networks.json")))
        .as("a deployment on a bridge spec whose run began before networks existed").doesNotContain("CreateNetwork");
    String whole = Files.readString(DIR.resolve("lifecycle.json"));
    assertThat(whole).contains("WORKFLOW_EXECUTION_COMPLETED").contains("\"delete\"").contains("EVENT_TYPE_MARKER_RECORDED").contains("PurgeHost");
    assertThat(Files.readString(DIR.resolve("lifecycle-continue-as-new.json"))).contains("continuedExecutionRunId");
  }

  /** How the history spells a JSON string payload that begins with {@code text}: its base64, whole groups only. */
  static String payloadStart(String text) {
    byte[] bytes = ("\"" + text).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bytes, bytes.length / 3 * 3));
  }

  /** A version marker's change id as the history spells it: a JSON string in base64, without its padding (JSON escapes '='). */
  static String marker(String changeId) {
    return java.util.Base64.getEncoder().withoutPadding()
        .encodeToString(("\"" + changeId + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @MethodSource("histories")
  void theCurrentCodeReplaysARecordedHistory(String history) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + history, DeploymentLifecycleWorkflowImpl.class);
  }
}
