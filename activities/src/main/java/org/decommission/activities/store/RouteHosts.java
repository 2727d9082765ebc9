package org.decommission.activities.store;

import java.util.Locale;
import java.util.Optional;
import org.decommission.domain.DeploymentSpec;
import org.decommission.workflow.FailureTypes;
import org.springframework.dao.DuplicateKeyException;

/**
 * The route host a deployment claims ({@code deployments.route_host}): one live deployment's at a
 * time, whoever owns it; the unique index {@code deployments_live_route_host} holds the rule where
 * two requests race.
 */
final class RouteHosts {
  private RouteHosts() {}

  /** The host a spec's route claims, lower-cased; null without a route. */
  static String of(DeploymentSpec spec) {
    return spec.route() == null || spec.route().host() == null || spec.route().host().isBlank()
        ? null : spec.route().host().toLowerCase(Locale.ROOT);
  }

  /** The refusal when {@code e} broke the one-live-deployment-per-route-host rule. */
  static Optional<StoreException> taken(DuplicateKeyException e, String host) {
    return String.valueOf(e.getMessage()).contains("deployments_live_route_host")
        ? Optional.of(new StoreException(FailureTypes.ROUTE_HOST_TAKEN,
            "the route host " + host + " is served by another live deployment; choose another host"))
        : Optional.empty();
  }
}
