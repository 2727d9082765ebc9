package org.decommission.workflow;

/**
 * One event as a webhook delivers it: the {@code status_history} row id, its event name (the SSE
 * name), the deployment it is about, and the body (the event's JSON, as the event stream's
 * {@code data}).
 */
public record WebhookEvent(long id, String name, String deploymentId, String body) {}
