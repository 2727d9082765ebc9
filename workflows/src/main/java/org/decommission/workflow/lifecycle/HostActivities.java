package org.decommission.workflow.lifecycle;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import org.decommission.workflow.ActivityPolicies;
import org.decommission.workflow.DockerActivities;
import org.decommission.workflow.HealthActivities;
import org.decommission.workflow.HostFileActivities;
import org.decommission.workflow.TeardownActivities;

/**
 * The activities that run on one Docker host's task queue, under one retry policy. A call made
 * through {@link #docker(String)} or {@link #health(String)} carries a summary the Temporal UI
 * shows beside it (user metadata: replay compares no summary).
 */
record HostActivities(DockerActivities docker, HostFileActivities files, HealthActivities health, ActivityOptions options) {

  /** The host's work of a delete or a purge in one call, reading as {@code summary} in the Temporal UI. */
  TeardownActivities teardown(String summary) {
    return Workflow.newActivityStub(TeardownActivities.class, ActivityOptions.newBuilder(options).setSummary(summary).build());
  }

  static HostActivities with(ActivityOptions options) {
    return new HostActivities(
        Workflow.newActivityStub(DockerActivities.class, options),
        Workflow.newActivityStub(HostFileActivities.class, options),
        Workflow.newActivityStub(HealthActivities.class, options),
        options);
  }

  /** The Docker activities, for one call that reads as {@code summary} in the Temporal UI. */
  DockerActivities docker(String summary) {
    return Workflow.newActivityStub(DockerActivities.class, ActivityOptions.newBuilder(options).setSummary(summary).build());
  }

  /**
   * The Docker activities for a pull: as {@link #docker(String)}, with the longer time a pull of a
   * large image may take ({@link ActivityPolicies#pull}); its heartbeats still show it alive.
   */
  DockerActivities pull(String summary) {
    return Workflow.newActivityStub(DockerActivities.class, ActivityPolicies.pull(options).setSummary(summary).build());
  }

  /** The health activity, for one call that reads as {@code summary} in the Temporal UI. */
  HealthActivities health(String summary) {
    return Workflow.newActivityStub(HealthActivities.class, ActivityOptions.newBuilder(options).setSummary(summary).build());
  }

  /** The deploy phases: a bounded number of tries, then the deploy fails. */
  static HostActivities deploy(String host) {
    return with(ActivityPolicies.deploy(host));
  }

  /** Stop, delete, purge and compensation: tried until the step is reported stuck. */
  static HostActivities teardown(String host, int attempts) {
    return with(ActivityPolicies.teardown(host, attempts));
  }

  /** An admin's forced purge: two tries per step. */
  static HostActivities forced(String host) {
    return with(ActivityPolicies.forced(host));
  }
}
