package org.decommission.activities.files;

import org.decommission.activities.Outcomes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.decommission.activities.Failures;
import org.decommission.activities.LogContext;
import org.decommission.activities.routes.RouteProvider;
import org.decommission.activities.routes.TraefikFileRoutes;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.Naming;
import org.decommission.workflow.HostFileActivities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HostFileActivities}: work directories under the data dir (paths are built only from a
 * parsed UUID, so no request can reach outside {@code work/}), and routes through the configured
 * {@link RouteProvider}.
 */
public class HostFileActivitiesImpl implements HostFileActivities {
  private static final Logger log = LoggerFactory.getLogger(HostFileActivitiesImpl.class);

  private final Path dataDir;
  private final Path workRoot;
  private final RouteProvider routes;

  /** The address the proxy reaches the replicas' published ports on. */
  private final String backendAddress;

  /** Routes as Traefik route files under the data dir (the default provider). */
  public HostFileActivitiesImpl(Path dataDir, String backendAddress) {
    this(dataDir, backendAddress, new TraefikFileRoutes(dataDir));
  }

  public HostFileActivitiesImpl(Path dataDir, String backendAddress, RouteProvider routes) {
    this.backendAddress = backendAddress.contains(":") ? "[" + backendAddress + "]" : backendAddress;
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.workRoot = this.dataDir.resolve("work");
    this.routes = routes;
  }

  public Path workdir(String deploymentId) {
    return dataDir.resolve(Naming.workdirName(Failures.deploymentId(deploymentId).toString()));
  }

  /**
   * Beside the work dir, not in it (the app sees the work dir): which deploy attempt created it.
   * Written before the directory, so a retry after a crash in between still knows.
   */
  private Path attemptMarker(String deploymentId) {
    return workRoot.resolve("." + Failures.deploymentId(deploymentId) + ".attempt");
  }

  @Override
  public String prepareWorkdir(String deploymentId, String attempt) {
    try (var ignored = LogContext.open(deploymentId, "PREPARE_WORKDIR")) {
      Path dir = workdir(deploymentId);
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(workRoot);
        Files.writeString(attemptMarker(deploymentId), attempt, StandardCharsets.UTF_8);
        Files.createDirectories(dir);
        log.info("work dir {} created", dir);
      } else {
        log.info("work dir {} exists; reused", dir);
      }
      return dir.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the work dir under " + workRoot + ": " + e, e);
    }
  }

  @Override
  public ArtifactOutcome removeWorkdirOfAttempt(String deploymentId, String attempt) {
    try (var ignored = LogContext.open(deploymentId, "COMPENSATE")) {
      Path marker = attemptMarker(deploymentId);
      String creator = Files.exists(marker) ? Files.readString(marker, StandardCharsets.UTF_8).trim() : null;
      if (!attempt.equals(creator)) {
        return Outcomes.now(
            ArtifactOutcome.Kind.WORKDIR, Naming.workdirName(deploymentId), ArtifactOutcome.Outcome.RETAINED_BY_POLICY,
            "not created by the failed attempt; kept");
      }
      ArtifactOutcome removed = removeWorkdir(deploymentId);
      log.info("work dir of the failed attempt removed: {}", removed.detail());
      return removed;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + attemptMarker(deploymentId) + ": " + e, e);
    }
  }

  @Override
  public void writeRoute(String deploymentId, String routeHost, List<Integer> hostPorts) {
    try (var ignored = LogContext.open(deploymentId, "UPDATE_ROUTES")) {
      routes.write(deploymentId, routeHost, hostPorts.stream().map(p -> backendAddress + ":" + p).toList());
    }
  }

  @Override
  public ArtifactOutcome removeRoute(String deploymentId) {
    return routes.remove(deploymentId);
  }

  @Override
  public ArtifactOutcome removeWorkdir(String deploymentId) {
    Path dir = workdir(deploymentId);
    ArtifactOutcome outcome;
    try {
      if (!Files.exists(dir)) {
        outcome = Outcomes.now(
            ArtifactOutcome.Kind.WORKDIR, Naming.workdirName(deploymentId), ArtifactOutcome.Outcome.ALREADY_GONE, "not there: " + dir);
      } else {
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
        outcome = Outcomes.now(
            ArtifactOutcome.Kind.WORKDIR, Naming.workdirName(deploymentId), ArtifactOutcome.Outcome.REMOVED, "removed " + dir);
      }
      // The marker goes last: a retry after a crash in between still finds whose dir it was.
      Files.deleteIfExists(attemptMarker(deploymentId));
      return outcome;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir + ": " + e, e);
    }
  }
}
