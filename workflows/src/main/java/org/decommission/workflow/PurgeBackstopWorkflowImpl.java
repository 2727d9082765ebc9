package org.decommission.workflow;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.slf4j.Logger;

/** See {@link PurgeBackstopWorkflow}. Deterministic: one activity. */
public class PurgeBackstopWorkflowImpl implements PurgeBackstopWorkflow {
  private static final Logger log = Workflow.getLogger(PurgeBackstopWorkflowImpl.class);

  private final PurgeBackstopActivities activities = Workflow.newActivityStub(PurgeBackstopActivities.class,
      ActivityOptions.newBuilder(ActivityPolicies.backstop())
          .setSummary("find deleted deployments past their purge time with no workflow, and hand each its workflow back")
          .build());

  @Override
  public List<String> run() {
    List<String> resumed = activities.resumeOverduePurges();
    if (!resumed.isEmpty()) {
      log.info("[purge backstop] {} overdue purge(s) handed back to their workflow: {}", resumed.size(), resumed);
    }
    return resumed;
  }
}
