package org.decommission.workflow;

/**
 * Operator settings a lifecycle workflow runs with, passed in at its start (and on to its
 * continuations), so that the workflow code reads no configuration.
 *
 * @param teardownAttempts tries per delete, purge or cleanup step before the deployment is
 *     reported stuck ({@code decommission.delete.step-attempts}); 0: {@link
 *     ActivityPolicies#TEARDOWN_ATTEMPTS}
 * @param keepFailed how many failed deployments keep their containers, stopped, for debugging
 *     ({@code decommission.failed.keep}); 0: none
 * @param searchAttributes whether the workflow keeps {@link DeploymentSearchAttributes} current
 *     (the server has them registered)
 */
public record LifecycleSettings(int teardownAttempts, int keepFailed, boolean searchAttributes) {
  public static final LifecycleSettings DEFAULTS = new LifecycleSettings(0, 0, false);

  public LifecycleSettings(int teardownAttempts, int keepFailed) {
    this(teardownAttempts, keepFailed, false);
  }

  public int teardownAttemptsOrDefault() {
    return teardownAttempts > 0 ? teardownAttempts : ActivityPolicies.TEARDOWN_ATTEMPTS;
  }
}
