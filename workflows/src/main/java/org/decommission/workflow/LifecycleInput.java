package org.decommission.workflow;

import java.time.Instant;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;

/**
 * Starts (or adopts, or continues) a deployment's lifecycle workflow from {@code state}: the
 * workflow resumes whatever that status and phase say was under way. Adoption builds the state
 * from the database; continue-as-new hands on the workflow's own.
 */
public record LifecycleInput(String deploymentId, String host, LifecycleState state, LifecycleSettings settings) {
  public LifecycleInput(String deploymentId, String host, DeploymentStatus status, Phase phase, Instant purgeAfter, LifecycleSettings settings) {
    this(deploymentId, host, LifecycleState.of(status, phase, purgeAfter, false), settings);
  }

  public LifecycleInput(String deploymentId, String host, DeploymentStatus status, Phase phase, Instant purgeAfter) {
    this(deploymentId, host, status, phase, purgeAfter, null);
  }

  public LifecycleSettings settingsOrDefaults() {
    return settings == null ? LifecycleSettings.DEFAULTS : settings;
  }
}
