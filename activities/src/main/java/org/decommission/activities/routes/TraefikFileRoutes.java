package org.decommission.activities.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.decommission.activities.Failures;
import org.decommission.activities.Outcomes;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.Naming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code traefik-file} provider (the default): one Traefik file-provider configuration per
 * deployment, {@code <data dir>/routes/<id>.yml}, written atomically. Paths are built only from a
 * parsed deployment id, so no request can reach outside {@code routes/}.
 */
public class TraefikFileRoutes implements RouteProvider {
  public static final String NAME = "traefik-file";
  private static final Logger log = LoggerFactory.getLogger(TraefikFileRoutes.class);
  private static final String SUFFIX = ".yml";

  private final Path dataDir;
  private final Path routeRoot;

  public TraefikFileRoutes(Path dataDir) {
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.routeRoot = this.dataDir.resolve("routes");
  }

  public Path routeFile(String deploymentId) {
    return dataDir.resolve(Naming.routeFileName(Failures.deploymentId(deploymentId).toString()));
  }

  @Override
  public String name(String deploymentId) {
    return Naming.routeFileName(deploymentId);
  }

  @Override
  public void write(String deploymentId, String routeHost, List<String> backends) {
    try {
      Path target = routeFile(deploymentId);
      Files.createDirectories(routeRoot);
      String key = Naming.routeKey(deploymentId);
      StringBuilder yaml = new StringBuilder();
      yaml.append("# Written by Decommission for deployment ").append(deploymentId).append(". Do not edit.\n");
      yaml.append("http:\n  routers:\n    ").append(key).append(":\n");
      yaml.append("      rule: \"Host(`").append(routeHost).append("`)\"\n");
      yaml.append("      service: ").append(key).append("\n");
      yaml.append("  services:\n    ").append(key).append(":\n      loadBalancer:\n        servers:\n");
      for (String backend : backends) {
        yaml.append("          - url: \"http://").append(backend).append("\"\n");
      }
      Path tmp = routeRoot.resolve("." + deploymentId + SUFFIX + ".tmp");
      Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      log.info("route {} -> {} written to {}", routeHost, backends, target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the route file under " + routeRoot + ": " + e, e);
    }
  }

  @Override
  public ArtifactOutcome remove(String deploymentId) {
    Path file = routeFile(deploymentId);
    if (!Files.isDirectory(routeRoot)) {
      // No routes directory (or something else in its place): no route file can be there.
      return Outcomes.now(ArtifactOutcome.Kind.ROUTE, name(deploymentId), ArtifactOutcome.Outcome.ALREADY_GONE,
          "no routes directory at " + routeRoot);
    }
    try {
      boolean removed = Files.deleteIfExists(file);
      return Outcomes.now(ArtifactOutcome.Kind.ROUTE, name(deploymentId),
          removed ? ArtifactOutcome.Outcome.REMOVED : ArtifactOutcome.Outcome.ALREADY_GONE, (removed ? "removed " : "not there: ") + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + file + ": " + e, e);
    }
  }

  /** The deployments with a route file: {@code <id>.yml} in {@code routes/}; any other file is not ours. */
  @Override
  public List<String> deploymentIds() {
    if (!Files.isDirectory(routeRoot)) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    try (Stream<Path> files = Files.list(routeRoot)) {
      for (Path f : files.toList()) {
        String file = f.getFileName().toString();
        String id = file.endsWith(SUFFIX) ? Naming.deploymentOfRouteKey(Naming.routeKey(file.substring(0, file.length() - SUFFIX.length()))) : null;
        if (id != null && Files.isRegularFile(f)) {
          ids.add(id);
        }
      }
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the route files in " + routeRoot + ": " + e, e);
    }
  }
}
