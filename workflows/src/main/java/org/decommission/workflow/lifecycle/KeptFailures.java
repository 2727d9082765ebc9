package org.decommission.workflow.lifecycle;

import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.decommission.workflow.StoreActivities;
import org.slf4j.Logger;

/**
 * Failed deploys kept for debugging ({@code decommission.failed.keep}): their containers stay
 * stopped, with their volumes and work dir, until a newer failure pushes them out, or their own
 * deployment is started, resumed or deleted.
 */
final class KeptFailures {
  private static final Logger log = Workflow.getLogger(KeptFailures.class);
  private final LifecycleContext lc;

  KeptFailures(LifecycleContext lc) {
    this.lc = lc;
  }

  /** Keeps {@code attempt}'s failure; removes the oldest kept failures beyond the limit. */
  void keep(DeployAttempt attempt) {
    for (StoreActivities.KeptFailure pushedOut : lc.store.keepFailure(lc.id, lc.host, attempt.revision(), attempt.id, lc.settings.keepFailed())) {
      remove(pushedOut);
    }
  }

  /** Removes what this deployment's own failures kept: a new attempt makes its own. */
  void releaseOwn() {
    for (StoreActivities.KeptFailure kept : lc.store.releaseKept(lc.id)) {
      remove(kept);
    }
  }

  /**
   * Removes what a kept failure kept: its containers, and the volumes, network and work dir its
   * attempt created. It may be another deployment's (pushed out by this one's failure), on another host.
   */
  private void remove(StoreActivities.KeptFailure kept) {
    HostActivities host = HostActivities.teardown(kept.host(), lc.settings.teardownAttemptsOrDefault());
    log.info("[{} {}] removing the containers kept for debugging of deployment {}", lc.id, lc.phase(), kept.deploymentId());
    try {
      host.docker().removeRevision(kept.deploymentId(), kept.revision(), false);
      lc.store.recordReplicas(kept.deploymentId(), kept.revision(), List.of());
      host.docker().removeAttemptVolumes(kept.deploymentId(), kept.attempt());
      if (Changes.networks()) {
        host.docker().removeAttemptNetwork(kept.deploymentId(), kept.attempt());
      }
      host.files().removeWorkdirOfAttempt(kept.deploymentId(), kept.attempt());
    } catch (ActivityFailure failure) {
      // What is left carries that deployment's labels: its delete and purge remove it.
      log.error("[{} {}] the kept containers of {} were not all removed: {}", lc.id, lc.phase(), kept.deploymentId(), FailureText.of(failure));
    }
  }
}
