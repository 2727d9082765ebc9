package org.decommission.workflow.lifecycle;

import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.EnumSet;
import java.util.Set;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;
import org.slf4j.Logger;

/**
 * Runs deploy attempts: a first deploy, a start, a resume, and the rollout of a new revision
 * ({@link RevisionRollout}). A delete or cancel accepted meanwhile interrupts the attempt: the
 * phase in flight is cancelled, and the compensation removes what the attempt created.
 */
final class Deployer {
  private static final Logger log = Workflow.getLogger(Deployer.class);

  /**
   * How an attempt ended.
   *
   * @param failure null when every phase succeeded
   * @param failedPhase the phase it failed in
   * @param leftBehind what its compensation could not remove ("" when it removed everything)
   */
  record Outcome(TemporalFailure failure, Phase failedPhase, String leftBehind) {
    boolean succeeded() {
      return failure == null;
    }
  }

  private final LifecycleContext lc;
  private final KeptFailures kept;
  private final Compensation compensation;
  private CancellationScope scope;
  /** A delete or cancel was accepted: the deploy under way, or about to begin, stops. */
  private boolean interruptRequested;

  Deployer(LifecycleContext lc, KeptFailures kept) {
    this.lc = lc;
    this.kept = kept;
    this.compensation = new Compensation(lc, kept);
  }

  /**
   * Phases whose activity may run long (the health check waits up to its timeout): a delete or
   * cancel cancels them in flight. Every other phase ends in seconds and the attempt stops at the
   * next phase boundary instead. Cancelling an activity at the instant it completes wedges the
   * workflow on the SDK's test server (it answers the cancel with ACTIVITY_UNKNOWN and never
   * hands the workflow task out again), so short activities are not cancelled at all.
   */
  private static final Set<Phase> CANCELLED_IN_FLIGHT = EnumSet.of(Phase.HEALTH_CHECK);

  /** A delete or cancel was accepted: stops the attempt under way, or the next before it begins. */
  void interrupt(String verb) {
    interruptRequested = true;
    if (scope != null && CANCELLED_IN_FLIGHT.contains(lc.phase())) {
      log.info("[{} {}] {} requested mid-deploy: cancelling the phase in flight", lc.id, lc.phase(), verb);
      scope.cancel(verb + " requested");
    }
  }

  /** The delete or cancel that interrupted runs now: later attempts are not interrupted by it. */
  void interruptHandled() {
    interruptRequested = false;
  }

  boolean interrupted() {
    return interruptRequested;
  }

  /** Deploys (a first deploy, a start, a resume): CREATING, then RUNNING, FAILED or interrupted. */
  void deploy(Phase from, String actor, String reason) {
    lc.recorder.setStatus(DeploymentStatus.CREATING, actor, reason);
    // Containers an earlier failure kept for debugging go first: this attempt makes its own.
    kept.releaseOwn();
    Outcome outcome = attempt(lc.store.loadDeployment(lc.id), from, false);
    if (outcome.succeeded()) {
      lc.recorder.setStatus(DeploymentStatus.RUNNING, LifecycleContext.SYSTEM, "all deploy phases done");
      lc.recorder.succeeded();
      return;
    }
    if (interruptRequested) {
      log.info("[{} {}] deploy interrupted by a queued request; what it created is removed", lc.id, lc.phase());
      return;
    }
    String error = FailureText.of(outcome.failure());
    lc.recorder.failed(error);
    log.error("[{} {}] deploy failed: {}", lc.id, lc.phase(), error);
    lc.recorder.setStatus(DeploymentStatus.FAILED, LifecycleContext.SYSTEM,
        outcome.failedPhase() + " failed: " + error + outcome.leftBehind());
  }

  /**
   * One deploy attempt of {@code target}'s revision from {@code from}. When it fails or is
   * cancelled, its undo steps run in a detached scope (a cancellation does not stop them).
   *
   * @param replacing another revision serves while this one rolls out
   */
  Outcome attempt(DeploymentRecord target, Phase from, boolean replacing) {
    DeployAttempt attempt = new DeployAttempt(Workflow.randomUUID().toString(), target, replacing);
    DeploySteps steps = new DeploySteps(lc, attempt, () -> interruptRequested);
    scope = Workflow.newCancellationScope(() -> steps.runFrom(from));
    if (interruptRequested) {
      // A delete or cancel was accepted before this attempt began: it does not begin.
      scope.cancel("interrupted before it began");
    }
    try {
      scope.run();
      return new Outcome(null, null, "");
    } catch (TemporalFailure failure) {
      Phase failedPhase = lc.phase();
      String[] leftBehind = {""};
      Workflow.newDetachedCancellationScope(() -> leftBehind[0] = compensation.undo(attempt, interruptRequested)).run();
      return new Outcome(failure, failedPhase, leftBehind[0]);
    } finally {
      scope = null;
    }
  }
}
