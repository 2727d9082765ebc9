package org.decommission.api.deployment;

import org.decommission.domain.ImageRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.decommission.activities.store.DeploymentQueries;
import org.decommission.api.ApiException;
import org.decommission.api.auth.Caller;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.Resources;
import org.decommission.domain.SpecValidator;
import org.springframework.http.HttpStatus;

/**
 * What a spec must satisfy beyond its own fields: a configured host, a route host no one else
 * serves, the host's network only for an admin where it is allowed.
 */
final class SpecChecks {
  private final Set<String> hosts;
  private final DeploymentQueries queries;
  private final boolean hostNetworkAllowed;
  private final Resources defaults;
  private final Resources max;

  SpecChecks(Set<String> hosts, DeploymentQueries queries, boolean hostNetworkAllowed, Resources defaults, Resources max) {
    this.hosts = hosts;
    this.queries = queries;
    this.hostNetworkAllowed = hostNetworkAllowed;
    this.defaults = defaults;
    this.max = max;
  }

  /**
   * The spec as it is stored: each resource it does not give is the installation's default, and
   * an image reference without a tag or digest names {@code :latest}.
   */
  DeploymentSpec normalised(DeploymentSpec spec) {
    return spec.withResourceDefaults(defaults).withImage(ImageRef.withDefaultTag(spec.image()));
  }

  /** Resources beyond what this installation lets one replica (or one deployment's volumes) have. */
  private void beyondMaxima(Resources r, List<SpecValidator.FieldError> errors) {
    if (r == null) {
      return;
    }
    over(errors, "cpu", r.cpu(), max.cpu(), "cores per replica");
    over(errors, "memory", r.memory(), max.memory(), "MiB per replica");
    over(errors, "pids", r.pids(), max.pids(), "processes per replica");
    over(errors, "storage", r.storage(), max.storage(), "GiB");
  }

  private static void over(List<SpecValidator.FieldError> errors, String field, Number asked, Number most, String unit) {
    if (asked != null && most != null && asked.doubleValue() > most.doubleValue()) {
      errors.add(new SpecValidator.FieldError("resources." + field,
          "at most " + most + " " + unit + " on this installation (decommission.resources.max." + field + ")"));
    }
  }

  /**
   * The spec's own errors, and a host that is not configured.
   *
   * @throws ApiException 403 for a spec on the host's network from a user, or where it is not allowed
   */
  List<SpecValidator.FieldError> errors(Caller caller, DeploymentSpec spec) {
    if (spec != null && spec.hostNetwork()) {
      refuseHostNetwork(caller);
    }
    return errors(spec);
  }

  private void refuseHostNetwork(Caller caller) {
    if (!caller.admin()) {
      throw new ApiException(HttpStatus.FORBIDDEN, "Forbidden",
          "only an admin may put a deployment on the host's network (\"network\": \"host\"): its replicas would share the host's"
              + " loopback with the control plane. Leave network out: the deployment gets a bridge network of its own");
    }
    if (!hostNetworkAllowed) {
      throw new ApiException(HttpStatus.FORBIDDEN, "Forbidden",
          "the host's network is not allowed on this installation; an operator may allow it with decommission.network.allow-host=true");
    }
  }

  private List<SpecValidator.FieldError> errors(DeploymentSpec spec) {
    List<SpecValidator.FieldError> errors = new ArrayList<>(SpecValidator.validate(spec));
    if (spec != null && errors.stream().noneMatch(e -> e.field().startsWith("resources"))) {
      beyondMaxima(spec.resources(), errors);
    }
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
