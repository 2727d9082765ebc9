package org.decommission.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.Phase;
import org.decommission.domain.VolumePurge;

/**
 * The host's work of a delete and of a purge in one activity each, on the host's task queue: the
 * steps that {@link DockerActivities} and {@link HostFileActivities} offer one by one (and the
 * delete's phase change between them), called in the order a delete and a purge need them, so a teardown costs two round trips through the
 * engine instead of eight. Each is idempotent as its steps are: a retry after a crash does again
 * only what is still there to do.
 */
@ActivityInterface
public interface TeardownActivities {

  /**
   * A delete's work on the host: the route's withdrawal, the stop of every running replica
   * (SIGTERM, a kill after the grace), then the containers' removal; between the two it records
   * the replicas STOPPED and enters REMOVE_CONTAINERS, so the phase shows as it happens. A route
   * that cannot be withdrawn does not hold the stop up: its failure is returned in {@code
   * routeFailure} (the route then null), for the workflow to try again on its own. A failure of the
   * removal names its phase in the failure's details ({@link #failedPhase}).
   */
  record Deleted(int stopped, List<ArtifactOutcome> containers, ArtifactOutcome route, String routeFailure) {}

  @ActivityMethod(name = "DeleteReplicas")
  Deleted deleteReplicas(String deploymentId, Integer graceSeconds);

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

  /** The phase a failure of {@link #deleteReplicas} names in its details; empty when it names none (it failed in the stop). */
  static java.util.Optional<Phase> failedPhase(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ApplicationFailure app && app.getDetails().getSize() > 0) {
        return java.util.Optional.ofNullable(app.getDetails().get(0, Phase.class, Phase.class));
      }
    }
    return java.util.Optional.empty();
  }
}
