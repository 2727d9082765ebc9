package org.decommission.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconcile workflow against a mocked sweep, with time skipping; and a replay of its history. */
class ReconcileWorkflowTest {
  static final String HISTORY = "histories/reconcile.json";

  TestWorkflowEnvironment env;
  ReconcileActivities sweeps;
  WorkflowClient client;

  static SweepReport report(boolean dryRun) {
    return new SweepReport("local", dryRun, Instant.EPOCH, 5, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), List.of());
  }

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    sweeps = mock(ReconcileActivities.class, withSettings().withoutAnnotations());
    when(sweeps.sweep(eq("local"), anyBoolean())).thenAnswer(inv -> report(inv.getArgument(1)));
    Worker main = env.newWorker(TaskQueues.MAIN);
    main.registerWorkflowImplementationTypes(ReconcileWorkflowImpl.class);
    env.newWorker(TaskQueues.docker("local")).registerActivitiesImplementations(sweeps);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  ReconcileWorkflow stub(String id) {
    return client.newWorkflowStub(ReconcileWorkflow.class, WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.MAIN).build());
  }

  @Test
  void aLoopSweepsAtOnceThenEveryIntervalAndASweepAskedForNowAnswersWithItsReport() throws Exception {
    ReconcileWorkflow loop = stub("reconcile-local");
    WorkflowClient.start(loop::run, new ReconcileInput("local", 60, false, true));
    verify(sweeps, timeout(5000)).sweep("local", false);
    env.sleep(Duration.ofSeconds(59));
    verify(sweeps, times(1)).sweep("local", false);
    env.sleep(Duration.ofSeconds(2));
    verify(sweeps, timeout(5000).times(2)).sweep("local", false);

    SweepReport now = loop.sweepNow(true);
    assertThat(now.dryRun()).isTrue();
    assertThat(now.ghosts()).isEqualTo(1);
    verify(sweeps).sweep("local", true);

    if (Boolean.getBoolean("record.history")) {
      String json = client.fetchHistory("reconcile-local").toJson(true);
      java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources", HISTORY), json);
    }
  }

  @Test
  void aScheduledRunSweepsOnceAndReturnsItsReport() {
    SweepReport report = stub("reconcile-local-now").run(new ReconcileInput("local", 60, true, false));
    assertThat(report.host()).isEqualTo("local");
    assertThat(report.dryRun()).isTrue();
    verify(sweeps, times(1)).sweep("local", true);
  }

  @Test
  void theCurrentCodeReplaysARecordedLoop() throws Exception {
    assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources", HISTORY))).contains("sweepNow").contains("Sweep");
    WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, ReconcileWorkflowImpl.class);
  }
}
