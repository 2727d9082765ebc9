package org.decommission.activities.routes;

import java.util.List;
import org.decommission.domain.ArtifactOutcome;

/**
 * Where a deployment's route lives: the reverse proxy's configuration that sends requests for its
 * host to its replicas. Every method is idempotent, because activities are retried: writing again
 * replaces the route, removing again answers "already gone". A provider touches only what is ours
 * (keys from {@link org.decommission.domain.Naming#routeKey}), never anything else in the proxy.
 */
public interface RouteProvider {

  /**
   * Routes {@code routeHost} to {@code backends} ({@code address:port}, the address bracketed when
   * it is IPv6), replacing the deployment's route if it has one.
   */
  void write(String deploymentId, String routeHost, List<String> backends);

  /** Withdraws the deployment's route: REMOVED, or ALREADY_GONE when it has none. */
  ArtifactOutcome remove(String deploymentId);

  /** The deployments that have a route here now (the stale-route sweep compares them with the records). */
  List<String> deploymentIds();

  /** How receipts and logs name the deployment's route. */
  String name(String deploymentId);
}
