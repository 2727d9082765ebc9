package org.decommission.workflow;

/** The task queues: workflows and database activities on the main queue, Docker work per host. */
public final class TaskQueues {
  public static final String MAIN = "decommission";

  private TaskQueues() {}

  /** The queue served by the worker that reaches Docker host {@code hostId}. */
  public static String docker(String hostId) {
    return "docker@" + hostId;
  }
}
