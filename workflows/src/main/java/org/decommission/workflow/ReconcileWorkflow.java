package org.decommission.workflow;

import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The reconciler of one Docker host. Where the server implements schedules, the Temporal
 * Schedule {@code reconcile-<host>} (overlap SKIP) starts it every interval to sweep once; where
 * it does not (the SDK's test server), one loop workflow {@code reconcile-<host>} sweeps every
 * interval for as long as it runs, continuing as new now and then. A sweep can also be asked for
 * now.
 */
@WorkflowInterface
public interface ReconcileWorkflow {

  /** Sweeps once and returns the report; with {@code input.loop()}, sweeps every interval instead. */
  @WorkflowMethod
  SweepReport run(ReconcileInput input);

  /** A loop's sweep now (after a sweep under way, if any): what it found and did. */
  @UpdateMethod
  SweepReport sweepNow(boolean dryRun);
}
