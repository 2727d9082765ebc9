package org.decommission.workflow.lifecycle;

import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;
import org.decommission.domain.VolumePurge;
import org.decommission.workflow.LifecycleRequest;
import org.decommission.workflow.StoreActivities;
import org.decommission.workflow.TeardownActivities;
import org.decommission.workflow.TeardownRecords;
import org.slf4j.Logger;

/**
 * The delete and the purge of a run with {@link Changes#FOLDED_TEARDOWN}: the same steps, phases
 * and receipt lines as before, in fewer round trips. A delete is one activity: the route withdrawn,
 * the replicas stopped, the containers removed; a purge is one activity for the host's artifacts
 * and, only when the image goes, one for the image. The database writes around
 * them are one local activity per phase change ({@link TeardownRecords}). A failure propagates
 * as an {@code ActivityFailure}, for {@link Teardown} to mark the step stuck.
 */
final class FoldedTeardown {
  private static final Logger log = Workflow.getLogger(FoldedTeardown.class);
  private final LifecycleContext lc;

  FoldedTeardown(LifecycleContext lc) {
    this.lc = lc;
  }

  /** Soft delete: the route goes first, the replicas stop, the containers go; volumes and ports are retained. */
  void delete(LifecycleRequest.Delete request) {
    lc.records.begin(lc.id, pending(DeploymentStatus.DELETING), Phase.STOP_REPLICAS, request.actor(), request.reason());
    lc.recorder.recorded(DeploymentStatus.DELETING, Phase.STOP_REPLICAS);
    lc.recorder.progress("the delete is withdrawing the route, stopping the replicas and removing the containers");
    TeardownActivities.Deleted deleted;
    try {
      deleted = lc.teardown.teardown("withdraw the route, " + Teardown.stopSummary(request.graceSeconds()) + ", then remove the containers")
          .deleteReplicas(lc.id, request.graceSeconds());
    } catch (ActivityFailure failed) {
      // The activity entered REMOVE_CONTAINERS before the removal that failed: the stuck mark names it.
      TeardownActivities.failedPhase(failed).ifPresent(phase -> lc.recorder.recorded(null, phase));
      throw failed;
    }
    lc.recorder.recorded(null, Phase.REMOVE_CONTAINERS);
    List<ArtifactOutcome> outcomes = new ArrayList<>(deleted.containers());
    ArtifactOutcome route = deleted.route();
    if (route == null) {
      log.warn("[{} {}] the route was not withdrawn before the stop ({}); trying again", lc.id, lc.phase(), deleted.routeFailure());
      // A route that cannot be removed must not hide that the containers were.
      lc.store.recordOutcomes(lc.id, outcomes);
      outcomes = new ArrayList<>();
      route = lc.teardown.files().removeRoute(lc.id);
    }
    outcomes.add(route);
    lc.recorder.progress("the delete stopped " + deleted.stopped() + " replica(s), removed " + Teardown.removed(outcomes) + " container(s)"
        + (route.outcome() == ArtifactOutcome.Outcome.REMOVED ? " and the route" : ""));
    Instant purgeAfter = lc.records.deleted(lc.id, outcomes, request.actor(), request.reason());
    lc.recorder.deletedRecorded(purgeAfter);
    log.info("[{} {}] deleted by {}; volumes and ports retained until {}", lc.id, lc.phase(), request.actor(), purgeAfter);
  }

  /** The purge of a DELETED deployment: the host's artifacts, the image, then ports and the receipt. */
  void purge(String actor, String reason, boolean keepData) {
    TeardownRecords.PurgeStart start = lc.records.beginPurge(lc.id, pending(DeploymentStatus.PURGING), actor, reason);
    lc.recorder.recorded(DeploymentStatus.PURGING, Phase.PURGE_VOLUMES);
    DeploymentRecord record = start.record();
    VolumePurge volumes = VolumePurge.of(lc.id, record.owner(), record.spec(), keepData);
    boolean network = !record.spec().hostNetwork() && Changes.networks();
    int count = volumes.remove().size() + volumes.snapshot().size();
    TeardownActivities.HostPurged host = lc.teardown
        .teardown("purge the containers, " + count + " volume(s) (" + volumes.snapshot().size() + " archived first)"
            + (network ? ", the network" : "") + ", the work dir and the route")
        .purgeHost(lc.id, new TeardownActivities.HostPurge(record.spec().image(), volumes, network));
    List<ArtifactOutcome> removed = new ArrayList<>(host.removed());
    removed.addAll(Purge.retained(volumes, lc.now()));
    lc.recorder.progress("the purge removed " + Teardown.removed(removed) + " container(s), volume(s) and network; next the image, files and ports");
    StoreActivities.ImageVerdict verdict = start.image();
    List<ArtifactOutcome> image;
    if (verdict.remove()) {
      lc.records.advance(lc.id, removed, Phase.PURGE_IMAGE);
      lc.recorder.recorded(null, Phase.PURGE_IMAGE);
      removed = List.of();
      image = List.of(lc.teardown.docker("remove image " + verdict.image()).removeImage(verdict.image()));
    } else {
      image = List.of(Purge.imageRetained(verdict, lc.now()));
    }
    lc.recorder.progress("purged: every artifact's outcome is in the receipt (GET /api/deployments/" + lc.id + "/receipt)");
    lc.records.purged(lc.id, removed, image, host.files(), actor, reason);
    lc.recorder.purgedRecorded();
    log.info("[{} {}] purged by {}; receipt written", lc.id, lc.phase(), actor);
  }

  /** {@code status}, unless the deployment is in it already (a delete or purge resumed). */
  private DeploymentStatus pending(DeploymentStatus status) {
    return lc.status() == status ? null : status;
  }
}
