package org.decommission.worker;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateStage;
import java.util.ArrayList;
import java.util.List;
import org.decommission.domain.Naming;
import org.decommission.workflow.ReconcileInput;
import org.decommission.workflow.ReconcileWorkflow;
import org.decommission.workflow.SweepReport;
import org.decommission.workflow.TaskQueues;

/** Starts the reconcile loop of each Docker host, and asks for a sweep now. */
public class ReconcileClient {
  private final WorkflowClient client;
  private final List<String> hosts;
  private final DecommissionProperties.Reconcile settings;

  public ReconcileClient(WorkflowClient client, List<String> hosts, DecommissionProperties.Reconcile settings) {
    this.client = client;
    this.hosts = hosts;
    this.settings = settings;
  }

  public List<String> hosts() {
    return hosts;
  }

  public DecommissionProperties.Reconcile settings() {
    return settings;
  }

  /** Starts each host's loop unless it runs. Idempotent. */
  public void ensureLoops() {
    for (String host : hosts) {
      ReconcileWorkflow stub = stub(host);
      WorkflowClient.start(stub::run, input(host));
    }
  }

  /** One sweep of every host now (starting a host's loop first if needed); one report per host. */
  public List<SweepReport> sweepNow(boolean dryRun) {
    List<SweepReport> reports = new ArrayList<>();
    for (String host : hosts) {
      ReconcileWorkflow stub = stub(host);
      WithStartWorkflowOperation<Void> start = new WithStartWorkflowOperation<>(stub::run, input(host));
      UpdateOptions<SweepReport> options = UpdateOptions.<SweepReport>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build();
      reports.add(WorkflowClient.executeUpdateWithStart(stub::sweepNow, dryRun, options, start));
    }
    return reports;
  }

  private ReconcileInput input(String host) {
    return new ReconcileInput(host, settings.interval().toSeconds(), settings.dryRun());
  }

  private ReconcileWorkflow stub(String host) {
    return client.newWorkflowStub(
        ReconcileWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(Naming.reconcileWorkflowId(host))
            .setTaskQueue(TaskQueues.MAIN)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .build());
  }
}
