package org.decommission.activities.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.decommission.activities.Failures;
import org.decommission.activities.Outcomes;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.workflow.FailureTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code caddy} provider: routes in one named HTTP server of a running Caddy, changed through
 * its admin API ({@link CaddyServer} says what the server holds). Each change reads the server,
 * computes the new one and writes it back only if nothing changed in between ({@code If-Match});
 * when something did, it reads again. So concurrent deploys, retries after a crash and a server
 * that is not there yet all end in the same configuration, and nothing outside the server is
 * written. The server is created (with its parents) the first time a route is written.
 */
public class CaddyRoutes implements RouteProvider {
  public static final String NAME = "caddy";
  private static final Logger log = LoggerFactory.getLogger(CaddyRoutes.class);
  /** How many times a change is read and tried again when the configuration changed under it. */
  static final int ATTEMPTS = 20;

  private final CaddyAdmin admin;
  private final CaddyServer shape;
  private final String serverPath;

  /**
   * @param adminUrl where Caddy's admin API listens ({@code http://127.0.0.1:2019})
   * @param server the name of Decommission's server in {@code apps.http.servers}
   * @param listen the address it listens on ({@code 127.0.0.1:8088}, {@code :80})
   */
  public CaddyRoutes(String adminUrl, String server, String listen) {
    if (server == null || !server.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("decommission.routes.caddy.server must be letters, digits, '-' or '_', got " + server);
    }
    if (listen == null || listen.isBlank()) {
      throw new IllegalArgumentException("decommission.routes.caddy.listen must be an address such as 127.0.0.1:8088");
    }
    this.admin = new CaddyAdmin(adminUrl);
    this.shape = new CaddyServer(server, listen.trim());
    this.serverPath = "/config/apps/http/servers/" + server;
  }

  @Override
  public String name(String deploymentId) {
    return routeName(deploymentId);
  }

  /** How receipts and plans name a deployment's route in Caddy: where its admin API shows it. */
  public static String routeName(String deploymentId) {
    return "caddy:/id/" + org.decommission.domain.Naming.routeKey(deploymentId);
  }

  @Override
  public void write(String deploymentId, String routeHost, List<String> backends) {
    Failures.deploymentId(deploymentId);
    change("write the route of " + deploymentId, server -> shape.withRoute(server, deploymentId, routeHost, backends));
    log.info("route {} -> {} written to Caddy at {} ({})", routeHost, backends, admin.url(), name(deploymentId));
  }

  @Override
  public ArtifactOutcome remove(String deploymentId) {
    Failures.deploymentId(deploymentId);
    boolean removed = change("remove the route of " + deploymentId, server -> server == null ? null : shape.withoutRoute(server, deploymentId));
    return Outcomes.now(ArtifactOutcome.Kind.ROUTE, name(deploymentId),
        removed ? ArtifactOutcome.Outcome.REMOVED : ArtifactOutcome.Outcome.ALREADY_GONE,
        (removed ? "removed from" : "not in") + " server " + serverPath + " of Caddy at " + admin.url());
  }

  @Override
  public List<String> deploymentIds() {
    return CaddyServer.deploymentIds(readServer().json());
  }

  /**
   * The server as it is now (its JSON null when there is none) with the ETag a change must match:
   * the server's own, or when it is absent the whole configuration's, which also guards its
   * creation.
   */
  private CaddyAdmin.Read readServer() {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      CaddyAdmin.Read server = admin.get(serverPath);
      if (server != null && server.json().isObject()) {
        return server;
      }
      // Not there, or a parent missing (Caddy answers 400): the whole configuration says which.
      CaddyAdmin.Read root = admin.get("/config/");
      if (root == null) {
        throw ApplicationFailure.newFailure("Caddy at " + admin.url() + " answered GET /config/ with no configuration",
            FailureTypes.ROUTE_PROXY_FAILED);
      }
      if (!root.json().at(serverPath.substring("/config".length())).isObject()) {
        return new CaddyAdmin.Read(null, root.etag());
      }
      // It appeared between the two reads: read it again.
    }
    throw ApplicationFailure.newFailure("Caddy at " + admin.url() + " kept changing server " + serverPath + " while it was read",
        FailureTypes.ROUTE_PROXY_FAILED);
  }

  /** A change of the server computed from what it holds (null: absent); the function's null: nothing to change. */
  private interface Change {
    ObjectNode apply(JsonNode server);
  }

  /** Reads, changes and writes the server until a write matches what was read; whether anything was written. */
  private boolean change(String what, Change change) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      CaddyAdmin.Read read = readServer();
      ObjectNode next = change.apply(read.json());
      if (next == null) {
        return false;
      }
      try {
        // POST replaces the server; PUT creates it, and any missing parent (apps, http, servers).
        admin.change(read.json() == null ? "PUT" : "POST", serverPath, next, read.etag());
        return true;
      } catch (CaddyAdmin.Conflict changedMeanwhile) {
        log.debug("{}: Caddy's configuration changed meanwhile ({}); reading it again", what, changedMeanwhile.getMessage());
        pause(attempt);
      }
    }
    throw ApplicationFailure.newFailure(
        "could not " + what + ": Caddy's configuration at " + admin.url() + " changed under each of " + ATTEMPTS + " attempts",
        FailureTypes.ROUTE_PROXY_FAILED);
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while changing Caddy's configuration", e);
    }
  }
}
