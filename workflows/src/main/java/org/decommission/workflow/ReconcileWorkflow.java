package org.decommission.workflow;

import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One per Docker host, id {@code reconcile-<host>}: sweeps the host every interval, for as long
 * as the worker runs (continuing as new now and then). A sweep can also be asked for now.
 */
@WorkflowInterface
public interface ReconcileWorkflow {

  @WorkflowMethod
  void run(ReconcileInput input);

  /** Sweeps now (after a sweep under way, if any) and returns what it found and did. */
  @UpdateMethod
  SweepReport sweepNow(boolean dryRun);
}
