package org.decommission.workflow;

import java.time.Instant;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;

/**
 * Starts (or adopts, or continues) a deployment's lifecycle workflow from the state the database
 * records: the workflow resumes whatever that status and phase say was under way.
 */
public record LifecycleInput(
    String deploymentId, String host, DeploymentStatus status, Phase phase, Instant purgeAfter, LifecycleSettings settings) {
  public LifecycleInput(String deploymentId, String host, DeploymentStatus status, Phase phase, Instant purgeAfter) {
    this(deploymentId, host, status, phase, purgeAfter, null);
  }

  public LifecycleSettings settingsOrDefaults() {
    return settings == null ? LifecycleSettings.DEFAULTS : settings;
  }
}
