package org.decommission.workflow.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Drift;
import org.decommission.domain.Naming;
import org.decommission.domain.ReplicaState;
import org.decommission.workflow.DockerActivities;

/** Looks at the containers, and lets the status follow them when they changed out of band. */
final class DriftFollower {
  private final LifecycleContext lc;

  DriftFollower(LifecycleContext lc) {
    this.lc = lc;
  }

  void follow(String what) {
    DeploymentRecord record = lc.store.loadDeployment(lc.id);
    DeploymentSpec spec = record.spec();
    List<String> volumes = new ArrayList<>();
    for (DeploymentSpec.VolumeSpec v : spec.volumes()) {
      if (v.scopeOrDefault() != DeploymentSpec.VolumeScope.SHARED) {
        volumes.addAll(Naming.volumeNames(lc.id, record.owner(), v, spec.replicaCount()));
      }
    }
    DockerActivities.Observation seen = lc.deploy.docker().observe(lc.id, volumes);
    Optional<DeploymentStatus> next = Drift.follow(lc.status(), spec.replicaCount(), record.revision(), seen.containers());
    if (next.isEmpty()) {
      return;
    }
    boolean dataExists = seen.missingVolumes().isEmpty();
    String reason = "containers changed out of band (" + what + ")";
    if (next.get() == DeploymentStatus.MISSING) {
      reason += dataExists ? "; its data volumes are still on the host" : "; volumes gone: " + seen.missingVolumes();
    }
    lc.recorder.setStatus(next.get(), LifecycleContext.SYSTEM, reason);
    if (next.get() == DeploymentStatus.MISSING) {
      lc.store.recordDataExists(lc.id, dataExists);
    } else {
      lc.store.setReplicaStates(lc.id, next.get() == DeploymentStatus.RUNNING ? ReplicaState.RUNNING : ReplicaState.STOPPED);
    }
  }
}
