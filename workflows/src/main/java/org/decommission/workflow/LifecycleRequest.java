package org.decommission.workflow;

/** A lifecycle request (delete, purge, restore, start, stop): who asks, and why. */
public record LifecycleRequest(String actor, String reason) {}
