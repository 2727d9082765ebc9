package org.decommission.workflow.teardown;

import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.workflow.DockerActivities;
import org.decommission.workflow.HostFileActivities;
import org.decommission.workflow.TeardownActivities;

/**
 * {@link TeardownActivities} as the host's {@link DockerActivities} and {@link HostFileActivities}
 * calls they stand for, made one after the other on the activity's own thread (their heartbeats
 * are the activity's). It composes the interfaces only, so the workflow's tests run it over their
 * mocks and see every call a teardown makes.
 */
public class TeardownActivitiesImpl implements TeardownActivities {
  private final DockerActivities docker;
  private final HostFileActivities files;

  public TeardownActivitiesImpl(DockerActivities docker, HostFileActivities files) {
    this.docker = docker;
    this.files = files;
  }

  @Override
  public Stopped withdrawRouteAndStop(String deploymentId, Integer graceSeconds) {
    ArtifactOutcome route = null;
    String routeFailure = null;
    try {
      route = files.removeRoute(deploymentId);
    } catch (RuntimeException failed) {
      routeFailure = failed instanceof ApplicationFailure app ? app.getType() + ": " + app.getOriginalMessage()
          : failed.getClass().getSimpleName() + ": " + failed.getMessage();
    }
    return new Stopped(docker.stopContainers(deploymentId, graceSeconds), route, routeFailure);
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
