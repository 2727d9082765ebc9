package org.decommission.activities.files;

import org.decommission.activities.Outcomes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.decommission.activities.Failures;
import org.decommission.activities.LogContext;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.Naming;
import org.decommission.workflow.HostFileActivities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HostFileActivities} under the data dir. Paths are built only from a parsed UUID, so no
 * request can reach outside {@code work/} and {@code routes/}.
 */
public class HostFileActivitiesImpl implements HostFileActivities {
  private static final Logger log = LoggerFactory.getLogger(HostFileActivitiesImpl.class);

  private final Path dataDir;
  private final Path workRoot;
  private final Path routeRoot;

  /** The address the proxy reaches the replicas' published ports on. */
  private final String backendAddress;

  public HostFileActivitiesImpl(Path dataDir, String backendAddress) {
    this.backendAddress = backendAddress.contains(":") ? "[" + backendAddress + "]" : backendAddress;
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.workRoot = this.dataDir.resolve("work");
    this.routeRoot = this.dataDir.resolve("routes");
  }

  public Path workdir(String deploymentId) {
    return dataDir.resolve(Naming.workdirName(Failures.deploymentId(deploymentId).toString()));
  }

  public Path routeFile(String deploymentId) {
    return dataDir.resolve(Naming.routeFileName(Failures.deploymentId(deploymentId).toString()));
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
      List<String> backendUrls = hostPorts.stream().map(p -> "http://" + backendAddress + ":" + p).toList();
      Files.createDirectories(routeRoot);
      String key = "dcm-" + deploymentId;
      StringBuilder yaml = new StringBuilder();
      yaml.append("# Written by Decommission for deployment ").append(deploymentId).append(". Do not edit.\n");
      yaml.append("http:\n  routers:\n    ").append(key).append(":\n");
      yaml.append("      rule: \"Host(`").append(routeHost).append("`)\"\n");
      yaml.append("      service: ").append(key).append("\n");
      yaml.append("  services:\n    ").append(key).append(":\n      loadBalancer:\n        servers:\n");
      for (String url : backendUrls) {
        yaml.append("          - url: \"").append(url).append("\"\n");
      }
      Path target = routeFile(deploymentId);
      Path tmp = routeRoot.resolve("." + deploymentId + ".yml.tmp");
      Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      log.info("route {} -> {} written to {}", routeHost, backendUrls, target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the route file under " + routeRoot + ": " + e, e);
    }
  }

  @Override
  public ArtifactOutcome removeRoute(String deploymentId) {
    Path file = routeFile(deploymentId);
    if (!Files.isDirectory(routeRoot)) {
      // No routes directory (or something else in its place): no route file can be there.
      return Outcomes.now(
          ArtifactOutcome.Kind.ROUTE, Naming.routeFileName(deploymentId), ArtifactOutcome.Outcome.ALREADY_GONE,
          "no routes directory at " + routeRoot);
    }
    try {
      boolean removed = Files.deleteIfExists(file);
      return Outcomes.now(
          ArtifactOutcome.Kind.ROUTE, Naming.routeFileName(deploymentId),
          removed ? ArtifactOutcome.Outcome.REMOVED : ArtifactOutcome.Outcome.ALREADY_GONE,
          (removed ? "removed " : "not there: ") + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + file + ": " + e, e);
    }
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
