package org.decommission.workflow.lifecycle;

import io.temporal.workflow.Workflow;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.Phase;
import org.slf4j.Logger;

/**
 * Rolls out a stored revision beside the serving one. The status stays RUNNING throughout: on
 * failure only the new revision's objects are removed and the old revision serves on.
 */
final class RevisionRollout {
  private static final Logger log = Workflow.getLogger(RevisionRollout.class);
  private final LifecycleContext lc;
  private final Deployer deployer;

  RevisionRollout(LifecycleContext lc, Deployer deployer) {
    this.lc = lc;
    this.deployer = deployer;
  }

  void rollOut(int revision, String actor, String reason) {
    DeploymentRecord serving = lc.store.loadDeployment(lc.id);
    DeploymentRecord target = lc.store.loadRevision(lc.id, revision);
    log.info("[{} {}] rolling out revision {} beside revision {} ({}: {})", lc.id, lc.phase(), revision, serving.revision(), actor, reason);
    Deployer.Outcome outcome = deployer.attempt(target, Phase.PULL_IMAGE, true);
    if (!outcome.succeeded()) {
      if (deployer.interrupted()) {
        lc.store.failRevision(lc.id, revision, "revision " + revision + " cancelled mid-rollout by a queued request");
        return;
      }
      String error = "revision " + revision + " failed in " + outcome.failedPhase() + ": " + FailureText.of(outcome.failure());
      lc.recorder.failed(error);
      log.error("[{} {}] {}; revision {} keeps serving", lc.id, lc.phase(), error, serving.revision());
      lc.store.failRevision(lc.id, revision, error + outcome.leftBehind() + "; revision " + serving.revision() + " keeps serving");
      return;
    }
    // The route serves the new revision: record that, then retire the old one.
    lc.store.activateRevision(lc.id, revision, actor);
    lc.recorder.enterPhase(Phase.RETIRE_REVISION);
    lc.teardown.docker().removeRevision(lc.id, serving.revision(), false);
    lc.store.releaseRevisionPorts(lc.id, serving.revision());
    lc.recorder.succeeded();
    log.info("[{} {}] revision {} serves; revision {} removed", lc.id, lc.phase(), revision, serving.revision());
  }
}
