package org.decommission.activities.store;

/**
 * What a history row records, kept in {@code status_history.event_kind} so that the event stream
 * names a row from this column and never from the wording of its reason.
 */
public enum EventKind {
  /** The deployment was created: the first row, with no old status. */
  CREATED,
  /** The status changed. */
  STATUS,
  /** A phase was entered; the status stays. */
  PHASE,
  /** A note while the status stays: a revision that serves or failed. */
  NOTE,
  /** A teardown step failed after its retry budget; the status stays. */
  STUCK,
  /** How far a long step (a pull) has come; the status stays. Not part of the audit trail. */
  PROGRESS
}
