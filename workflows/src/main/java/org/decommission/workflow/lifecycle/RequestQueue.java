package org.decommission.workflow.lifecycle;

import io.temporal.failure.ApplicationFailure;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Operation;
import org.decommission.workflow.FailureTypes;
import org.decommission.workflow.LifecycleRequest;

/**
 * The requests accepted and not yet run, in order, and the status the deployment will have once
 * they have run (the projection every validator checks a new request against).
 */
final class RequestQueue {
  record Queued(Operation operation, LifecycleRequest request) {}

  private final Deque<Queued> queue = new ArrayDeque<>();
  /** Null until the workflow has read its state: a request then is refused as too early. */
  private DeploymentStatus projected;

  boolean isEmpty() {
    return queue.isEmpty();
  }

  Queued poll() {
    return queue.poll();
  }

  List<Operation> operations() {
    return queue.stream().map(Queued::operation).toList();
  }

  void add(Operation operation, LifecycleRequest request) {
    queue.add(new Queued(operation, request));
    projected = operation.projection();
  }

  /** Queues one look at the containers; signals that arrive before it runs are folded into it. */
  void observe(String what) {
    if (queue.stream().noneMatch(q -> q.operation() == Operation.OBSERVE)) {
      queue.add(new Queued(Operation.OBSERVE, new LifecycleRequest.Observe(LifecycleContext.SYSTEM, what == null ? "a container changed" : what)));
    }
  }

  /**
   * With nothing queued that changes the status, the projection is the status itself. A queued
   * look at the containers (OBSERVE, a Docker event during a deploy) changes nothing the API can
   * ask for: a request sent the moment the deploy ends is checked against RUNNING, not against
   * the deploy that was under way when the event came.
   */
  void settle(DeploymentStatus status) {
    if (queue.stream().allMatch(q -> q.operation() == Operation.OBSERVE)) {
      projected = status;
    }
  }

  /** Refuses {@code operation} when the projected status does not allow it (the API's 409). */
  void check(Operation operation) {
    DeploymentStatus at = started();
    if (!operation.allowedFrom(at)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot " + operation.verb() + " a deployment that is " + at + (queue.isEmpty() ? "" : " once the requests already queued have run"),
          FailureTypes.ILLEGAL_TRANSITION,
          at.name());
    }
  }

  /** A forced purge finishes a delete: it is allowed at any point of one, stuck or not. */
  void checkForcedPurge() {
    DeploymentStatus at = started();
    if (!Operation.PURGE.allowedFrom(at, true)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "a forced purge finishes a delete: the deployment must be " + Operation.FORCED_PURGE_FROM + ", but it is " + at,
          FailureTypes.ILLEGAL_TRANSITION);
    }
  }

  /** Deletion protection is switched only before a delete begins: a deleted deployment's purge is scheduled. */
  void checkProtectable() {
    DeploymentStatus at = started();
    if (!at.protectable()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "deletion protection can only be switched on a deployment that is not deleted; it is " + at, FailureTypes.ILLEGAL_TRANSITION);
    }
  }

  private DeploymentStatus started() {
    if (projected == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          org.decommission.workflow.Refusals.starting(), FailureTypes.ILLEGAL_TRANSITION);
    }
    return projected;
  }
}
