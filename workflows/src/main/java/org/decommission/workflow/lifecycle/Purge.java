package org.decommission.workflow.lifecycle;

import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Naming;
import org.decommission.domain.Phase;
import org.decommission.domain.VolumePurge;
import org.decommission.workflow.StoreActivities;
import org.slf4j.Logger;

/**
 * The hard delete of a DELETED deployment: volumes and its network, the image this system pulled,
 * the work dir and route, the ports; each outcome receipted as soon as it is known; then the receipt is
 * completed and the records tombstoned.
 */
final class Purge {
  private static final Logger log = Workflow.getLogger(Purge.class);
  private final LifecycleContext lc;

  Purge(LifecycleContext lc) {
    this.lc = lc;
  }

  /**
   * Runs the purge with {@code host}'s activities. With {@code leftBehind} (a forced purge), a
   * step that still fails is receipted as left behind instead of stopping the purge; without
   * it, the failure propagates.
   */
  void run(String actor, String reason, boolean keepData, HostActivities host, LeftBehind leftBehind) {
    lc.recorder.setStatus(DeploymentStatus.PURGING, actor, reason);
    DeploymentRecord record = lc.store.loadDeployment(lc.id);
    lc.recorder.enterPhase(Phase.PURGE_VOLUMES);
    // The files go while Docker removes the volumes; PURGE_FILES collects their outcome.
    Promise<ArtifactOutcome> workdir = Async.function(host.files()::removeWorkdir, lc.id);
    Promise<ArtifactOutcome> route = Async.function(host.files()::removeRoute, lc.id);
    List<ArtifactOutcome> outcomes = new ArrayList<>();
    // Containers went at delete time; removing again is a no-op unless something recreated them.
    outcomes.addAll(step(leftBehind, ArtifactOutcome.Kind.CONTAINER, containerNames(record), () -> host.docker().removeContainers(lc.id)));
    // With its containers gone, the deployment's network goes while Docker removes the volumes.
    Promise<ArtifactOutcome> network = !record.spec().hostNetwork() && Changes.networks()
        ? Async.function(host.docker("remove network dcm-net-" + lc.id)::removeNetwork, lc.id) : null;
    VolumePurge volumes = VolumePurge.of(lc.id, record.owner(), record.spec(), keepData);
    List<String> volumeNames = new ArrayList<>(volumes.remove());
    volumeNames.addAll(volumes.snapshot());
    outcomes.addAll(step(leftBehind, ArtifactOutcome.Kind.VOLUME, volumeNames, () -> host.docker("purge " + volumeNames.size() + " volume(s), " + volumes.snapshot().size() + " archived first")
        .purgeVolumes(lc.id, record.spec().image(), volumes)));
    outcomes.addAll(retained(volumes, lc.now()));
    if (network != null) {
      outcomes.addAll(step(leftBehind, ArtifactOutcome.Kind.NETWORK, List.of(Naming.networkName(lc.id)), () -> List.of(network.get())));
    }
    lc.store.recordOutcomes(lc.id, outcomes);
    lc.recorder.progress("the purge removed " + Teardown.removed(outcomes) + " container(s), volume(s) and network; next the image, files and ports");

    lc.recorder.enterPhase(Phase.PURGE_IMAGE);
    StoreActivities.ImageVerdict verdict = lc.store.imageVerdict(lc.id);
    lc.store.recordOutcomes(lc.id, verdict.remove()
        ? step(leftBehind, ArtifactOutcome.Kind.IMAGE, List.of(verdict.image()), () -> List.of(host.docker("remove image " + verdict.image()).removeImage(verdict.image())))
        : List.of(imageRetained(verdict, lc.now())));

    lc.recorder.enterPhase(Phase.PURGE_FILES);
    List<ArtifactOutcome> files = new ArrayList<>();
    files.addAll(step(leftBehind, ArtifactOutcome.Kind.WORKDIR, List.of(Naming.workdirName(lc.id)), () -> List.of(workdir.get())));
    files.addAll(step(leftBehind, ArtifactOutcome.Kind.ROUTE, List.of(Naming.routeFileName(lc.id)), () -> List.of(route.get())));
    lc.store.recordOutcomes(lc.id, files);

    lc.recorder.enterPhase(Phase.RELEASE_PORTS);
    lc.store.recordOutcomes(lc.id, lc.store.releasePorts(lc.id));
    lc.recorder.enterPhase(Phase.WRITE_RECEIPT);
    lc.recorder.progress("purged: every artifact's outcome is in the receipt (GET /api/deployments/" + lc.id + "/receipt)");
    lc.recorder.purged(actor, reason);
    log.info("[{} {}] purged by {}{}; receipt written", lc.id, lc.phase(), actor, leftBehind != null ? " (forced)" : "");
  }

  private static List<ArtifactOutcome> step(
      LeftBehind leftBehind, ArtifactOutcome.Kind kind, List<String> names, Supplier<List<ArtifactOutcome>> call) {
    return leftBehind == null ? call.get() : leftBehind.onFailure(kind, names, call);
  }

  /** The receipt lines of the volumes the purge keeps by their policy. */
  static List<ArtifactOutcome> retained(VolumePurge volumes, java.time.Instant at) {
    return volumes.retain().stream()
        .map(kept -> new ArtifactOutcome(ArtifactOutcome.Kind.VOLUME, kept.name(), ArtifactOutcome.Outcome.RETAINED_BY_POLICY, kept.reason(), at))
        .toList();
  }

  /** The receipt line of an image the purge keeps, with the verdict's reason. */
  static ArtifactOutcome imageRetained(StoreActivities.ImageVerdict verdict, java.time.Instant at) {
    return new ArtifactOutcome(ArtifactOutcome.Kind.IMAGE, verdict.image(), ArtifactOutcome.Outcome.RETAINED_BY_POLICY, verdict.reason(), at);
  }

  /** The containers of the deployment's current revision, by name. */
  static List<String> containerNames(DeploymentRecord record) {
    List<String> names = new ArrayList<>();
    for (int r = 0; r < record.spec().replicaCount(); r++) {
      names.add(Naming.containerName(record.id(), record.spec().name(), record.revision(), r));
    }
    return names;
  }
}
