package org.decommission.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.decommission.activities.store.DeploymentStore;
import org.decommission.activities.store.SweepStore;
import org.decommission.workflow.PurgeBackstopActivities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** {@link PurgeBackstopActivities}: one query for the overdue purges, one visibility query for the running workflows. */
public class PurgeBackstopActivitiesImpl implements PurgeBackstopActivities {
  private static final Logger log = LoggerFactory.getLogger(PurgeBackstopActivitiesImpl.class);

  private final SweepStore sweeps;
  private final DeploymentStore deployments;
  private final LifecycleClient lifecycle;

  public PurgeBackstopActivitiesImpl(SweepStore sweeps, DeploymentStore deployments, LifecycleClient lifecycle) {
    this.sweeps = sweeps;
    this.deployments = deployments;
    this.lifecycle = lifecycle;
  }

  @Override
  public List<String> resumeOverduePurges() {
    MDC.put("phase", "PURGE_BACKSTOP");
    try {
      List<UUID> overdue = sweeps.overduePurges();
      if (overdue.isEmpty()) {
        return List.of();
      }
      Set<String> running = lifecycle.runningDeploymentIds();
      List<String> resumed = new ArrayList<>();
      for (UUID id : overdue) {
        if (running.contains(id.toString())) {
          continue; // its own workflow purges it (it may be purging now)
        }
        lifecycle.ensureRunning(deployments.load(id));
        resumed.add(id.toString());
        log.warn("[{} RETENTION] past its purge time with no workflow: its workflow is started again and purges it", id);
      }
      return resumed;
    } finally {
      MDC.remove("phase");
    }
  }
}
