package org.decommission.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import java.time.Duration;
import java.util.List;
import org.decommission.workflow.ReconcileInput;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * Where the server has schedules, sweeps come from one; where it answers UNIMPLEMENTED, from a
 * loop. An existing schedule's update is tried on a real server: {@code ReconcileScheduleIT}.
 */
class ReconcileClientTest {
  static final DecommissionProperties.Reconcile SETTINGS =
      new DecommissionProperties.Reconcile(Duration.ofSeconds(30), Duration.ofDays(7), Duration.ofMinutes(10), false, true);

  ScheduleClient schedules = mock(ScheduleClient.class);
  ReconcileClient reconcile = new ReconcileClient(mock(WorkflowClient.class), schedules, List.of("local"), SETTINGS);

  @Test
  void aServerWithSchedulesGetsOnePerHostThatSweepsOnceEveryIntervalAndSkipsOverlaps() {
    assertThat(reconcile.schedule("local")).isTrue();
    ArgumentCaptor<Schedule> schedule = ArgumentCaptor.forClass(Schedule.class);
    verify(schedules).createSchedule(eq("reconcile-local"), schedule.capture(), any());
    assertThat(schedule.getValue().getPolicy().getOverlap()).isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    assertThat(schedule.getValue().getSpec().getIntervals()).containsExactly(new ScheduleIntervalSpec(Duration.ofSeconds(30)));
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) schedule.getValue().getAction();
    assertThat(action.getWorkflowType()).isEqualTo("ReconcileWorkflow");
    assertThat(action.getOptions().getWorkflowId()).isEqualTo("reconcile-local");
    ReconcileInput input = action.getArguments().get(0, ReconcileInput.class);
    assertThat(input).isEqualTo(new ReconcileInput("local", 30, false, false));
  }

  @Test
  void aServerWithoutSchedulesFallsBackToTheLoop() {
    when(schedules.createSchedule(any(), any(), any()))
        .thenThrow(new RuntimeException("wrapped", new StatusRuntimeException(Status.UNIMPLEMENTED)));
    assertThat(reconcile.schedule("local")).isFalse();
  }

  @Test
  void anyOtherErrorIsNotTakenForMissingSchedules() {
    when(schedules.createSchedule(any(), any(), any())).thenThrow(new StatusRuntimeException(Status.UNAVAILABLE));
    assertThatThrownBy(() -> reconcile.schedule("local")).isInstanceOf(StatusRuntimeException.class);
  }

  @Test
  void reconcileSettingsHaveLowerBounds() {
    assertThatThrownBy(() -> new DecommissionProperties.Reconcile(Duration.ZERO, Duration.ofDays(1), Duration.ofMinutes(1), false, true))
        .hasMessageContaining("decommission.reconcile.interval must be at least 1s");
    assertThatThrownBy(() -> new DecommissionProperties.Reconcile(Duration.ofMinutes(1), Duration.ofMillis(10), Duration.ofMinutes(1), false, true))
        .hasMessageContaining("decommission.reconcile.error-retention");
    assertThatThrownBy(() -> new DecommissionProperties.Reconcile(Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofSeconds(-1), false, true))
        .hasMessageContaining("decommission.reconcile.orphan-grace");
  }
}
