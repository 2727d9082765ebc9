package org.decommission.workflow;

import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Operation;

/** The answer to an accepted lifecycle request: it is queued and will leave {@code expected}. */
public record LifecycleAck(String deploymentId, Operation operation, DeploymentStatus expected) {}
