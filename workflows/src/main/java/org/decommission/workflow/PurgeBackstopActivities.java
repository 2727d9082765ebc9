package org.decommission.workflow;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** The purge backstop's one step. Runs on the main task queue (it needs the database and the engine). */
@ActivityInterface
public interface PurgeBackstopActivities {

  /**
   * Finds the DELETED deployments whose {@code purge_after} has passed and whose lifecycle
   * workflow does not run, and starts each one's workflow from the database (it purges at once,
   * the purge time being past). Returns their ids. Idempotent: a deployment with a running
   * workflow is left to it.
   */
  List<String> resumeOverduePurges();
}
