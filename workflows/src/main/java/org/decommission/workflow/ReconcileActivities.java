package org.decommission.workflow;

import io.temporal.activity.ActivityInterface;

/** The reconcile sweep of one Docker host. Runs on that host's task queue. */
@ActivityInterface
public interface ReconcileActivities {

  /**
   * Compares one label-filtered container list of the host with the host's records (a bounded
   * number of queries) and the running lifecycle workflows, and, unless {@code dryRun}, acts on
   * the difference ({@link org.decommission.domain.SweepPlan}). Never touches a container
   * without {@code decommission.managed=true} or labelled for another host. If Docker, the
   * database or the engine cannot be read, it changes nothing and reports the error. The run
   * is recorded in {@code cleanup_runs}. Idempotent: a second sweep finds nothing left to do.
   */
  SweepReport sweep(String host, boolean dryRun);
}
