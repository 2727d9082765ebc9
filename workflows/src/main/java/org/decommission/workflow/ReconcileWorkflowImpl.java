package org.decommission.workflow;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.decommission.domain.Naming;
import org.slf4j.Logger;

/** See {@link ReconcileWorkflow}. Deterministic: one activity per sweep, timers in between. */
public class ReconcileWorkflowImpl implements ReconcileWorkflow {
  private static final Logger log = Workflow.getLogger(ReconcileWorkflowImpl.class);
  /** The loop continues as new after this many sweeps, so its history stays short. */
  static final int SWEEPS_PER_RUN = 200;

  private ReconcileActivities activities;
  private String host;
  private boolean sweeping;

  @Override
  public SweepReport run(ReconcileInput input) {
    init(input.host());
    if (!input.loop()) {
      SweepReport report = sweep(input.dryRun());
      Workflow.await(Workflow::isEveryHandlerFinished);
      return report;
    }
    Duration interval = Duration.ofSeconds(Math.max(1, input.intervalSeconds()));
    for (int i = 0; i < SWEEPS_PER_RUN; i++) {
      SweepReport report = sweep(input.dryRun());
      log.info("[reconcile {}] sweep: {} ghost(s), {} drift, {} expired, {} orphan(s), {} stale route(s), {} adopted, {} error(s){}",
          host, report.ghosts(), report.drift(), report.failedExpired(), report.orphansRemoved(), report.staleRoutesRemoved(), report.adopted(),
          report.errors().size(), report.dryRun() ? " (dry run: nothing changed)" : "");
      Workflow.sleep(interval);
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    Workflow.continueAsNew(input);
    return null;
  }

  @Override
  public SweepReport sweepNow(boolean dryRun) {
    return sweep(dryRun);
  }

  private void init(String hostId) {
    if (activities == null) {
      host = hostId;
      activities = Workflow.newActivityStub(ReconcileActivities.class, ActivityPolicies.sweep(hostId));
    }
  }

  /** One sweep at a time: a manual one waits for the scheduled one under way, and the reverse. */
  private SweepReport sweep(boolean dryRun) {
    if (activities == null) {
      // An update that arrived before run() began: the host is in the workflow id.
      init(Naming.hostOfReconcileWorkflow(Workflow.getInfo().getWorkflowId()));
    }
    Workflow.await(() -> !sweeping);
    sweeping = true;
    try {
      return activities.sweep(host, dryRun);
    } finally {
      sweeping = false;
    }
  }
}
