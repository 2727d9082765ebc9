package org.decommission.activities.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.decommission.activities.files.Snapshots;
import org.decommission.domain.Labels;
import org.decommission.domain.Naming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives volumes' content as tar.gz under {@code <data dir>/snapshots/<id>/<volume>.tar.gz}.
 * Docker's archive API reads a volume only through a container, so a helper container is created
 * from the deployment's image (sure to be on the host) with an entrypoint of ours, never started,
 * labelled as ours, and removed again: any image serves, one with no command, an entrypoint of
 * its own, or no shell and no tar.
 */
final class VolumeSnapshots {
  private static final Logger log = LoggerFactory.getLogger(VolumeSnapshots.class);

  /** The helper container's entrypoint: it is never started, so it need not exist in the image. */
  static final String NEVER_RUN = "/decommission-snapshot-helper-is-never-started";

  private final DockerClient docker;
  private final String hostId;
  private final String installation;
  private final Snapshots snapshots;

  VolumeSnapshots(DockerClient docker, String hostId, Snapshots snapshots, String installation) {
    this.installation = installation;
    this.docker = docker;
    this.hostId = hostId;
    this.snapshots = snapshots;
  }

  /** Where the archive of the deployment's volume is (or will be). */
  Path archive(String deploymentId, String volume) {
    return snapshots.archive(deploymentId, volume);
  }

  /**
   * Writes the volume's archive, replacing an earlier one only once the new one is complete (it
   * is written beside it, then moved). {@code image} is any image on the host: the helper
   * container needs one, and the deployment's own is sure to be there. Nothing is written while
   * too little space is free; a failed write leaves no partial archive (and the volume stays).
   */
  Path write(String deploymentId, String volume, String image) {
    Path archive = archive(deploymentId, volume);
    snapshots.requireFreeSpace();
    Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp");
    Map<String, String> labels = Labels.stamped(Labels.container(deploymentId, 0, hostId, -1), installation);
    labels.put(Labels.SCOPE, "snapshot");
    String helper = null;
    try {
      Files.createDirectories(archive.getParent());
      helper = docker.createContainerCmd(image)
          .withName("dcm-snapshot-" + Naming.shortId(deploymentId) + "-" + Long.toHexString(System.nanoTime()))
          // Never started: an entrypoint of our own spares Docker's refusal of an image with no
          // command, and nothing of the image (its entrypoint, a shell, tar) ever runs.
          .withEntrypoint(NEVER_RUN)
          .withCmd(List.of())
          .withLabels(labels)
          .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")
              .withMounts(List.of(new Mount().withType(MountType.VOLUME).withSource(volume).withTarget("/snapshot").withReadOnly(true))))
          .exec().getId();
      try (InputStream tar = docker.copyArchiveFromContainerCmd(helper, "/snapshot/.").exec();
           OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
        tar.transferTo(out);
      }
      Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new UncheckedIOException("cannot archive volume " + volume + " to " + archive + " (" + e.getMessage()
          + "); the volume is kept, and the purge tries again", e);
    } finally {
      if (helper != null) {
        String created = helper;
        DockerErrors.ignoringMissing(() -> docker.removeContainerCmd(created).withForce(true).exec());
      }
    }
    log.info("volume {} archived to {}", volume, archive);
    return archive;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("could not remove the partial archive {}: {}", file, e.getMessage());
    }
  }
}
