package org.decommission.worker;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.decommission.domain.Naming;
import org.decommission.workflow.ReconcileInput;
import org.decommission.workflow.ReconcileWorkflow;
import org.decommission.workflow.SweepReport;
import org.decommission.workflow.TaskQueues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each Docker host's reconciler going, and asks for a sweep now. Where the server
 * implements schedules, a Temporal Schedule {@code reconcile-<host>} (overlap SKIP) starts a
 * one-sweep workflow every interval; where it does not (the SDK's test server answers
 * UNIMPLEMENTED), one loop workflow {@code reconcile-<host>} sweeps every interval.
 */
public class ReconcileClient {
  private static final Logger log = LoggerFactory.getLogger(ReconcileClient.class);

  private final WorkflowClient client;
  private final ScheduleClient schedules;
  private final List<String> hosts;
  private final DecommissionProperties.Reconcile settings;
  /** Per host, whether its sweeps come from a schedule (known once a schedule was asked for). */
  private final Map<String, Boolean> scheduled = new ConcurrentHashMap<>();

  public ReconcileClient(WorkflowClient client, List<String> hosts, DecommissionProperties.Reconcile settings) {
    this(client,
        ScheduleClient.newInstance(client.getWorkflowServiceStubs(),
            ScheduleClientOptions.newBuilder().setNamespace(client.getOptions().getNamespace()).build()),
        hosts, settings);
  }

  ReconcileClient(WorkflowClient client, ScheduleClient schedules, List<String> hosts, DecommissionProperties.Reconcile settings) {
    this.client = client;
    this.schedules = schedules;
    this.hosts = hosts;
    this.settings = settings;
  }

  public List<String> hosts() {
    return hosts;
  }

  public DecommissionProperties.Reconcile settings() {
    return settings;
  }

  /** Makes sure each host is swept every interval: by its schedule, or else by its loop. Idempotent. */
  public void ensureLoops() {
    for (String host : hosts) {
      if (schedule(host)) {
        log.info("[reconcile {}] swept every {} by the schedule {}", host, settings.interval(), Naming.reconcileWorkflowId(host));
      } else {
        ReconcileWorkflow stub = stub(Naming.reconcileWorkflowId(host));
        WorkflowClient.start(stub::run, input(host, settings.dryRun(), true));
      }
    }
  }

  /**
   * Creates the host's schedule; an existing one takes this worker's interval and dry-run setting
   * and keeps its state (a schedule an operator paused stays paused). False when the server
   * implements no schedules.
   */
  boolean schedule(String host) {
    ScheduleActionStartWorkflow action = ScheduleActionStartWorkflow.newBuilder()
        .setWorkflowType(ReconcileWorkflow.class)
        .setArguments(input(host, settings.dryRun(), false))
        .setOptions(WorkflowOptions.newBuilder().setWorkflowId(Naming.reconcileWorkflowId(host)).setTaskQueue(TaskQueues.MAIN).build())
        .build();
    boolean kept = Schedules.keep(schedules, Naming.reconcileWorkflowId(host), action, settings.interval());
    if (!kept) {
      log.info("[reconcile {}] the Temporal server has no schedules: a loop workflow sweeps every {}", host, settings.interval());
    }
    scheduled.put(host, kept);
    return kept;
  }

  /** One sweep of every host now; one report per host. */
  public List<SweepReport> sweepNow(boolean dryRun) {
    List<SweepReport> reports = new ArrayList<>();
    for (String host : hosts) {
      Boolean known = scheduled.get(host);
      boolean bySchedule = known != null ? known : schedule(host);
      if (bySchedule) {
        // A workflow of its own beside the schedule's; the sweep is idempotent.
        ReconcileWorkflow once = stub(Naming.reconcileWorkflowId(host) + "-now-" + java.util.UUID.randomUUID());
        reports.add(once.run(input(host, dryRun, false)));
      } else {
        ReconcileWorkflow loop = stub(Naming.reconcileWorkflowId(host));
        WithStartWorkflowOperation<SweepReport> start = new WithStartWorkflowOperation<>(loop::run, input(host, settings.dryRun(), true));
        UpdateOptions<SweepReport> options = UpdateOptions.<SweepReport>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build();
        reports.add(WorkflowClient.executeUpdateWithStart(loop::sweepNow, dryRun, options, start));
      }
    }
    return reports;
  }

  private ReconcileInput input(String host, boolean dryRun, boolean loop) {
    return new ReconcileInput(host, settings.interval().toSeconds(), dryRun, loop);
  }

  private ReconcileWorkflow stub(String workflowId) {
    return client.newWorkflowStub(
        ReconcileWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(TaskQueues.MAIN)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .build());
  }
}
