package org.decommission.workflow.lifecycle;

import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.decommission.domain.ArtifactOutcome;
import org.slf4j.Logger;

/**
 * A forced purge's rule: a step that still fails becomes one FAILED receipt line per artifact
 * it was to remove ("left behind"), instead of stopping the purge.
 */
final class LeftBehind {
  private static final Logger log = Workflow.getLogger(LeftBehind.class);
  private final LifecycleContext lc;

  LeftBehind(LifecycleContext lc) {
    this.lc = lc;
  }

  List<ArtifactOutcome> onFailure(ArtifactOutcome.Kind kind, List<String> names, Supplier<List<ArtifactOutcome>> step) {
    try {
      return step.get();
    } catch (ActivityFailure failure) {
      String detail = "left behind by a forced purge: " + FailureText.of(failure);
      log.warn("[{} {}] {} {}", lc.id, lc.phase(), names, detail);
      Instant now = lc.now();
      return names.stream().map(n -> new ArtifactOutcome(kind, n, ArtifactOutcome.Outcome.FAILED, detail, now)).toList();
    }
  }
}
