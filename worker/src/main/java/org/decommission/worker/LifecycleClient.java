package org.decommission.worker;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.workflow.Functions;
import java.util.function.Function;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.Naming;
import org.decommission.domain.Operation;
import org.decommission.workflow.DeploymentLifecycleWorkflow;
import org.decommission.workflow.LifecycleAck;
import org.decommission.workflow.LifecycleInput;
import org.decommission.workflow.LifecycleSettings;
import org.decommission.workflow.LifecycleState;
import org.decommission.workflow.ProtectionRequest;
import org.decommission.workflow.LifecycleRequest;
import org.decommission.workflow.TaskQueues;

/**
 * Starts lifecycle workflows and sends them requests. Every call carries the deployment's state
 * from the database and uses the conflict policy USE_EXISTING, so a workflow that is running is
 * used as it is, and one that is missing (the in-process engine restarted) is started again from
 * the recorded state first: adoption and requests share one path.
 */
public class LifecycleClient {
  private final WorkflowClient client;
  private final LifecycleSettings settings;
  private final RunningWorkflows running;

  /** {@code settings}: what every workflow it starts runs with. */
  public LifecycleClient(WorkflowClient client, LifecycleSettings settings) {
    this.client = client;
    this.settings = settings;
    this.running = new RunningWorkflows(client);
  }

  public WorkflowClient workflowClient() {
    return client;
  }

  /** Starts the deployment's workflow unless it already runs. Idempotent. */
  public void ensureRunning(DeploymentRecord record) {
    DeploymentLifecycleWorkflow stub = stub(record);
    WorkflowClient.start(stub::run, input(record));
  }

  /**
   * Sends a lifecycle request, starting the workflow first if it does not run.
   *
   * @throws io.temporal.client.WorkflowUpdateException when the workflow's validator rejects it
   */
  public LifecycleAck request(DeploymentRecord record, LifecycleRequest request) {
    if (request instanceof LifecycleRequest.Delete r) {
      return updateWithStart(record, stub -> stub::delete, r);
    } else if (request instanceof LifecycleRequest.Purge r) {
      return updateWithStart(record, stub -> stub::purge, r);
    } else if (request instanceof LifecycleRequest.Restore r) {
      return updateWithStart(record, stub -> stub::restore, r);
    } else if (request instanceof LifecycleRequest.Start r) {
      return updateWithStart(record, stub -> stub::start, r);
    } else if (request instanceof LifecycleRequest.Stop r) {
      return updateWithStart(record, stub -> stub::stop, r);
    } else if (request instanceof LifecycleRequest.Resume r) {
      return updateWithStart(record, stub -> stub::resume, r);
    } else if (request instanceof LifecycleRequest.Cancel r) {
      return updateWithStart(record, stub -> stub::cancel, r);
    } else if (request instanceof LifecycleRequest.Revision r) {
      return updateWithStart(record, stub -> stub::update, r);
    }
    throw new IllegalArgumentException(request.operation().verb() + " is a signal: use containersChanged");
  }

  /**
   * Switches the deployment's deletion protection through its workflow, starting the workflow
   * first if it does not run; returns once the database records it.
   *
   * @throws io.temporal.client.WorkflowUpdateException when the workflow refuses (a deleted deployment)
   */
  public boolean setDeletionProtection(DeploymentRecord record, ProtectionRequest request) {
    return updateWithStart(record, stub -> stub::setDeletionProtection, request);
  }

  /** How long a request waits for a workflow that is still reading its deployment (the moment after a create). */
  static final java.time.Duration STARTING_WAIT = java.time.Duration.ofSeconds(10);

  /**
   * Sends one update, starting the workflow first if it does not run, and waits for its result. A
   * workflow that has not yet read its deployment refuses ({@link
   * org.decommission.workflow.Refusals#starting()}): the update is sent again every 100 ms, for up
   * to {@link #STARTING_WAIT}.
   */
  private <A, R> R updateWithStart(
      DeploymentRecord record, Function<DeploymentLifecycleWorkflow, Functions.Func1<A, R>> update, A argument) {
    long deadline = System.nanoTime() + STARTING_WAIT.toNanos();
    while (true) {
      DeploymentLifecycleWorkflow stub = stub(record);
      WithStartWorkflowOperation<Void> start = new WithStartWorkflowOperation<>(stub::run, input(record));
      UpdateOptions<R> options = UpdateOptions.<R>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build();
      try {
        return WorkflowClient.executeUpdateWithStart(update.apply(stub), argument, options, start);
      } catch (io.temporal.client.WorkflowUpdateException refused) {
        if (!starting(refused) || System.nanoTime() > deadline) {
          throw refused;
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the workflow of " + record.id() + " to start", e);
      }
    }
  }

  private static boolean starting(io.temporal.client.WorkflowUpdateException refused) {
    return refused.getCause() instanceof io.temporal.failure.ApplicationFailure app
        && org.decommission.workflow.Refusals.isStarting(app.getOriginalMessage());
  }

  /**
   * Tells a deployment's workflow that its containers changed out of band, so its status follows
   * them. Returns false when the deployment has no running workflow (the sweep adopts those).
   */
  public boolean containersChanged(String deploymentId, String what) {
    try {
      client.newWorkflowStub(DeploymentLifecycleWorkflow.class, Naming.workflowId(deploymentId)).containersChanged(what);
      return true;
    } catch (io.temporal.client.WorkflowNotFoundException gone) {
      return false;
    }
  }

  /**
   * The ids of the deployments whose lifecycle workflow runs: one visibility query (a page per
   * thousand), not one call per deployment.
   */
  public java.util.Set<String> runningDeploymentIds() {
    return running.deploymentIds();
  }

  private DeploymentLifecycleWorkflow stub(DeploymentRecord record) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(Naming.workflowId(record.id()))
            .setTaskQueue(TaskQueues.MAIN)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            // What the Temporal UI shows of it, given once, when the run starts.
            .setStaticSummary(org.decommission.domain.WorkflowText.summary(record))
            .setStaticDetails(org.decommission.domain.WorkflowText.details(record))
            .build();
    return client.newWorkflowStub(DeploymentLifecycleWorkflow.class, options);
  }

  LifecycleInput input(DeploymentRecord record) {
    return new LifecycleInput(
        record.id(), record.host(), LifecycleState.of(record.status(), record.phase(), record.purgeAfter(), record.deletionProtected()), settings);
  }
}
