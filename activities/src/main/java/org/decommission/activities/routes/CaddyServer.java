package org.decommission.activities.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.decommission.domain.Naming;

/**
 * The Caddy HTTP server Decommission owns, as JSON, changed by pure code: it listens where it is
 * told, with automatic HTTPS off (routes are matched by Host on a plain-HTTP port); it holds one
 * route per deployment ({@code @id} {@code dcm-<id>}, a host matcher, a reverse proxy to the
 * replicas) and, always last, a catch-all that answers 404 for every other host. A route in it
 * that is not ours is kept where it is.
 */
final class CaddyServer {
  private final String name;
  private final String listen;

  CaddyServer(String name, String listen) {
    this.name = name;
    this.listen = listen;
  }

  /** The catch-all's {@code @id}; an id is unique in all of Caddy's config, so it carries the server's name. */
  String catchAllId() {
    return name + "-catch-all";
  }

  /** The server with the deployment's route put in place of its old one, or before the catch-all. */
  ObjectNode withRoute(JsonNode server, String deploymentId, String routeHost, List<String> backends) {
    ObjectNode route = route(deploymentId, routeHost, backends);
    List<JsonNode> routes = new ArrayList<>();
    boolean replaced = false;
    for (JsonNode r : routes(server)) {
      if (id(r).equals(route.path("@id").asText())) {
        routes.add(route);
        replaced = true;
      } else if (!id(r).equals(catchAllId())) {
        routes.add(r);
      }
    }
    if (!replaced) {
      routes.add(route);
    }
    return shaped(server, routes);
  }

  /** The server without the deployment's route; null when it has none (nothing to change). */
  ObjectNode withoutRoute(JsonNode server, String deploymentId) {
    String key = Naming.routeKey(deploymentId);
    if (routes(server).stream().noneMatch(r -> id(r).equals(key))) {
      return null;
    }
    return shaped(server, routes(server).stream().filter(r -> !id(r).equals(key) && !id(r).equals(catchAllId())).toList());
  }

  /** The deployments whose route is in the server. */
  static List<String> deploymentIds(JsonNode server) {
    List<String> ids = new ArrayList<>();
    for (JsonNode r : routes(server)) {
      String id = Naming.deploymentOfRouteKey(id(r));
      if (id != null) {
        ids.add(id);
      }
    }
    return ids;
  }

  /** A copy of the server (a new one when null) listening where told, with {@code routes} and the catch-all last. */
  private ObjectNode shaped(JsonNode server, List<JsonNode> routes) {
    ObjectNode shaped = server != null && server.isObject() ? ((ObjectNode) server).deepCopy() : CaddyAdmin.JSON.createObjectNode();
    shaped.putArray("listen").add(listen);
    shaped.withObject("/automatic_https").put("disable", true);
    ArrayNode list = shaped.putArray("routes");
    routes.forEach(list::add);
    ObjectNode catchAll = list.addObject().put("@id", catchAllId());
    catchAll.putArray("handle").addObject().put("handler", "static_response").put("status_code", 404).put("body", "no route for this host\n");
    catchAll.put("terminal", true);
    return shaped;
  }

  /**
   * The deployment's route: its host, and the replicas' published ports. A replica that refuses a
   * connection (stopping, restarting) is passed over for another within the try duration.
   */
  static ObjectNode route(String deploymentId, String routeHost, List<String> backends) {
    ObjectNode route = CaddyAdmin.JSON.createObjectNode().put("@id", Naming.routeKey(deploymentId));
    route.putArray("match").addObject().putArray("host").add(routeHost);
    ObjectNode proxy = route.putArray("handle").addObject().put("handler", "reverse_proxy");
    ArrayNode upstreams = proxy.putArray("upstreams");
    backends.forEach(b -> upstreams.addObject().put("dial", b));
    proxy.putObject("load_balancing").put("try_duration", "2s").put("try_interval", "100ms");
    route.put("terminal", true);
    return route;
  }

  private static List<JsonNode> routes(JsonNode server) {
    List<JsonNode> routes = new ArrayList<>();
    if (server != null) {
      server.path("routes").forEach(routes::add);
    }
    return routes;
  }

  private static String id(JsonNode route) {
    return route.path("@id").asText("");
  }
}
