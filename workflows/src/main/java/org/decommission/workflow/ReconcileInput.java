package org.decommission.workflow;

/**
 * A host's reconciler: with {@code loop}, sweep every {@code intervalSeconds} for as long as it
 * runs (where the server has no schedules); without, sweep once (a schedule's action, or a run
 * asked for now). In dry-run mode or not.
 */
public record ReconcileInput(String host, long intervalSeconds, boolean dryRun, boolean loop) {}
