package org.decommission.workflow;

import java.time.Instant;
import java.util.List;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Operation;
import org.decommission.domain.Phase;

/** What the workflow knows right now, for queries and the Temporal UI. */
public record LifecycleView(
    String deploymentId, DeploymentStatus status, Phase phase, Instant purgeAfter, String lastError, List<Operation> queued) {}
