package org.decommission.activities.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.decommission.activities.Failures;
import org.decommission.activities.Heartbeats;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.ArtifactOutcome.Kind;
import org.decommission.domain.ArtifactOutcome.Outcome;
import org.decommission.domain.ContainerPlan;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.Labels;
import org.decommission.domain.Naming;
import org.decommission.domain.VolumePurge;
import org.decommission.workflow.FailureTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployments' volumes on one Docker host: created with our labels, checked before a
 * container mounts them, and purged (archived, removed or retained) only when they carry the
 * deployment's label.
 */
final class Volumes {
  private static final Logger log = LoggerFactory.getLogger(Volumes.class);

  private final DockerClient docker;
  private final Receipts receipts;
  private final Parallel parallel;
  private final VolumeSnapshots snapshots;

  /** The installation whose label every volume made here carries. */
  private final String installation;

  Volumes(DockerClient docker, Receipts receipts, Parallel parallel, VolumeSnapshots snapshots, String installation) {
    this.installation = installation;
    this.docker = docker;
    this.receipts = receipts;
    this.parallel = parallel;
    this.snapshots = snapshots;
  }

  void create(String deploymentId, int revision, String attempt, int replicas, List<DeploymentSpec.VolumeSpec> volumes, String owner) {
    for (DeploymentSpec.VolumeSpec v : volumes) {
      for (String name : Naming.volumeNames(deploymentId, owner, v, replicas)) {
        create(deploymentId, revision, attempt, v.scopeOrDefault() == DeploymentSpec.VolumeScope.SHARED, name, owner);
      }
    }
  }

  private void create(String deploymentId, int revision, String attempt, boolean shared, String name, String owner) {
    Optional<InspectVolumeResponse> existing = inspect(name);
    if (existing.isPresent()) {
      Map<String, String> have = existing.get().getLabels() == null ? Map.of() : existing.get().getLabels();
      boolean ours =
          "true".equals(have.get(Labels.MANAGED))
              && Labels.claim(have, installation) != Labels.Claim.FOREIGN
              && (shared
                  ? "shared".equals(have.get(Labels.SCOPE)) && java.util.Objects.equals(owner, have.get(Labels.OWNER))
                  : deploymentId.equals(have.get(Labels.DEPLOYMENT_ID)));
      if (!ours) {
        throw Failures.nonRetryable(
            FailureTypes.NAME_CONFLICT, "volume " + name + " exists on host " + receipts.hostId() + " but is not this deployment's; rename the volume");
      }
      log.info("volume {} exists; reused", name);
    } else {
      Map<String, String> labels =
          shared ? Labels.sharedVolume(receipts.hostId(), owner) : Labels.scopedVolume(deploymentId, revision, receipts.hostId(), attempt);
      docker.createVolumeCmd().withName(name).withLabels(Labels.stamped(labels, installation)).exec();
      log.info("volume {} created ({})", name, shared ? "shared" : "owned by the deployment");
    }
    Heartbeats.beat(name);
  }

  /**
   * Docker creates a missing named volume on the fly, unlabelled, when a container mounts it: an
   * orphan no label-based cleanup would ever find. So every volume the plan's containers mount
   * must already exist and carry our label.
   */
  void requireMounted(ContainerPlan plan) {
    Set<String> names = new TreeSet<>();
    plan.replicas().forEach(r -> r.mounts().stream().filter(ContainerPlan.Mount::volume).forEach(m -> names.add(m.source())));
    for (String name : names) {
      InspectVolumeResponse volume = inspect(name).orElseThrow(() -> Failures.nonRetryable(
          FailureTypes.VOLUME_MISSING,
          "volume " + name + " does not exist on host " + receipts.hostId() + "; resume the deployment from CREATE_VOLUMES"));
      Map<String, String> labels = volume.getLabels();
      if (labels == null || !"true".equals(labels.get(Labels.MANAGED))) {
        throw Failures.nonRetryable(
            FailureTypes.NAME_CONFLICT, "volume " + name + " on host " + receipts.hostId() + " is not managed by Decommission; rename the volume");
      }
    }
  }

  List<ArtifactOutcome> removeAttempt(String deploymentId, String attempt) {
    List<String> created = DockerInventory.attemptVolumes(docker, deploymentId, attempt);
    List<ArtifactOutcome> lines = parallel.map(created, name -> remove(name, "created by the failed attempt; removed"));
    log.info("{} volume(s) the failed attempt created removed", lines.size());
    return lines;
  }

  List<ArtifactOutcome> purge(String deploymentId, String image, VolumePurge plan) {
    // Only what carries the deployment's label is ever archived or removed.
    Set<String> owned = new TreeSet<>(DockerInventory.ownedVolumes(docker, deploymentId));
    List<ArtifactOutcome> lines = new ArrayList<>();
    for (String name : plan.snapshot()) {
      Path archive = snapshots.archive(deploymentId, name);
      if (owned.contains(name)) {
        lines.add(snapshot(deploymentId, name, image));
      } else if (Files.exists(archive)) {
        // An earlier attempt archived and removed it.
        lines.add(snapshotted(name, archive));
      } else {
        lines.add(notOurs(name));
      }
      Heartbeats.beat(name);
    }
    plan.remove().stream().filter(name -> !owned.contains(name)).map(this::notOurs).forEach(lines::add);
    List<String> remove = owned.stream().filter(name -> !plan.retains(name) && !plan.snapshot().contains(name)).toList();
    lines.addAll(parallel.map(remove, name -> remove(name, "removed from host " + receipts.hostId())));
    return lines;
  }

  /** Archives the volume, then removes it; the line says snapshotted unless the removal failed. */
  private ArtifactOutcome snapshot(String deploymentId, String volume, String image) {
    Path archive = snapshots.write(deploymentId, volume, image);
    ArtifactOutcome removed = remove(volume, "archived to " + archive + "; volume removed");
    return removed.outcome() == Outcome.FAILED ? removed : snapshotted(volume, archive);
  }

  private ArtifactOutcome snapshotted(String volume, Path archive) {
    return receipts.line(Kind.VOLUME, volume, Outcome.SNAPSHOTTED, "archived to " + archive + "; volume removed");
  }

  /** Those of the expected volumes that are not on the host with the deployment's label. */
  List<String> missing(String deploymentId, List<String> expected) {
    Set<String> present = new HashSet<>(DockerInventory.ownedVolumes(docker, deploymentId));
    return expected.stream().filter(v -> !present.contains(v)).toList();
  }

  /** A planned volume that does not carry the deployment's label: gone, or someone else's. */
  private ArtifactOutcome notOurs(String name) {
    return inspect(name).isPresent()
        ? receipts.failed(Kind.VOLUME, name, "a volume of this name is on host " + receipts.hostId() + " but is not this deployment's; left alone")
        : receipts.alreadyGone(Kind.VOLUME, name);
  }

  private ArtifactOutcome remove(String name, String detail) {
    return receipts.removal(Kind.VOLUME, name, detail, "in use: ", () -> docker.removeVolumeCmd(name).exec());
  }

  private Optional<InspectVolumeResponse> inspect(String name) {
    return DockerErrors.findOrEmpty(() -> docker.inspectVolumeCmd(name).exec());
  }
}
