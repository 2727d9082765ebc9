package org.decommission.workflow.lifecycle;

import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Naming;
import org.decommission.domain.Phase;
import org.decommission.domain.ReplicaState;
import org.decommission.workflow.LifecycleRequest;
import org.slf4j.Logger;

/**
 * Delete and purge. Each is idempotent, so calling one again after a crash or a stuck step
 * finishes it. "Not done yet" is a return value: a step that fails after its retry budget leaves
 * the deployment DELETING or PURGING, {@link Progress#STUCK}, and is tried again later.
 */
final class Teardown {
  private static final Logger log = Workflow.getLogger(Teardown.class);

  /** What a delete or purge came to. */
  enum Progress {
    DONE,
    /** Refused before it changed anything (the store refused the transition); the status stays. */
    REFUSED,
    /** Half-done: a step failed after its retry budget; it is tried again later. */
    STUCK
  }

  private final LifecycleContext lc;
  private final Purge purge;
  private final FoldedTeardown folded;

  Teardown(LifecycleContext lc) {
    this.lc = lc;
    this.purge = new Purge(lc);
    this.folded = new FoldedTeardown(lc);
  }

  /** Finishes the delete or purge the status says was under way (after a restart or a stuck step). */
  Progress resume() {
    return switch (lc.status()) {
      case DELETING -> delete(new LifecycleRequest.Delete(LifecycleContext.SYSTEM, "delete resumed"));
      case PURGING -> purge(LifecycleContext.SYSTEM, "purge resumed", false);
      default -> Progress.DONE;
    };
  }

  /** Soft delete: the replicas stop, containers and route go; volumes and ports are retained. */
  Progress delete(LifecycleRequest.Delete request) {
    try {
      if (Changes.foldedTeardown()) {
        folded.delete(request);
        return Progress.DONE;
      }
      lc.recorder.setStatus(DeploymentStatus.DELETING, request.actor(), request.reason());
      lc.recorder.enterPhase(Phase.STOP_REPLICAS);
      Promise<ArtifactOutcome> route = withdrawRoute(lc);
      lc.recorder.progress("the delete is stopping the replicas");
      int stopped = lc.teardown.docker(stopSummary(request.graceSeconds())).stopContainers(lc.id, request.graceSeconds());
      lc.store.setReplicaStates(lc.id, ReplicaState.STOPPED);
      lc.recorder.enterPhase(Phase.REMOVE_CONTAINERS);
      lc.recorder.progress("the delete stopped " + stopped + " running replica(s); removing the containers");
      // Each outcome is receipted as soon as it is known: a route that cannot be removed must not
      // hide that the containers were.
      List<ArtifactOutcome> containers = lc.teardown.docker("remove the containers").removeContainers(lc.id);
      lc.store.recordOutcomes(lc.id, containers);
      ArtifactOutcome withdrawn = route.get();
      lc.store.recordOutcomes(lc.id, List.of(withdrawn));
      lc.recorder.progress("the delete stopped " + stopped + " replica(s), removed " + removed(containers) + " container(s)"
          + (withdrawn.outcome() == ArtifactOutcome.Outcome.REMOVED ? " and the route" : ""));
      lc.recorder.markDeleted(request.actor(), request.reason());
      log.info("[{} {}] deleted by {}; volumes and ports retained until {}", lc.id, lc.phase(), request.actor(), lc.recorder.state().purgeAfter());
      return Progress.DONE;
    } catch (ActivityFailure failure) {
      return notDone("delete", failure);
    }
  }

