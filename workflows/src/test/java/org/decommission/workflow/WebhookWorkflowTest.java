package org.decommission.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.decommission.domain.GapFreeRead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook workflow against an in-memory history and receiver, on the test server with time
 * skipping; and a replay of its recorded history.
 */
class WebhookWorkflowTest {
  static final String HISTORY = "histories/webhook.json";
  static final String ID = "5e0c2a3b-0000-4000-8000-00000000000a";
  static final String WORKFLOW_ID = "webhook-" + ID;

  /** The history rows and the receiver as the workflow's activities see them. */
  static final class Fake implements WebhookActivities {
    final List<WebhookEvent> rows = new CopyOnWriteArrayList<>();
    final List<Long> reads = new CopyOnWriteArrayList<>();
    final List<Long> attempts = new CopyOnWriteArrayList<>();
    final List<Long> delivered = new CopyOnWriteArrayList<>();
    final List<Long> failed = new CopyOnWriteArrayList<>();
    /** Per event id, how many attempts the receiver refuses; -1: every one. */
    final Map<Long, Integer> refusals = new ConcurrentHashMap<>();
    volatile boolean gone;
    volatile WebhookSettings settings = new WebhookSettings(3, 200, 800);

    void append(long... ids) {
      for (long id : ids) {
        rows.add(new WebhookEvent(id, "deployment-phase", "d-" + id, "{\"id\":" + id + "}"));
      }
    }

    @Override
    public WebhookBatch pending(String webhookId, long afterId, long settledBelow) {
      reads.add(afterId);
      if (gone) {
        return WebhookBatch.gone(afterId);
      }
      List<WebhookEvent> after = rows.stream().filter(e -> e.id() > afterId).sorted(Comparator.comparingLong(WebhookEvent::id)).limit(50).toList();
      var read = GapFreeRead.of(after, WebhookEvent::id, afterId, settledBelow);
      return new WebhookBatch(true, read.rows(), read.readTo(), read.gapFrom(), read.gapTo(), settings);
    }

    @Override
    public void deliver(String webhookId, WebhookEvent event) {
      attempts.add(event.id());
      int refuse = refusals.getOrDefault(event.id(), 0);
      if (refuse != 0) {
        refusals.put(event.id(), refuse - 1);
        throw ApplicationFailure.newFailure("the receiver answered 500", FailureTypes.WEBHOOK_REFUSED);
      }
      delivered.add(event.id());
    }

    @Override
    public void markFailed(String webhookId, WebhookEvent event) {
      failed.add(event.id());
    }
  }

  TestWorkflowEnvironment env;
  WorkflowClient client;
  Fake fake = new Fake();

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    Worker main = env.newWorker(TaskQueues.MAIN);
    main.registerWorkflowImplementationTypes(WebhookWorkflowImpl.class);
    main.registerActivitiesImplementations(fake);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  WebhookWorkflow stub() {
    return client.newWorkflowStub(WebhookWorkflow.class, WorkflowOptions.newBuilder().setWorkflowId(WORKFLOW_ID).setTaskQueue(TaskQueues.MAIN).build());
  }

  WorkflowExecution start(long cursor) {
    return WorkflowClient.start(stub()::run, new WebhookInput(ID, cursor));
  }

  WebhookWorkflow running() {
    return client.newWorkflowStub(WebhookWorkflow.class, WORKFLOW_ID);
  }

