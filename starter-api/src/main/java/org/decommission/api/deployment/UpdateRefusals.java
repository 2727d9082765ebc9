package org.decommission.api.deployment;

import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import org.decommission.api.ApiException;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Operation;
import org.decommission.workflow.Refusals;

/** A lifecycle request the deployment's workflow refused, as the API answers it: 409 with the validator's words. */
final class UpdateRefusals {
  private UpdateRefusals() {}

  /**
   * What the workflow's validator said. Only validators reject updates (the handlers just queue),
   * and the SDK replaces the validator's failure type on the way, so the message is what we have.
   */
  static String message(WorkflowUpdateException e) {
    return e.getCause() instanceof ApplicationFailure failure ? failure.getOriginalMessage() : e.getMessage();
  }

  /** The 409 of a refused {@code operation}, titled by what the refusal says. */
  static ApiException conflict(Operation operation, WorkflowUpdateException e) {
    String message = message(e);
    String title = Refusals.isDeletionProtected(message) ? "Deletion protection on"
        : operation == Operation.DELETE && isDeleted(message) ? "Already deleted" : "Illegal transition";
    return ApiException.conflict(title, message);
  }

  private static boolean isDeleted(String message) {
    return message.contains(DeploymentStatus.DELETED.name()) || message.contains(DeploymentStatus.DELETING.name())
        || message.contains(DeploymentStatus.PURGING.name());
  }
}