  /**
   * Withdraws the route ahead of a stop, so the proxy sends the stopping replicas no traffic. In a
   * run with {@link Changes#ROUTE_WITHDRAWN_FIRST} the stop waits for it, and the proxy answers 404
   * for the host before any replica stops; a route that cannot be withdrawn does not hold the stop
   * up: its failure surfaces when the promise is read again, after the stop. In a run from before,
   * it runs beside the stop.
   */
  static Promise<ArtifactOutcome> withdrawRoute(LifecycleContext lc) {
    boolean first = Changes.routeWithdrawnFirst();
    Promise<ArtifactOutcome> route = Async.function(lc.teardown.files()::removeRoute, lc.id);
    if (first) {
      try {
        route.get();
      } catch (ActivityFailure failure) {
        log.warn("[{} {}] the route could not be withdrawn before the stop, which goes on: {}", lc.id, lc.phase(), FailureText.of(failure));
      }
    }
    return route;
  }

  /** How many of the lines say the artifact was removed (not found gone, not failed). */
  static long removed(List<ArtifactOutcome> lines) {
    return lines.stream().filter(l -> l.outcome() == ArtifactOutcome.Outcome.REMOVED || l.outcome() == ArtifactOutcome.Outcome.SNAPSHOTTED).count();
  }

  /** How a stop of the replicas reads in the Temporal UI. */
  static String stopSummary(Integer graceSeconds) {
    return "stop every replica: SIGTERM, a kill after " + (graceSeconds == null ? "the configured grace" : graceSeconds + "s");
  }

  /** The purge of a DELETED deployment: volumes, image, files, ports, then the receipt. */
  Progress purge(String actor, String reason, boolean keepData) {
    try {
      if (Changes.foldedTeardown()) {
        folded.purge(actor, reason, keepData);
        return Progress.DONE;
      }
      purge.run(actor, reason, keepData, lc.teardown, null);
      return Progress.DONE;
    } catch (ActivityFailure failure) {
      return notDone("purge", failure);
    }
  }

  /**
   * An admin finishes a delete that is stuck (or under way): each remaining step is tried twice,
   * and what still fails is left behind and receipted as such, so the deployment ends PURGED.
   */
  Progress forcePurge(String actor, String reason) {
    lc.recorder.unstuck();
    log.warn("[{} {}] forced purge by {} from {}: what cannot be removed is left behind and receipted", lc.id, lc.phase(), actor, lc.status());
    try {
      LeftBehind leftBehind = new LeftBehind(lc);
      if (lc.status() == DeploymentStatus.DELETING) {
        DeploymentRecord record = lc.store.loadDeployment(lc.id);
        List<ArtifactOutcome> outcomes = new ArrayList<>();
        outcomes.addAll(leftBehind.onFailure(ArtifactOutcome.Kind.CONTAINER, Purge.containerNames(record), () -> {
          lc.forced.docker().stopContainers(lc.id, 0);
          return lc.forced.docker().removeContainers(lc.id);
        }));
        outcomes.addAll(leftBehind.onFailure(ArtifactOutcome.Kind.ROUTE, List.of(Naming.routeFileName(lc.id)),
            () -> List.of(lc.forced.files().removeRoute(lc.id))));
        lc.store.recordOutcomes(lc.id, outcomes);
        lc.recorder.markDeleted(actor, reason);
      }
      purge.run(actor, reason, false, lc.forced, leftBehind);
      return Progress.DONE;
    } catch (ActivityFailure failure) {
      return notDone("forced purge", failure);
    }
  }

  /**
   * A step failed. Half-way through a delete or purge, the deployment is stuck: the database
   * says so loudly, and the step is tried again after {@link DeploymentLifecycleWorkflowImpl#STUCK_RETRY}.
   */
  private Progress notDone(String what, ActivityFailure failure) {
    String text = FailureText.of(failure);
    String error = what + " failed: " + text;
    log.error("[{} {}] {}", lc.id, lc.phase(), error);
    if (lc.status() == DeploymentStatus.DELETING || lc.status() == DeploymentStatus.PURGING) {
      int attempts = failure.getRetryState() == RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED ? lc.settings.teardownAttemptsOrDefault() : 1;
      lc.recorder.stuck(error, text, attempts, lc.now().plus(DeploymentLifecycleWorkflowImpl.STUCK_RETRY));
      return Progress.STUCK;
    }
    lc.recorder.failed(error);
    return Progress.REFUSED;
  }
}
