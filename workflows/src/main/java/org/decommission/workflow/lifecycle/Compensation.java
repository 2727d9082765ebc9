package org.decommission.workflow.lifecycle;

import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.decommission.domain.Phase;
import org.slf4j.Logger;

/**
 * Removes what a failed or cancelled deploy attempt created, last created first. It runs in a
 * detached cancellation scope (the caller's), so a cancel still cleans up.
 */
final class Compensation {
  private static final Logger log = Workflow.getLogger(Compensation.class);
  private final LifecycleContext lc;
  private final KeptFailures kept;

  Compensation(LifecycleContext lc, KeptFailures kept) {
    this.lc = lc;
    this.kept = kept;
  }

  /**
   * Undoes {@code attempt}'s steps. A step that fails after its retry budget does not stop the
   * others; the returned text names what is left ("" when nothing is). What is left carries the
   * deployment's labels, so its delete and purge remove it.
   *
   * <p>With {@code decommission.failed.keep}, a failed first deploy (not a cancelled one, not a
   * revision update) keeps its containers stopped, with their volumes and work dir, for
   * debugging; the oldest kept failure beyond the limit is then removed in its place.
   *
   * @param interrupted the attempt was cancelled by a delete or cancel, not failed
   */
  String undo(DeployAttempt attempt, boolean interrupted) {
    List<DeployAttempt.Registered> steps = attempt.undoSteps();
    if (steps.isEmpty()) {
      return "";
    }
    boolean keep = lc.settings.keepFailed() > 0 && !attempt.replacing && !interrupted && attempt.created(DeployAttempt.Undo.CONTAINERS);
    lc.recorder.enterPhase(Phase.COMPENSATE);
    log.warn("[{} {}] removing what the attempt on revision {} created: {}{}", lc.id, lc.phase(), attempt.revision(),
        steps.stream().map(DeployAttempt.Registered::what).toList(),
        keep ? " (containers, volumes and work dir kept for debugging)" : "");
    StringBuilder problems = new StringBuilder();
    for (DeployAttempt.Registered step : steps) {
      try {
        step.action().undo(keep);
      } catch (ActivityFailure failure) {
        log.error("[{} {}] could not undo {}: {}", lc.id, lc.phase(), step.what(), FailureText.of(failure));
        problems.append("; cleanup left ").append(step.what()).append(" behind: ").append(FailureText.of(failure));
      }
    }
    if (keep) {
      kept.keep(attempt);
    }
    return problems.toString();
  }
}
