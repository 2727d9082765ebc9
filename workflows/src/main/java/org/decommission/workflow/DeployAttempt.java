package org.decommission.workflow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.decommission.domain.DeploymentRecord;

/**
 * One run of the deploy phases for one revision, and the undo steps it registered, each before
 * the step it undoes. Its id labels what it creates (volumes, port allocations, the work dir), so
 * its compensation removes what this attempt created and nothing older: not the data volumes and
 * ports a restored deployment kept, not a revision still serving.
 */
final class DeployAttempt {
  /** What a compensation undoes, in the order the deploy phases create it. */
  enum Undo {
    WORKDIR,
    VOLUMES,
    PORTS,
    CONTAINERS,
    ROUTE
  }

  final String id;
  final DeploymentRecord target;
  /** Whether another revision serves while this one rolls out (an update). */
  final boolean replacing;
  private final List<Undo> registered = new ArrayList<>();

  DeployAttempt(String id, DeploymentRecord target, boolean replacing) {
    this.id = id;
    this.target = target;
    this.replacing = replacing;
  }

  int revision() {
    return target.revision();
  }

  /**
   * Registers an undo step before the step it undoes. An update leaves the work dir and the route
   * alone: both belong to the revision still serving (the route is switched last, atomically).
   */
  void register(Undo undo) {
    if (replacing && (undo == Undo.WORKDIR || undo == Undo.ROUTE)) {
      return;
    }
    if (!registered.contains(undo)) {
      registered.add(undo);
    }
  }

  /** The undo steps, last registered first: containers go before the volumes they mount. */
  List<Undo> undoSteps() {
    List<Undo> steps = new ArrayList<>(registered);
    Collections.reverse(steps);
    return steps;
  }
}
