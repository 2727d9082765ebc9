package org.decommission.workflow.lifecycle;

import io.temporal.workflow.Workflow;

/**
 * The workflow's versioned changes. A run that began before a change replays the commands it
 * recorded then; each change is decided once per run, at its first point, by {@code
 * Workflow.getVersion}, and holds for the rest of the run (a new run, after continue-as-new or
 * adoption, takes it).
 */
final class Changes {
  /** Each deployment has its own bridge network: CREATE_NETWORK, and its removal. */
  static final String NETWORK_PER_DEPLOYMENT = "network-per-deployment";

  /** A stop withdraws the deployment's route (a start writes it again). */
  static final String ROUTE_WITHDRAWN_ON_STOP = "route-withdrawn-on-stop";

  /** The purge-time and stuck-retry waits are timers with a summary (the Temporal UI shows it). */
  static final String TIMER_SUMMARIES = "timer-summaries";

  /**
   * A delete or stop withdraws the route first and then stops the replicas, so the proxy answers
   * 404 for the host instead of sending requests to replicas that are stopping (before, the two
   * ran side by side).
   */
  static final String ROUTE_WITHDRAWN_FIRST = "route-withdrawn-first";

  /**
   * A delete and a purge take fewer steps: the host's work of each is one activity ({@code
   * TeardownActivities}: the route withdrawn and the replicas stopped; the volumes, network, work
   * dir and route purged), and their database writes a few local activities ({@code
   * TeardownRecords}) instead of one per write.
   */
  static final String FOLDED_TEARDOWN = "folded-teardown";

  private Changes() {}

  /** Whether this run deletes and purges in the folded steps. */
  static boolean foldedTeardown() {
    return Workflow.getVersion(FOLDED_TEARDOWN, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /** Whether this run withdraws the route before it stops the replicas. */
  static boolean routeWithdrawnFirst() {
    return Workflow.getVersion(ROUTE_WITHDRAWN_FIRST, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /** Whether this run's waits are timers with a summary. */
  static boolean timerSummaries() {
    return Workflow.getVersion(TIMER_SUMMARIES, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /** Whether this run's stops withdraw the route. */
  static boolean stopWithdrawsRoute() {
    return Workflow.getVersion(ROUTE_WITHDRAWN_ON_STOP, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /** Whether this run gives the deployment a network of its own. */
  static boolean networks() {
    return Workflow.getVersion(NETWORK_PER_DEPLOYMENT, Workflow.DEFAULT_VERSION, 1) >= 1;
  }
}
