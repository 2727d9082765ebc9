package org.decommission.workflow.lifecycle;

import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Operation;
import org.decommission.domain.Phase;
import org.decommission.domain.ReplicaState;
import org.decommission.workflow.LifecycleRequest;
import org.slf4j.Logger;

/** Runs one queued request with the part that does it; a failure fails that request alone. */
final class RequestRunner {
  private static final Logger log = Workflow.getLogger(RequestRunner.class);
  private final LifecycleContext lc;
  private final Deployer deployer;
  private final RevisionRollout rollout;
  private final Teardown teardown;
  private final DriftFollower drift;

  RequestRunner(LifecycleContext lc, Deployer deployer, Teardown teardown) {
    this.lc = lc;
    this.deployer = deployer;
    this.rollout = new RevisionRollout(lc, deployer);
    this.teardown = teardown;
    this.drift = new DriftFollower(lc);
  }

  void perform(RequestQueue.Queued next) {
    Operation operation = next.operation();
    LifecycleRequest request = next.request();
    if (operation == Operation.OBSERVE && !operation.allowedFrom(lc.status())) {
      return; // a deployment in the middle of a step is changing its containers itself
    }
    boolean forced = request instanceof LifecycleRequest.Purge purge && purge.forced();
    if (!operation.allowedFrom(lc.status(), forced)) {
      // Accepted against a projected status that an earlier request did not reach.
      lc.recorder.failed(operation.verb() + " skipped: the deployment is " + lc.status());
      log.warn("[{} {}] {}", lc.id, lc.phase(), lc.recorder.lastError());
      return;
    }
    if (operation == Operation.DELETE || operation == Operation.CANCEL) {
      deployer.interruptHandled();
    }
    String actor = request.actor() == null ? LifecycleContext.SYSTEM : request.actor();
    String reason = request.reason() == null ? operation.verb() + " requested" : request.reason();
    try {
      execute(operation, request, actor, reason);
    } catch (ActivityFailure failure) {
      // It fails alone (a restore whose name was taken meanwhile): the workflow, and with it the
      // purge timer, lives on, and the failure is kept as the last error.
      lc.recorder.failed(operation.verb() + " failed: " + FailureText.of(failure));
      log.error("[{} {}] {}", lc.id, lc.phase(), lc.recorder.lastError());
    }
  }

  private void execute(Operation operation, LifecycleRequest request, String actor, String reason) {
    switch (operation) {
      case DELETE -> teardown.delete(new LifecycleRequest.Delete(actor, reason, ((LifecycleRequest.Delete) request).graceSeconds()));
      case PURGE -> {
        LifecycleRequest.Purge purge = (LifecycleRequest.Purge) request;
        if (purge.forced()) {
          teardown.forcePurge(actor, reason);
        } else {
          teardown.purge(actor, reason, purge.keepData());
        }
      }
      case RESTORE -> lc.recorder.restored(actor, reason);
      case START -> deployer.deploy(Phase.PULL_IMAGE, actor, reason);
      case RESUME -> deployer.deploy(((LifecycleRequest.Resume) request).fromPhase(), actor, reason);
      case CANCEL -> lc.recorder.setStatus(DeploymentStatus.CANCELLED, actor, reason);
      case OBSERVE -> drift.follow(reason);
      case UPDATE -> rollout.rollOut(((LifecycleRequest.Revision) request).revision(), actor, reason);
      case STOP -> stop((LifecycleRequest.Stop) request, actor, reason);
    }
  }

  /**
   * Stops the replicas; the route is withdrawn first ({@link Teardown#withdrawRoute}), so the proxy
   * sends a stopped deployment no traffic and its host serves nobody's stale backends (a start
   * writes it again).
   */
  private void stop(LifecycleRequest.Stop request, String actor, String reason) {
    lc.recorder.enterPhase(Phase.STOP_REPLICAS);
    Promise<ArtifactOutcome> route = Changes.stopWithdrawsRoute() ? Teardown.withdrawRoute(lc) : null;
    lc.teardown.docker(Teardown.stopSummary(request.graceSeconds())).stopContainers(lc.id, request.graceSeconds());
    lc.store.setReplicaStates(lc.id, ReplicaState.STOPPED);
    if (route != null) {
      route.get();
    }
    lc.recorder.setStatus(DeploymentStatus.STOPPED, actor, reason);
  }
}
