package org.decommission.worker;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our Temporal Schedules: each starts its workflow every interval and skips a start while the
 * last one still runs. A worker that starts makes its schedules, or brings existing ones to its
 * settings; a schedule's state is the operator's (one paused stays paused).
 */
final class Schedules {
  private static final Logger log = LoggerFactory.getLogger(Schedules.class);

  private Schedules() {}

  /** Creates or updates the schedule {@code id}; false where the engine has no schedules (UNIMPLEMENTED). */
  static boolean keep(ScheduleClient schedules, String id, ScheduleActionStartWorkflow action, Duration interval) {
    ScheduleSpec spec = ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(interval))).build();
    SchedulePolicy policy = SchedulePolicy.newBuilder().setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP).build();
    try {
      schedules.createSchedule(id, Schedule.newBuilder().setAction(action).setSpec(spec).setPolicy(policy).build(),
          ScheduleOptions.newBuilder().build());
      log.info("schedule {} made: every {}", id, interval);
    } catch (ScheduleAlreadyRunningException exists) {
      schedules.getHandle(id).update(current -> {
        Schedule now = current.getDescription().getSchedule();
        boolean paused = now.getState() != null && now.getState().isPaused();
        log.info("schedule {} takes this worker's settings: every {} ({})", id, interval, paused ? "paused, and stays so" : "active");
        // Built on the schedule as it is, so its state (paused, a note) is kept.
        return new ScheduleUpdate(Schedule.newBuilder(now).setAction(action).setSpec(spec).setPolicy(policy).build());
      });
    } catch (RuntimeException e) {
      if (!EngineFeatures.unimplemented(e)) {
        throw e;
      }
      return false;
    }
    return true;
  }
}
