package org.decommission.workflow;

import io.temporal.activity.ActivityInterface;
import java.util.List;
import org.decommission.domain.ArtifactOutcome;

/**
 * Files on the Docker host's machine under the data dir: work directories and the reverse
 * proxy's route files. They run on the host's task queue beside the Docker activities.
 */
@ActivityInterface
public interface HostFileActivities {

  /**
   * Creates {@code <data dir>/work/<id>/} and returns its absolute path. Idempotent. A directory
   * this call creates is marked with the deploy attempt's id, so that attempt's compensation can
   * tell it from a work dir an earlier deploy left (a restored deployment's).
   */
  String prepareWorkdir(String deploymentId, String attempt);

  /** Removes the work directory if the deploy attempt created it. Idempotent. */
  ArtifactOutcome removeWorkdirOfAttempt(String deploymentId, String attempt);

  /**
   * Writes {@code <data dir>/routes/<id>.yml}, a Traefik file-provider configuration routing
   * {@code routeHost} to the replicas' published host ports (on the address they are published
   * on). Written atomically, so idempotent.
   */
  void writeRoute(String deploymentId, String routeHost, List<Integer> hostPorts);

  /** Removes the route file. Idempotent ("already gone" when it is not there). */
  ArtifactOutcome removeRoute(String deploymentId);

  /** Removes the work directory and its content. Idempotent. */
  ArtifactOutcome removeWorkdir(String deploymentId);
}
