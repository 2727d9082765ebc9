package org.decommission.workflow;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The purge backstop. Each deleted deployment's own workflow purges it when its retention ends;
 * this one, started by the Temporal Schedule {@code purge-backstop} (overlap SKIP), finds the
 * deleted deployments whose purge time has passed and that have no running workflow (the engine's
 * database was lost, a workflow was terminated by hand) and gives each its workflow back, which
 * purges at once.
 */
@WorkflowInterface
public interface PurgeBackstopWorkflow {

  /** One pass; returns the ids of the deployments it handed back to their workflow. */
  @WorkflowMethod
  java.util.List<String> run();
}
