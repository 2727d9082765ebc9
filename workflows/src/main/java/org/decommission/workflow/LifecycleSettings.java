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
 * @param historyLimit the history length past which a run continues as new, even where the
 *     server does not suggest it; 0: {@link #HISTORY_LIMIT}
 */
public record LifecycleSettings(int teardownAttempts, int keepFailed, boolean searchAttributes, int historyLimit) {
  public static final LifecycleSettings DEFAULTS = new LifecycleSettings(0, 0, false, 0);
  /** Long lives continue as new once their history grows past this many events. */
  public static final int HISTORY_LIMIT = 2_000;

  public LifecycleSettings(int teardownAttempts, int keepFailed, boolean searchAttributes) {
    this(teardownAttempts, keepFailed, searchAttributes, 0);
  }

  public LifecycleSettings(int teardownAttempts, int keepFailed) {
    this(teardownAttempts, keepFailed, false);
  }

  public int teardownAttemptsOrDefault() {
    return teardownAttempts > 0 ? teardownAttempts : ActivityPolicies.TEARDOWN_ATTEMPTS;
  }

  public int historyLimitOrDefault() {
    return historyLimit > 0 ? historyLimit : HISTORY_LIMIT;
  }
}
