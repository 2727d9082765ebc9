package org.decommission.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.decommission.activities.store.Webhook;
import org.decommission.activities.store.WebhookStore;
import org.decommission.workflow.TaskQueues;
import org.decommission.workflow.WebhookActivities;
import org.decommission.workflow.WebhookBatch;
import org.decommission.workflow.WebhookSettings;
import org.decommission.workflow.WebhookWorkflowImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a worker's start does for the webhook subscriptions in the database: each active one gets
 * its workflow at its recorded cursor, once; one whose workflow ended gets it back.
 */
class WebhookClientTest {
  static final String ID = "2b9d0c4e-0000-4000-8000-0000000000b1";
  static final Webhook HOOK = new Webhook(ID, "alice", false, "https://token@hooks.example.test/in?key=secret", List.of(), 41, Instant.EPOCH);

  TestWorkflowEnvironment env;
  WorkflowClient client;
  WebhookActivities activities = mock(WebhookActivities.class, withSettings().withoutAnnotations());
  WebhookStore store = mock(WebhookStore.class);
  WebhookClient webhooks;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    Worker main = env.newWorker(TaskQueues.MAIN);
    main.registerWorkflowImplementationTypes(WebhookWorkflowImpl.class);
    main.registerActivitiesImplementations(activities);
    when(activities.pending(eq(ID), anyLong(), anyLong()))
        .thenAnswer(inv -> new WebhookBatch(true, List.of(), inv.getArgument(1), 0, 0, new WebhookSettings(8, 1_000, 60_000)));
    when(store.active(null)).thenReturn(List.of(HOOK));
    env.start();
    client = env.getWorkflowClient();
    webhooks = new WebhookClient(client, store);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  String runId() {
    return client.newUntypedWorkflowStub("webhook-" + ID).describe().getExecution().getRunId();
  }

  @Test
  void aStartGivesEachActiveSubscriptionItsWorkflowAtItsRecordedCursorOnce() {
    assertThat(webhooks.ensureActive()).isEqualTo(1);
    verify(activities, timeout(5000)).pending(ID, 41, 0);
    String run = runId();
    assertThat(webhooks.ensureActive()).as("a second start finds it running").isEqualTo(1);
    assertThat(runId()).isEqualTo(run);
    assertThat(client.newUntypedWorkflowStub("webhook-" + ID).describe().getStaticSummary())
        .isEqualTo("webhook of alice → https://hooks.example.test · every event");
  }

  @Test
  void aSubscriptionWhoseWorkflowEndedGetsItBackAndASignalToNoWorkflowIsQuiet() {
    assertThat(webhooks.wake(ID)).isFalse();
    webhooks.stop(ID);
    webhooks.ensureActive();
    String run = runId();
    client.newUntypedWorkflowStub("webhook-" + ID).terminate("by hand");
    webhooks.ensureActive();
    await().atMost(Duration.ofSeconds(5)).until(() -> !runId().equals(run));
    assertThat(client.newUntypedWorkflowStub("webhook-" + ID).describe().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(webhooks.wake(ID)).isTrue();
    webhooks.stop(ID);
    await().atMost(Duration.ofSeconds(5)).until(() -> client.newUntypedWorkflowStub("webhook-" + ID).describe().getStatus()
        == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }
}
