package org.decommission.workflow;

import org.decommission.domain.Operation;
import org.decommission.domain.Phase;

/**
 * A lifecycle request: who asks ({@code actor}) and why ({@code reason}). Each update of
 * {@link DeploymentLifecycleWorkflow} takes its own record, holding only what that request needs,
 * so no field means one thing for one request and another for the next.
 */
public sealed interface LifecycleRequest {
  String actor();

  String reason();

  /** The operation this request asks for. */
  Operation operation();

  /**
   * A request that carries no more than who asks and why: the defaults of its kind (the
   * configured grace, no revision, data removed).
   *
   * @throws IllegalArgumentException for a resume or an update, which need more
   */
  static LifecycleRequest of(Operation operation, String actor, String reason) {
    return switch (operation) {
      case DELETE -> new Delete(actor, reason);
      case PURGE -> new Purge(actor, reason);
      case RESTORE -> new Restore(actor, reason);
      case START -> new Start(actor, reason);
      case STOP -> new Stop(actor, reason);
      case CANCEL -> new Cancel(actor, reason);
      case OBSERVE -> new Observe(actor, reason);
      case RESUME, UPDATE -> throw new IllegalArgumentException(operation.verb() + " needs more than an actor and a reason");
    };
  }

  /**
   * A soft delete.
   *
   * @param graceSeconds the SIGTERM grace for this delete (0 kills at once); null: the configured
   *     {@code decommission.delete.stop-grace}
   */
  record Delete(String actor, String reason, Integer graceSeconds) implements LifecycleRequest {
    @Override
    public Operation operation() {
      return Operation.DELETE;
    }

    public Delete(String actor, String reason) {
      this(actor, reason, null);
    }
  }

  /**
   * A purge of a DELETED deployment now instead of at its purge time.
   *
   * @param keepData keep every data volume (released from the deployment) instead of removing it
   * @param forced an admin finishes a delete or purge that is stuck, or under way: each remaining
   *     step gets two tries, and what still fails is left behind and receipted as such
   */
  record Purge(String actor, String reason, boolean keepData, boolean forced) implements LifecycleRequest {
    @Override
    public Operation operation() {
      return Operation.PURGE;
    }

    public Purge(String actor, String reason) {
      this(actor, reason, false, false);
    }

    /** An admin's purge that finishes a stuck delete or purge, receipting what it leaves behind. */
    public static Purge forcedBy(String actor, String reason) {
      return new Purge(actor, reason, false, true);
    }
  }

  /** Brings a DELETED deployment back as MISSING. */
  record Restore(String actor, String reason) implements LifecycleRequest {
    @Override
    public Operation operation() {
      return Operation.RESTORE;
    }
  }

  /** Runs the deploy phases of a STOPPED, MISSING, FAILED or CANCELLED deployment again. */
  record Start(String actor, String reason) implements LifecycleRequest {
    @Override
    public Operation operation() {
      return Operation.START;
    }
  }

  /**
   * Stops a RUNNING deployment's replicas.
   *
   * @param graceSeconds the SIGTERM grace (0 kills at once); null: the configured grace
   */
  record Stop(String actor, String reason, Integer graceSeconds) implements LifecycleRequest {
    @Override
    public Operation operation() {
      return Operation.STOP;
    }

    public Stop(String actor, String reason) {
      this(actor, reason, null);
    }
  }

  /** Re-runs a FAILED deployment's deploy phases from {@code fromPhase}. */
  record Resume(String actor, String reason, Phase fromPhase) implements LifecycleRequest {
    @Override
    public Operation operation() {
      return Operation.RESUME;
    }
  }

  /** Cancels a deploy in flight, however it was started (create, start or resume). */
  record Cancel(String actor, String reason) implements LifecycleRequest {
    @Override
    public Operation operation() {
      return Operation.CANCEL;
    }
  }

  /** Rolls out the stored revision {@code revision} beside the one serving. */
  record Revision(String actor, String reason, Integer revision) implements LifecycleRequest {
    @Override
    public Operation operation() {
      return Operation.UPDATE;
    }
  }

  /** Not a user's request: the containers changed out of band ({@code reason} says how). */
  record Observe(String actor, String reason) implements LifecycleRequest {
    @Override
    public Operation operation() {
      return Operation.OBSERVE;
    }
  }
}
