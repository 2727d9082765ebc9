package org.decommission.workflow;

/**
 * A webhook subscription's workflow: its id, and the last {@code status_history} id it has
 * handled (carried across continue-as-new).
 */
public record WebhookInput(String webhookId, long cursor) {}
