package org.decommission.workflow.lifecycle;

import io.temporal.workflow.Workflow;
import java.time.Instant;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;
import org.decommission.workflow.ActivityPolicies;
import org.decommission.workflow.LifecycleInput;
import org.decommission.workflow.LifecycleSettings;
import org.decommission.workflow.StoreActivities;
import org.decommission.workflow.TeardownRecords;

/**
 * What every part of one deployment's lifecycle works with: its id and host, the operator's
 * settings, the activity stubs under each retry policy, and the recorder of its state.
 */
final class LifecycleContext {
  static final String SYSTEM = "system";

  final String id;
  final String host;
  final LifecycleSettings settings;
  final StoreActivities store = Workflow.newLocalActivityStub(StoreActivities.class, ActivityPolicies.store());
  /** The database writes of a delete and a purge, several in one local activity. */
  final TeardownRecords records = Workflow.newLocalActivityStub(TeardownRecords.class, ActivityPolicies.store());
  final HostActivities deploy;
  final HostActivities teardown;
  final HostActivities forced;
  final LifecycleRecorder recorder;

  LifecycleContext(LifecycleInput input) {
    this.id = input.deploymentId();
    this.host = input.host();
    this.settings = input.settingsOrDefaults();
    this.deploy = HostActivities.deploy(host);
    this.teardown = HostActivities.teardown(host, settings.teardownAttemptsOrDefault());
    this.forced = HostActivities.forced(host);
    this.recorder = new LifecycleRecorder(id, host, store, settings.searchAttributes(), input.state());
  }

  DeploymentStatus status() {
    return recorder.status();
  }

  Phase phase() {
    return recorder.phase();
  }

  Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  LifecycleInput continuation() {
    return new LifecycleInput(id, host, recorder.state(), settings);
  }
}
