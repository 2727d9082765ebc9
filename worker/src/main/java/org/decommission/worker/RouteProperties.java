package org.decommission.worker;

import java.nio.file.Path;
import org.decommission.activities.routes.CaddyRoutes;
import org.decommission.activities.routes.RouteProvider;
import org.decommission.activities.routes.TraefikFileRoutes;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the deployments' routes go: {@code traefik-file} (the default), a Traefik file-provider
 * configuration per deployment under {@code <data dir>/routes/}; or {@code caddy}, routes in the
 * server {@code caddy.server} of a running Caddy, changed through its admin API at {@code
 * caddy.admin-url}, listening on {@code caddy.listen}.
 */
public record RouteProperties(@DefaultValue(TraefikFileRoutes.NAME) String provider, @DefaultValue Caddy caddy) {
  public record Caddy(
      @DefaultValue("http://127.0.0.1:2019") String adminUrl, @DefaultValue("127.0.0.1:8088") String listen,
      @DefaultValue("decommission") String server) {}

  public RouteProperties {
    if (!TraefikFileRoutes.NAME.equals(provider) && !CaddyRoutes.NAME.equals(provider)) {
      throw new IllegalArgumentException(
          "decommission.routes.provider must be " + TraefikFileRoutes.NAME + " or " + CaddyRoutes.NAME + ", got " + provider);
    }
  }

  /** How receipts and plans name a deployment's route with the configured provider. */
  public String routeName(String deploymentId) {
    return CaddyRoutes.NAME.equals(provider) ? CaddyRoutes.routeName(deploymentId) : org.decommission.domain.Naming.routeFileName(deploymentId);
  }

  /** The configured provider; route files live under {@code dataDir}. */
  public RouteProvider provider(Path dataDir) {
    return CaddyRoutes.NAME.equals(provider)
        ? new CaddyRoutes(caddy.adminUrl(), caddy.server(), caddy.listen())
        : new TraefikFileRoutes(dataDir);
  }
}
