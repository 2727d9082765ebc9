package org.decommission.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.decommission.activities.routes.RouteProvider;
import org.decommission.activities.store.SweepStore;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.SweepPlan;

/**
 * The sweep's view of the routes: ours in the proxy, each with its deployment's status on any
 * host, and the withdrawal of a stale one, after reading that status once more.
 */
final class StaleRoutes {
  private final RouteProvider routes;
  private final SweepStore sweeps;

  StaleRoutes(RouteProvider routes, SweepStore sweeps) {
    this.routes = routes;
    this.sweeps = sweeps;
  }

  /** Our routes and their deployments' statuses: the proxy, then the database (one query). */
  List<SweepPlan.Route> read() {
    List<String> ids = routes.deploymentIds();
    Map<String, DeploymentStatus> statuses = sweeps.statuses(ids);
    List<SweepPlan.Route> result = new ArrayList<>();
    for (String id : ids) {
      result.add(new SweepPlan.Route(id, routes.name(id), statuses.get(id)));
    }
    return result;
  }

  /**
   * Withdraws a stale route, unless its deployment may hold one now (restored and started since
   * the sweep read it): then it is kept, and the sweep reports why.
   */
  void remove(SweepPlan.Action action) {
    DeploymentStatus now = sweeps.statuses(List.of(action.deploymentId())).get(action.deploymentId());
    if (now != null && now.mayHoldRoute()) {
      throw new IllegalStateException("deployment " + action.deploymentId() + " is " + now + " now; its route is kept");
    }
    routes.remove(action.deploymentId());
  }
}