  static List<Long> ids(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void eventsAreDeliveredOneAtATimeInIdOrderFromTheCursorOn() {
    fake.append(3, 4, 5, 6, 7);
    start(4);
    await().atMost(Duration.ofSeconds(10)).until(() -> fake.delivered.size() == 3);
    assertThat(fake.delivered).containsExactly(5L, 6L, 7L);
    assertThat(running().cursor()).isEqualTo(7);
  }

  @Test
  void aRefusedDeliveryIsRetriedAndTheNextWaitsForIt() {
    fake.append(1, 2, 3);
    fake.refusals.put(2L, 2);
    start(0);
    await().atMost(Duration.ofSeconds(15)).until(() -> fake.delivered.size() == 3);
    assertThat(fake.attempts).containsExactly(1L, 2L, 2L, 2L, 3L);
    assertThat(fake.delivered).containsExactly(1L, 2L, 3L);
    assertThat(fake.failed).isEmpty();
  }

  @Test
  void aDeliveryOutOfAttemptsIsMarkedFailedAndTheNextEventIsStillDelivered() throws Exception {
    fake.append(1, 2, 3);
    fake.refusals.put(2L, 1);
    fake.refusals.put(3L, -1);
    fake.append(4);
    start(0);
    await().atMost(Duration.ofSeconds(15)).until(() -> fake.delivered.contains(4L));
    assertThat(fake.attempts.stream().filter(a -> a == 3L)).as("the budget: 3 attempts").hasSize(3);
    assertThat(fake.failed).containsExactly(3L);
    assertThat(fake.delivered).containsExactly(1L, 2L, 4L);
    running().stop();
    client.newUntypedWorkflowStub(WORKFLOW_ID).getResult(5, TimeUnit.SECONDS, Void.class);

    if (Boolean.getBoolean("record.history")) {
      String json = client.fetchHistory(WORKFLOW_ID).toJson(true);
      java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources", HISTORY), json);
    }
  }

  @Test
  void aStopEndsTheWorkflowAndCancelsTheDeliveryUnderWay() throws Exception {
    fake.append(1, 2);
    fake.refusals.put(1L, -1);
    fake.settings = new WebhookSettings(8, 2_000, 60_000);
    start(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> !fake.attempts.isEmpty());
    running().stop();
    client.newUntypedWorkflowStub(WORKFLOW_ID).getResult(5, TimeUnit.SECONDS, Void.class);
    assertThat(fake.failed).isEmpty();
    assertThat(fake.delivered).isEmpty();
    assertThat(client.newUntypedWorkflowStub(WORKFLOW_ID).describe().getStatus())
        .isEqualTo(io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }

  @Test
  void aCancelOrADeletedSubscriptionEndsItToo() throws Exception {
    fake.append(1);
    start(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> fake.delivered.size() == 1);
    client.newUntypedWorkflowStub(WORKFLOW_ID).cancel();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.newUntypedWorkflowStub(WORKFLOW_ID).describe().getStatus()
        == io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);

    fake.gone = true;
    WebhookWorkflow again = client.newWorkflowStub(WebhookWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(WORKFLOW_ID + "-gone").setTaskQueue(TaskQueues.MAIN).build());
    WorkflowClient.start(again::run, new WebhookInput(ID, 1));
    client.newUntypedWorkflowStub(WORKFLOW_ID + "-gone").getResult(5, TimeUnit.SECONDS, Void.class);
  }

  @Test
  void anIdleWorkflowWakesOnTheSignalAndOtherwiseAtTheFallbackTimer() {
    fake.append(1);
    start(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> fake.delivered.size() == 1);
    fake.append(2);
    running().eventsAppended();
    await().atMost(Duration.ofSeconds(5)).until(() -> fake.delivered.size() == 2);
    fake.append(3);
    env.sleep(WebhookWorkflowImpl.IDLE_WAIT.plusSeconds(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> fake.delivered.size() == 3);
    assertThat(fake.delivered).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aMissingIdHoldsTheLaterRowsBackUntilItFillsOrItsGraceHasPassed() {
    fake.append(1, 2, 4);
    start(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> fake.delivered.size() == 2);
    env.sleep(Duration.ofSeconds(2));
    assertThat(fake.delivered).as("4 waits for 3, whose transaction may not have committed yet").containsExactly(1L, 2L);
    fake.append(3);
    await().atMost(Duration.ofSeconds(10)).until(() -> fake.delivered.size() == 4);
    assertThat(fake.delivered).containsExactly(1L, 2L, 3L, 4L);

    fake.append(7);
    running().eventsAppended();
    env.sleep(WebhookWorkflowImpl.GAP_GRACE.plusSeconds(2));
    await().atMost(Duration.ofSeconds(10)).until(() -> fake.delivered.contains(7L));
    assertThat(fake.delivered).as("5 and 6 never came: rolled back").containsExactly(1L, 2L, 3L, 4L, 7L);
  }

  @Test
  void aLongRunContinuesAsNewWithItsCursor() {
    int count = WebhookWorkflowImpl.STEPS_PER_RUN + 5;
    fake.append(ids(1, count).stream().mapToLong(Long::longValue).toArray());
    String firstRun = start(0).getRunId();
    await().atMost(Duration.ofSeconds(60)).until(() -> fake.delivered.size() == count);
    assertThat(fake.delivered).as("each once, in order: the new run began at the cursor").isEqualTo(ids(1, count));
    WorkflowStub current = client.newUntypedWorkflowStub(WORKFLOW_ID);
    assertThat(current.describe().getExecution().getRunId()).isNotEqualTo(firstRun);
    assertThat(fake.reads.subList(1, fake.reads.size())).as("no run read from the start again").doesNotContain(0L);
    assertThat(running().cursor()).isEqualTo(count);
  }

  @Test
  void theCurrentCodeReplaysARecordedRun() throws Exception {
    assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources", HISTORY)))
        .contains("Deliver").contains("EVENT_TYPE_ACTIVITY_TASK_FAILED").contains("\"signalName\": \"stop\"");
    WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, WebhookWorkflowImpl.class);
  }
}
