package org.decommission.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.VolumePurge;

/**
 * The host's work of a delete and of a purge in one activity each, on the host's task queue: the
 * steps that {@link DockerActivities} and {@link HostFileActivities} offer one by one, called in
 * the order a delete and a purge need them, so a teardown costs two round trips through the
 * engine instead of seven. Each is idempotent as its steps are: a retry after a crash does again
 * only what is still there to do.
 */
@ActivityInterface
public interface TeardownActivities {

  /**
   * The route's withdrawal, then the stop of every running replica (SIGTERM, a kill after the
   * grace). A route that cannot be withdrawn does not hold the stop up: its failure is returned
   * in {@code routeFailure} (the route then null), for the workflow to try again on its own.
   */
  record Stopped(int stopped, ArtifactOutcome route, String routeFailure) {}

  @ActivityMethod(name = "WithdrawRouteAndStop")
  Stopped withdrawRouteAndStop(String deploymentId, Integer graceSeconds);

  /** What a purge removes from the host: the volumes by plan, the network when it has one. */
  record HostPurge(String image, VolumePurge volumes, boolean network) {}

  /** The outcomes of the containers, volumes and network; and of the work dir and route. */
  record HostPurged(List<ArtifactOutcome> removed, List<ArtifactOutcome> files) {}

  /**
   * Removes what the delete left on the host: containers (if something recreated them), then the
   * volumes (archived first where the plan says so) beside the network, and the work dir and route.
   */
  @ActivityMethod(name = "PurgeHost")
  HostPurged purgeHost(String deploymentId, HostPurge order);
}
