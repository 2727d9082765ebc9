package org.decommission.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.decommission.testsupport.Ports;
import org.decommission.workflow.ReconcileInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconcile schedule on a real Temporal server (the CLI's dev server): created once per host,
 * it fires every interval, skips a sweep while the last one still runs (no worker runs them here,
 * so each one it starts stays open), takes a new interval and dry-run setting when a worker starts
 * with them, and a schedule an operator paused stays paused through that update.
 */
class ReconcileScheduleIT {
  DevServer server;
  WorkflowServiceStubs stubs;
  WorkflowClient client;
  ScheduleClient schedules;

  @BeforeEach
  void setUp() throws Exception {
    int port = Ports.free();
    server = DevServer.start(Files.createTempDirectory("dcm-schedule-it"),
        new DecommissionProperties.Temporal(null, "default", port, true, DecommissionProperties.Temporal.DEV_SERVER, Ports.free(), null, null));
    stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    schedules = ScheduleClient.newInstance(stubs, ScheduleClientOptions.newBuilder().setNamespace("default").build());
  }

  @AfterEach
  void tearDown() {
    stubs.shutdownNow();
    server.close();
  }

  ReconcileClient reconcile(Duration interval, boolean dryRun) {
    return new ReconcileClient(client, List.of("local"), new DecommissionProperties.Reconcile(interval, Duration.ofDays(7), Duration.ofMinutes(10), dryRun, true));
  }

  ScheduleDescription described() {
    return schedules.getHandle("reconcile-local").describe();
  }

  @Test
  void theScheduleIsCreatedOnceFiresSkipsOverlapsTakesNewSettingsAndStaysPaused() {
    reconcile(Duration.ofSeconds(1), false).ensureLoops();
    reconcile(Duration.ofSeconds(1), false).ensureLoops();
    assertThat(schedules.listSchedules().filter(s -> s.getScheduleId().startsWith("reconcile-")).toList()).hasSize(1);
    assertThat(described().getSchedule().getPolicy().getOverlap()).isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);

    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
        .until(() -> described().getInfo().getNumActions() >= 1 && described().getInfo().getNumActionsSkippedOverlap() >= 1);
    assertThat(described().getInfo().getRunningActions()).as("the sweep it started, open: no worker here").hasSize(1);

    schedules.getHandle("reconcile-local").pause("an operator looks at something");
    reconcile(Duration.ofSeconds(45), true).ensureLoops();
    ScheduleDescription after = described();
    assertThat(after.getSchedule().getSpec().getIntervals()).extracting(ScheduleIntervalSpec::getEvery).containsExactly(Duration.ofSeconds(45));
    assertThat(((ScheduleActionStartWorkflow) after.getSchedule().getAction()).getArguments().get(0, ReconcileInput.class))
        .isEqualTo(new ReconcileInput("local", 45, true, false));
    assertThat(after.getSchedule().getState().isPaused()).as("paused by an operator, paused still").isTrue();
    assertThat(after.getSchedule().getState().getNote()).isEqualTo("an operator looks at something");
  }
}
