package org.decommission.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Replays a recorded history of the whole lifecycle (deploy, delete, restore, start, stop,
 * delete, timed purge; database writes are local-activity markers) against the current workflow code, so a change that breaks determinism
 * for workflows already running fails here instead of in production.
 */
class LifecycleReplayTest {
  static final String HISTORY = "histories/lifecycle.json";

  @Test
  void theCurrentCodeReplaysARecordedLifecycle() throws Exception {
    assertThat(Files.readString(Path.of("src/test/resources", HISTORY)))
        .contains("WORKFLOW_EXECUTION_COMPLETED")
        .contains("\"delete\"")
        .contains("EVENT_TYPE_MARKER_RECORDED")
        .contains("PurgeVolumes");
    WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, DeploymentLifecycleWorkflowImpl.class);
  }
}
