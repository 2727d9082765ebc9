package org.decommission.worker;

import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import java.time.Duration;
import org.decommission.workflow.PurgeBackstopWorkflow;
import org.decommission.workflow.TaskQueues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Temporal Schedule {@value #ID} (overlap SKIP) that starts the purge backstop every
 * {@code decommission.delete.backstop-interval}. An existing one takes this worker's interval and
 * keeps its state (paused stays paused). Where the engine has no schedules (the SDK's test
 * server) there is none: the reconcile sweep's adoption is the backstop there.
 */
public class PurgeBackstop {
  private static final Logger log = LoggerFactory.getLogger(PurgeBackstop.class);
  public static final String ID = "purge-backstop";

  private final ScheduleClient schedules;
  private final Duration interval;

  public PurgeBackstop(ScheduleClient schedules, Duration interval) {
    this.schedules = schedules;
    this.interval = interval;
  }

  /** Creates or updates the schedule; false when the engine has no schedules. */
  public boolean ensure() {
    ScheduleActionStartWorkflow action = ScheduleActionStartWorkflow.newBuilder()
        .setWorkflowType(PurgeBackstopWorkflow.class)
        .setOptions(WorkflowOptions.newBuilder().setWorkflowId(ID).setTaskQueue(TaskQueues.MAIN).build())
        .build();
    if (!Schedules.keep(schedules, ID, action, interval)) {
      log.info("the Temporal engine has no schedules: the reconcile sweep's adoption is the purge backstop");
      return false;
    }
    return true;
  }
}
