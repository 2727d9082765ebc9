package org.decommission.workflow;

/** A host's reconcile loop: sweep every {@code intervalSeconds}, in dry-run mode or not. */
public record ReconcileInput(String host, long intervalSeconds, boolean dryRun) {}
