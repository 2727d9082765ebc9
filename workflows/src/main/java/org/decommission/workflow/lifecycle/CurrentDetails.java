package org.decommission.workflow.lifecycle;

import org.decommission.domain.DeploymentStatus;
import org.decommission.workflow.LifecycleState;

/** What a lifecycle workflow shows in the Temporal UI as its current details. Pure code. */
final class CurrentDetails {
  private CurrentDetails() {}

  /**
   * What the workflow is doing now: status and phase, what the delete or purge under way has done
   * so far, the purge time, a stuck step, the last error.
   */
  static String of(LifecycleState state, String progress) {
    StringBuilder text = new StringBuilder("**" + state.status() + "**");
    if (state.phase() != null) {
      text.append(" · ").append(state.phase());
    }
    if (state.deletionProtected()) {
      text.append(" · deletion protection on");
    }
    if (progress != null) {
      text.append("  \n").append(progress);
    }
    if (state.status() == DeploymentStatus.DELETED && state.purgeAfter() != null) {
      text.append("  \npurge due ").append(state.purgeAfter()).append(" unless restored or purged before");
    }
    if (state.stuck()) {
      text.append("  \nstuck; the step is tried again at ").append(state.stuckRetryAt());
    }
    if (state.lastError() != null) {
      text.append("  \nlast error: ").append(state.lastError());
    }
    return text.toString();
  }
}
