package org.decommission.api.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.decommission.activities.store.DeploymentQueries;
import org.decommission.api.ApiException;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.SpecValidator;
import org.springframework.http.HttpStatus;

/** What a spec must satisfy beyond its own fields: a configured host, a route host no one else serves. */
final class SpecChecks {
  private final Set<String> hosts;
  private final DeploymentQueries queries;

  SpecChecks(Set<String> hosts, DeploymentQueries queries) {
    this.hosts = hosts;
    this.queries = queries;
  }

  /** The spec's own errors, and a host that is not configured. */
  List<SpecValidator.FieldError> errors(DeploymentSpec spec) {
    List<SpecValidator.FieldError> errors = new ArrayList<>(SpecValidator.validate(spec));
    if (spec != null && errors.stream().noneMatch(e -> e.field().equals("host")) && !hosts.contains(spec.hostOrDefault())) {
      errors.add(new SpecValidator.FieldError("host", "unknown Docker host; configured: " + hosts));
    }
    return errors;
  }

  static void rejectIfInvalid(List<SpecValidator.FieldError> errors) {
    if (!errors.isEmpty()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid deployment spec", errors.size() + " field(s) are invalid", errors);
    }
  }

  /**
   * A route host is served by one live deployment at a time, whoever owns the other: 409. The
   * database's unique index holds the same rule where two requests race.
   */
  void refuseTakenRouteHost(DeploymentSpec spec, UUID id) {
    if (queries.routeHostHeldByOther(spec, id)) {
      throw ApiException.conflict("Route host taken",
          "the route host " + spec.route().host() + " is served by another live deployment; choose another host");
    }
  }
}
