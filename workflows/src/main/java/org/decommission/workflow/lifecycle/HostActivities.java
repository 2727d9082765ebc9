package org.decommission.workflow.lifecycle;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import org.decommission.workflow.ActivityPolicies;
import org.decommission.workflow.DockerActivities;
import org.decommission.workflow.HealthActivities;
import org.decommission.workflow.HostFileActivities;

/** The activities that run on one Docker host's task queue, under one retry policy. */
record HostActivities(DockerActivities docker, HostFileActivities files, HealthActivities health) {

  static HostActivities with(ActivityOptions options) {
    return new HostActivities(
        Workflow.newActivityStub(DockerActivities.class, options),
        Workflow.newActivityStub(HostFileActivities.class, options),
        Workflow.newActivityStub(HealthActivities.class, options));
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
