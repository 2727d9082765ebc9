package org.decommission.workflow.lifecycle;

import io.temporal.workflow.Workflow;
import java.time.Instant;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;
import org.decommission.workflow.DeploymentSearchAttributes;
import org.decommission.workflow.LifecycleState;
import org.decommission.workflow.StoreActivities;
import org.slf4j.Logger;

/**
 * The only writer of a deployment's status, phase, purge time, last error and stuck mark: each
 * change goes to the database (a local activity), to the workflow's own state (queries,
 * continue-as-new) and to the search attributes (the Temporal UI's columns), in that order, so
 * the three never disagree for longer than one call.
 */
final class LifecycleRecorder {
  private static final Logger log = Workflow.getLogger(LifecycleRecorder.class);

  private final String id;
  private final String host;
  private final StoreActivities store;
  private final boolean searchAttributes;
  private LifecycleState state;
  /** What the delete or purge under way has done so far, for the current details; null when none is. */
  private String progress;
  /** Told of each status a request may end in, once it is recorded. */
  private java.util.function.Consumer<DeploymentStatus> onRest = status -> {};

  LifecycleRecorder(String id, String host, StoreActivities store, boolean searchAttributes, LifecycleState initial) {
    this.id = id;
    this.host = host;
    this.store = store;
    this.searchAttributes = searchAttributes;
    this.state = initial;
    publish();
  }

  /**
   * {@code listener} hears each recorded status that is not {@link DeploymentStatus#underWay}:
   * the request queue's projection follows it at once, so a request the API sends the moment it
   * reads RUNNING is checked against RUNNING, not against the deploy it saw end.
   */
  void onRest(java.util.function.Consumer<DeploymentStatus> listener) {
    this.onRest = listener;
  }

  private void rested() {
    if (!state.status().underWay()) {
      onRest.accept(state.status());
    }
  }

  LifecycleState state() {
    return state;
  }

  DeploymentStatus status() {
    return state.status();
  }

  Phase phase() {
    return state.phase();
  }

  String lastError() {
    return state.lastError();
  }

  void enterPhase(Phase next) {
    state = state.withPhase(next);
    publish();
    log.info("[{} {}] phase started", id, next);
    store.enterPhase(id, next);
  }

  /** Moves the status on; the store refuses a transition the status table forbids. */
  void setStatus(DeploymentStatus next, String actor, String reason) {
    if (state.status() == next) {
      return;
    }
    log.info("[{} {}] {} -> {} ({}: {})", id, state.phase(), state.status(), next, actor, reason);
    store.transition(id, next, actor, reason);
    state = state.withStatus(next);
    publish();
    rested();
  }

  /**
   * A status (none: it stays) and a phase that {@code TeardownRecords} wrote to the database in one
   * call: the workflow's state and the search attributes follow, as {@link #setStatus} and
   * {@link #enterPhase} would have them.
   */
  void recorded(DeploymentStatus next, Phase phase) {
    if (next != null && state.status() != next) {
      log.info("[{} {}] {} -> {}", id, state.phase(), state.status(), next);
      state = state.withStatus(next);
    }
    state = state.withPhase(phase);
    log.info("[{} {}] phase started", id, phase);
    publish();
    rested();
  }

  /** DELETED as {@code TeardownRecords} recorded it, with its purge time. */
  void deletedRecorded(Instant purgeAfter) {
    state = state.withStatus(DeploymentStatus.DELETED).withPhase(Phase.RETENTION).withPurgeAfter(purgeAfter).withStuckRetryAt(null);
    publish();
    rested();
  }

  /** PURGED as {@code TeardownRecords} recorded it (the receipt written, the records tombstoned). */
  void purgedRecorded() {
    state = state.withStatus(DeploymentStatus.PURGED).withPhase(Phase.WRITE_RECEIPT).withStuckRetryAt(null);
    publish();
  }

  /** DELETED: the store sets the purge time (idempotently) and the phase RETENTION. */
  void markDeleted(String actor, String reason) {
    deletedRecorded(store.markDeleted(id, actor, reason));
  }

  /** MISSING again, with no purge time. */
  void restored(String actor, String reason) {
    setStatus(DeploymentStatus.MISSING, actor, reason);
    state = state.withPurgeAfter(null);
  }

  /** A timed purge that failed for good is tried again at {@code next}. */
  void postponePurge(Instant next) {
    state = state.withPurgeAfter(next);
  }

  /** PURGED: the receipt is written and the records tombstoned. */
  void purged(String actor, String reason) {
    store.completePurge(id, actor, reason);
    purgedRecorded();
  }

  /** What the delete or purge under way has done so far (the Temporal UI's current details show it). */
  void progress(String done) {
    progress = done;
    Workflow.setCurrentDetails(CurrentDetails.of(state, progress));
  }

  void failed(String error) {
    state = state.withLastError(error);
    Workflow.setCurrentDetails(CurrentDetails.of(state, progress));
  }

  void succeeded() {
    state = state.withLastError(null);
    Workflow.setCurrentDetails(CurrentDetails.of(state, progress));
  }

  /**
   * A delete or purge step failed after its retry budget: the database says so (the
   * {@code deployment-stuck} event) and the step is tried again at {@code retryAt}.
   */
  void stuck(String lastError, String failure, int attempts, Instant retryAt) {
    state = state.withLastError(lastError).withStuckRetryAt(retryAt);
    store.recordStuck(id, state.phase(), failure, attempts);
  }

  /** Deletion protection on or off: on at once for the validators, then in the database. */
  void protect(boolean enabled, String actor) {
    boolean before = state.deletionProtected();
    state = state.withDeletionProtected(enabled);
    try {
      store.setDeletionProtection(id, enabled);
    } catch (RuntimeException refused) {
      state = state.withDeletionProtected(before);
      throw refused;
    }
    log.info("[{} {}] deletion protection {} by {}", id, state.phase(), enabled ? "on" : "off", actor);
  }

  void unstuck() {
    state = state.withStuckRetryAt(null);
  }

  /**
   * Keeps what the Temporal UI shows at the current state: the workflow's current details (no
   * command: it is only answered to the UI's query) and its search attributes (the UI's columns).
   */
  private void publish() {
    Workflow.setCurrentDetails(CurrentDetails.of(state, progress));
    if (!searchAttributes) {
      return;
    }
    Workflow.upsertTypedSearchAttributes(
        DeploymentSearchAttributes.DEPLOYMENT_ID.valueSet(id),
        DeploymentSearchAttributes.HOST.valueSet(host),
        state.status() == null ? DeploymentSearchAttributes.STATUS.valueUnset() : DeploymentSearchAttributes.STATUS.valueSet(state.status().name()),
        state.phase() == null ? DeploymentSearchAttributes.PHASE.valueUnset() : DeploymentSearchAttributes.PHASE.valueSet(state.phase().name()));
  }
}
