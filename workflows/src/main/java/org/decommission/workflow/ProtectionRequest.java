package org.decommission.workflow;

/** Switches a deployment's deletion protection: on, no delete or purge is accepted. */
public record ProtectionRequest(String actor, boolean enabled) {}
