package org.decommission.workflow.lifecycle;

import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Operation;
import org.decommission.domain.Phase;
import org.decommission.workflow.DeploymentLifecycleWorkflow;
import org.decommission.workflow.FailureTypes;
import org.decommission.workflow.LifecycleAck;
import org.decommission.workflow.LifecycleInput;
import org.decommission.workflow.LifecycleRequest;
import org.decommission.workflow.LifecycleState;
import org.decommission.workflow.LifecycleView;
import org.decommission.workflow.ProtectionRequest;
import org.decommission.workflow.Refusals;
import org.slf4j.Logger;

/**
 * See {@link DeploymentLifecycleWorkflow}: the entity loop and the update handlers. The steps
 * live in package-private parts: {@link Deployer} and {@link DeploySteps} (deploy, start,
 * resume), {@link RevisionRollout}, {@link Compensation} and {@link KeptFailures},
 * {@link Teardown} and {@link Purge}, {@link DriftFollower}; {@link LifecycleRecorder} is the
 * only writer of the state. Deterministic: activities and {@code Workflow.*} only.
 */
public class DeploymentLifecycleWorkflowImpl implements DeploymentLifecycleWorkflow {
  private static final Logger log = Workflow.getLogger(DeploymentLifecycleWorkflowImpl.class);
  /** When a timed purge fails for good, the next try comes this much later. */
  public static final Duration PURGE_RETRY = Duration.ofHours(1);
  /** A stuck delete or purge is tried again this much later, unless an admin forces it first. */
  public static final Duration STUCK_RETRY = Duration.ofHours(1);

  private enum Wake { REQUEST, PURGE_TIME, STUCK_RETRY }

  private final RequestQueue requests = new RequestQueue();
  private LifecycleContext lc;
  private Deployer deployer;
  private Teardown teardown;
  private RequestRunner runner;

