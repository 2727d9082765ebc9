package org.decommission.activities.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volume snapshots a SNAPSHOT purge leaves: {@code <data dir>/snapshots/<id>/<volume>.tar.gz},
 * kept for {@code retention}, written only while at least {@code minFree} bytes are free there.
 * The one place their paths are built: only from a parsed UUID and a volume name of Docker's
 * alphabet, so no request reaches outside the snapshots directory.
 */
public final class Snapshots {
  private static final Logger log = LoggerFactory.getLogger(Snapshots.class);
  private static final String SUFFIX = ".tar.gz";
  /** Docker's volume names: {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}. */
  private static final Pattern VOLUME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}");

  /** One archive: the volume it holds, its size, when it was written, when it expires. */
  public record Snapshot(String volume, long bytes, Instant createdAt, Instant expiresAt) {}

  private final Path root;
  private final Duration retention;
  private final long minFree;

  public Snapshots(Path dataDir, Duration retention, long minFree) {
    this.root = dataDir.toAbsolutePath().normalize().resolve("snapshots");
    this.retention = retention;
    this.minFree = minFree;
  }

  /** Where the archive of the deployment's volume is (or will be). */
  public Path archive(String deploymentId, String volume) {
    if (!VOLUME.matcher(volume).matches()) {
      throw new IllegalArgumentException("not a volume name: " + volume);
    }
    return root.resolve(UUID.fromString(deploymentId).toString()).resolve(volume + SUFFIX);
  }

  /** The deployment's archives, by volume name; none when it has none. */
  public List<Snapshot> list(UUID deploymentId) {
    Path dir = root.resolve(deploymentId.toString());
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Snapshot> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
        Instant written = Files.getLastModifiedTime(p).toInstant();
        String name = p.getFileName().toString();
        found.add(new Snapshot(name.substring(0, name.length() - SUFFIX.length()), Files.size(p), written, written.plus(retention)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    return found;
  }

  /** The archive of one volume, when there is one. */
  public Optional<Path> find(UUID deploymentId, String volume) {
    if (!VOLUME.matcher(volume).matches()) {
      return Optional.empty();
    }
    Path p = archive(deploymentId.toString(), volume);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /**
   * Refuses to write a snapshot while less than {@code minFree} bytes are free: a retryable
   * failure that says how much is free and what to do.
   */
  public void requireFreeSpace() {
    try {
      Files.createDirectories(root);
      long free = Files.getFileStore(root).getUsableSpace();
      if (free < minFree) {
        throw new IllegalStateException("only " + mib(free) + " MiB are free under " + root + ", and a snapshot is written only while at least "
            + mib(minFree) + " MiB are (decommission.snapshots.min-free); free some space there and the purge goes on at its next retry,"
            + " or resume it");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the free space under " + root + ": " + e.getMessage(), e);
    }
  }

  /** Removes every archive older than the retention, and the directories left empty; returns how many went. */
  public int expire(Instant now) {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int removed = 0;
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path p : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
            if (Files.getLastModifiedTime(p).toInstant().plus(retention).isBefore(now) && Files.deleteIfExists(p)) {
              log.info("snapshot {} is older than {} (decommission.snapshots.retention); removed", p, retention);
              removed++;
            }
          }
        }
        try (Stream<Path> left = Files.list(dir)) {
          if (left.findAny().isEmpty()) {
            Files.deleteIfExists(dir);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot expire the snapshots under " + root + ": " + e.getMessage(), e);
    }
    return removed;
  }

  private static long mib(long bytes) {
    return bytes / (1024 * 1024);
  }
}
