package org.decommission.workflow.lifecycle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.decommission.domain.DeploymentRecord;

/**
 * One run of the deploy phases for one revision, and the undo steps it registered, each just
 * before the call it undoes. Its id labels what it creates (volumes, port allocations, the work
 * dir), so its compensation removes what this attempt created and nothing older: not the data
 * volumes and ports a restored deployment kept, not a revision still serving.
 */
final class DeployAttempt {
  /** What an undo step undoes, in the order the deploy phases create it. */
  enum Undo {
    WORKDIR,
    VOLUMES,
    NETWORK,
    PORTS,
    CONTAINERS,
    ROUTE
  }

  /**
   * Undoes one step. {@code keepForDebugging}: a failed deploy keeps its containers stopped, with
   * their volumes and work dir ({@code decommission.failed.keep}).
   */
  interface UndoAction {
    void undo(boolean keepForDebugging);
  }

  record Registered(Undo what, UndoAction action) {}

  final String id;
  final DeploymentRecord target;
  /** Whether another revision serves while this one rolls out (an update). */
  final boolean replacing;
  private final List<Registered> registered = new ArrayList<>();

  DeployAttempt(String id, DeploymentRecord target, boolean replacing) {
    this.id = id;
    this.target = target;
    this.replacing = replacing;
  }

  int revision() {
    return target.revision();
  }

  /**
   * Registers an undo step before the call it undoes; a step registered twice (a resumed deploy
   * asks again for what an earlier phase made) is undone once. An update leaves the work dir and
   * the route alone: both belong to the revision still serving (the route is switched last).
   */
  void register(Undo what, UndoAction action) {
    if (replacing && (what == Undo.WORKDIR || what == Undo.ROUTE)) {
      return;
    }
    if (registered.stream().noneMatch(r -> r.what() == what)) {
      registered.add(new Registered(what, action));
    }
  }

  boolean created(Undo what) {
    return registered.stream().anyMatch(r -> r.what() == what);
  }

  /** The undo steps, last registered first: containers go before the volumes they mount. */
  List<Registered> undoSteps() {
    List<Registered> steps = new ArrayList<>(registered);
    Collections.reverse(steps);
    return steps;
  }
}
