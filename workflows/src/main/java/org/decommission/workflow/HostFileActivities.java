package org.decommission.workflow;

import io.temporal.activity.ActivityInterface;
import java.util.List;
import org.decommission.domain.ArtifactOutcome;

/**
 * Work directories under the data dir on the Docker host's machine, and the deployments' routes
 * in the reverse proxy (route files under the data dir, or Caddy's configuration through its
 * admin API: {@code decommission.routes.provider}). They run on the host's task queue beside the
 * Docker activities.
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
   * Routes {@code routeHost} to the replicas' published host ports (on the address they are
   * published on), replacing the deployment's route if it has one: {@code <data dir>/routes/<id>.yml},
   * a Traefik file-provider configuration written atomically, or the route {@code dcm-<id>} in
   * Decommission's Caddy server. Idempotent. Raises {@code RouteProxyUnreachable} (retried) when
   * Caddy's admin API does not answer, {@code RouteRejected} (not retried) when it refuses.
   */
  void writeRoute(String deploymentId, String routeHost, List<Integer> hostPorts);

  /**
   * Withdraws the deployment's route. Idempotent: ROUTE REMOVED, or ALREADY_GONE when there is
   * none. Fails as {@link #writeRoute} does.
   */
  ArtifactOutcome removeRoute(String deploymentId);

  /** Removes the work directory and its content. Idempotent. */
  ArtifactOutcome removeWorkdir(String deploymentId);
}
