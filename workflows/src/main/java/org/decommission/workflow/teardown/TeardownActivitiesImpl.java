package org.decommission.workflow.teardown;

import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.Phase;
import org.decommission.domain.ReplicaState;
import org.decommission.workflow.DockerActivities;
import org.decommission.workflow.HostFileActivities;
import org.decommission.workflow.StoreActivities;
import org.decommission.workflow.TeardownActivities;

/**
 * {@link TeardownActivities} as the host's {@link DockerActivities} and {@link HostFileActivities}
 * calls they stand for, and the {@link StoreActivities} writes between them, made one after the
 * other on the activity's own thread (their heartbeats are the activity's). It composes the interfaces only, so the workflow's tests run it over their
 * mocks and see every call a teardown makes.
 */
public class TeardownActivitiesImpl implements TeardownActivities {
  private final DockerActivities docker;
  private final HostFileActivities files;
  private final StoreActivities store;

  public TeardownActivitiesImpl(DockerActivities docker, HostFileActivities files, StoreActivities store) {
    this.docker = docker;
    this.files = files;
    this.store = store;
  }

  @Override
  public Deleted deleteReplicas(String deploymentId, Integer graceSeconds) {
    ArtifactOutcome route = null;
    String routeFailure = null;
    try {
      route = files.removeRoute(deploymentId);
    } catch (RuntimeException failed) {
      routeFailure = failed instanceof ApplicationFailure app ? app.getType() + ": " + app.getOriginalMessage()
          : failed.getClass().getSimpleName() + ": " + failed.getMessage();
    }
    int stopped = docker.stopContainers(deploymentId, graceSeconds);
    store.setReplicaStates(deploymentId, ReplicaState.STOPPED);
    store.enterPhase(deploymentId, Phase.REMOVE_CONTAINERS);
    try {
      return new Deleted(stopped, docker.removeContainers(deploymentId), route, routeFailure);
    } catch (RuntimeException failed) {
      throw inPhase(failed, Phase.REMOVE_CONTAINERS);
    }
  }

  /** The failure as it was (type, message, whether it is retried), naming {@code phase} in its details. */
  static ApplicationFailure inPhase(RuntimeException failed, Phase phase) {
    if (failed instanceof ApplicationFailure app) {
      return ApplicationFailure.newBuilder().setType(app.getType()).setMessage(app.getOriginalMessage()).setNonRetryable(app.isNonRetryable())
          .setDetails(phase).setCause(app.getCause()).build();
    }
    return ApplicationFailure.newBuilder().setType(failed.getClass().getName()).setMessage(failed.getMessage()).setDetails(phase).setCause(failed)
        .build();
  }

  @Override
  public HostPurged purgeHost(String deploymentId, HostPurge order) {
    // The containers go first (only something that recreated them leaves any): the volumes and the
    // network can go only once nothing uses them.
    List<ArtifactOutcome> removed = new ArrayList<>(docker.removeContainers(deploymentId));
    removed.addAll(docker.purgeVolumes(deploymentId, order.image(), order.volumes()));
    if (order.network()) {
      removed.add(docker.removeNetwork(deploymentId));
    }
    return new HostPurged(removed, List.of(files.removeWorkdir(deploymentId), files.removeRoute(deploymentId)));
  }
}