  @Override
  public void run(LifecycleInput input) {
    lc = new LifecycleContext(input);
    lc.recorder.onRest(requests::settle);
    deployer = new Deployer(lc, new KeptFailures(lc));
    teardown = new Teardown(lc);
    runner = new RequestRunner(lc, deployer, teardown);
    requests.settle(lc.status());
    if (!lc.recorder.state().stuck()) {
      resumeWhatWasUnderWay();
      requests.settle(lc.status());
    }
    while (lc.status() != DeploymentStatus.PURGED) {
      continueAsNewIfDue();
      switch (next()) {
        case REQUEST -> runner.perform(requests.poll());
        case PURGE_TIME -> {
          teardown.purge(LifecycleContext.SYSTEM, "retention elapsed", false);
          if (lc.status() == DeploymentStatus.DELETED) {
            // The purge failed for a reason no retry mends (lastError says which): try again later
            // rather than at once, in a loop.
            lc.recorder.postponePurge(lc.now().plus(PURGE_RETRY));
          }
        }
        case STUCK_RETRY -> {
          lc.recorder.unstuck();
          log.info("[{} {}] trying the stuck step again", lc.id, lc.phase());
          teardown.resume();
        }
      }
      requests.settle(lc.status());
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    log.info("[{} {}] lifecycle complete: deployment purged", lc.id, lc.phase());
  }

  /** After a restart (adoption) or continue-as-new, finishes the step the state says was running. */
  private void resumeWhatWasUnderWay() {
    if (lc.status() == DeploymentStatus.CREATING) {
      deployer.deploy(lc.phase() != null && lc.phase().isDeploy() ? lc.phase() : Phase.PULL_IMAGE, LifecycleContext.SYSTEM, "deploy");
    } else {
      teardown.resume();
    }
  }

  /** Waits for a request; for a DELETED deployment until its purge time, for a stuck one until its retry. */
  private Wake next() {
    LifecycleState state = lc.recorder.state();
    Instant until = state.stuck() ? state.stuckRetryAt() : state.status() == DeploymentStatus.DELETED ? state.purgeAfter() : null;
    if (until == null) {
      Workflow.await(() -> !requests.isEmpty());
      return Wake.REQUEST;
    }
    if (!state.stuck()) {
      log.info("[{} {}] deleted; purge at {} unless restored or purged before", lc.id, lc.phase(), until);
    }
    long waitMillis = until.toEpochMilli() - Workflow.currentTimeMillis();
    if (waitMillis > 0) {
      String summary = state.stuck() ? "stuck: the step is tried again at " + until
          : "retention: the purge runs at " + until + " unless restored or purged before";
      boolean request = Changes.timerSummaries()
          ? requestBefore(Duration.ofMillis(waitMillis), summary)
          : Workflow.await(Duration.ofMillis(waitMillis), () -> !requests.isEmpty());
      if (request) {
        return Wake.REQUEST;
      }
    }
    return state.stuck() ? Wake.STUCK_RETRY : Wake.PURGE_TIME;
  }

  /**
   * Waits for a request or the end of {@code wait}, whichever comes first: a timer with a summary
   * the Temporal UI shows, cancelled when a request comes first. Returns whether one did.
   */
  private boolean requestBefore(Duration wait, String summary) {
    @SuppressWarnings("unchecked")
    Promise<Void>[] timer = new Promise[1];
    CancellationScope scope = Workflow.newCancellationScope(
        () -> timer[0] = Workflow.newTimer(wait, TimerOptions.newBuilder().setSummary(summary).build()));
    scope.run();
    Workflow.await(() -> timer[0].isCompleted() || !requests.isEmpty());
    if (timer[0].isCompleted()) {
      return false;
    }
    scope.cancel("a request came before the timer");
    return true;
  }

  /**
   * Continues as new between two steps once the server suggests it or the history passes the
   * limit, handing on the whole state; also while a stuck step waits, so a deployment stuck for
   * days does not grow its history without bound.
   */
  private void continueAsNewIfDue() {
    boolean due = Workflow.getInfo().isContinueAsNewSuggested()
        || Workflow.getInfo().getHistoryLength() > lc.settings.historyLimitOrDefault();
    if (!due || !requests.isEmpty()) {
      return;
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    if (requests.isEmpty()) {
      log.info("[{} {}] continuing as new after {} history events", lc.id, lc.phase(), Workflow.getInfo().getHistoryLength());
      Workflow.continueAsNew(lc.continuation());
    }
  }

  // ---- updates: each validator checks, each handler queues ------------------------------

  private LifecycleAck accept(LifecycleRequest request) {
    Operation operation = request.operation();
    requests.add(operation, request);
    if (operation == Operation.DELETE || operation == Operation.CANCEL) {
      deployer.interrupt(operation.verb());
    }
    return new LifecycleAck(lc.id, operation, operation.outcome());
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.ILLEGAL_TRANSITION);
  }

  @Override
  public LifecycleAck delete(LifecycleRequest.Delete request) {
    return accept(request);
  }

  @Override
  public void validateDelete(LifecycleRequest.Delete request) {
    refuseIfProtected();
    requests.check(Operation.DELETE);
  }

  /** Deletion protection holds for every delete and purge, a user's, an admin's or the sweep's. */
  private void refuseIfProtected() {
    if (lc != null && lc.recorder.state().deletionProtected()) {
      throw ApplicationFailure.newNonRetryableFailure(Refusals.deletionProtected(lc.id), FailureTypes.DELETION_PROTECTED);
    }
  }

  @Override
  public LifecycleAck purge(LifecycleRequest.Purge request) {
    return accept(request);
  }

  @Override
  public void validatePurge(LifecycleRequest.Purge request) {
    refuseIfProtected();
    if (request.forced()) {
      requests.checkForcedPurge();
    } else {
      requests.check(Operation.PURGE);
    }
  }

  @Override
  public LifecycleAck restore(LifecycleRequest.Restore request) {
    return accept(request);
  }

  @Override
  public void validateRestore(LifecycleRequest.Restore request) {
    requests.check(Operation.RESTORE);
  }

  @Override
  public LifecycleAck start(LifecycleRequest.Start request) {
    return accept(request);
  }

  @Override
  public void validateStart(LifecycleRequest.Start request) {
    requests.check(Operation.START);
  }

  @Override
  public LifecycleAck resume(LifecycleRequest.Resume request) {
    return accept(request);
  }

  @Override
  public void validateResume(LifecycleRequest.Resume request) {
    if (request.fromPhase() == null || !request.fromPhase().isDeploy()) {
      throw invalid("resume needs a deploy phase to start from, one of " + Phase.DEPLOY);
    }
    requests.check(Operation.RESUME);
  }

  @Override
  public LifecycleAck stop(LifecycleRequest.Stop request) {
    return accept(request);
  }

  @Override
  public void validateStop(LifecycleRequest.Stop request) {
    requests.check(Operation.STOP);
  }

  @Override
  public LifecycleAck cancel(LifecycleRequest.Cancel request) {
    return accept(request);
  }

  @Override
  public void validateCancel(LifecycleRequest.Cancel request) {
    requests.check(Operation.CANCEL);
  }

  @Override
  public LifecycleAck update(LifecycleRequest.Revision request) {
    return accept(request);
  }

  @Override
  public void validateUpdate(LifecycleRequest.Revision request) {
    if (request.revision() == null) {
      throw invalid("an update needs the revision to roll out");
    }
    requests.check(Operation.UPDATE);
  }

  @Override
  public boolean setDeletionProtection(ProtectionRequest request) {
    lc.recorder.protect(request.enabled(), request.actor());
    return request.enabled();
  }

  @Override
  public void validateSetDeletionProtection(ProtectionRequest request) {
    requests.checkProtectable();
  }

  @Override
  public void containersChanged(String what) {
    requests.observe(what);
  }

  @Override
  public LifecycleView view() {
    if (lc == null) {
      return new LifecycleView(null, null, null, null, null, requests.operations());
    }
    LifecycleState state = lc.recorder.state();
    return new LifecycleView(lc.id, state.status(), state.phase(), state.purgeAfter(), state.lastError(), requests.operations());
  }
}
