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
 * purge, a drift signal, a kept failure, and a run continued as new while stuck.
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
            "lifecycle-kept-failure.json", "lifecycle-continue-as-new.json");
    String whole = Files.readString(DIR.resolve("lifecycle.json"));
    assertThat(whole).contains("WORKFLOW_EXECUTION_COMPLETED").contains("\"delete\"").contains("EVENT_TYPE_MARKER_RECORDED").contains("PurgeVolumes");
    assertThat(Files.readString(DIR.resolve("lifecycle-continue-as-new.json"))).contains("continuedExecutionRunId");
  }

  @ParameterizedTest
  @MethodSource("histories")
  void theCurrentCodeReplaysARecordedHistory(String history) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + history, DeploymentLifecycleWorkflowImpl.class);
  }
}
