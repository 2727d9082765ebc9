package org.decommission.workflow.teardown;

import java.time.Instant;
import java.util.List;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;
import org.decommission.workflow.StoreActivities;
import org.decommission.workflow.TeardownRecords;

/** {@link TeardownRecords} as the {@link StoreActivities} calls they stand for, made one after the other. */
public class TeardownRecordsImpl implements TeardownRecords {
  private final StoreActivities store;

  public TeardownRecordsImpl(StoreActivities store) {
    this.store = store;
  }

  @Override
  public void begin(String deploymentId, DeploymentStatus status, Phase phase, String actor, String reason) {
    if (status != null) {
      store.transition(deploymentId, status, actor, reason);
    }
    store.enterPhase(deploymentId, phase);
  }

  @Override
  public Instant deleted(String deploymentId, List<ArtifactOutcome> outcomes, String actor, String reason) {
    store.recordOutcomes(deploymentId, outcomes);
    return store.markDeleted(deploymentId, actor, reason);
  }

  @Override
  public PurgeStart beginPurge(String deploymentId, DeploymentStatus status, String actor, String reason) {
    if (status != null) {
      store.transition(deploymentId, status, actor, reason);
    }
    DeploymentRecord record = store.loadDeployment(deploymentId);
    store.enterPhase(deploymentId, Phase.PURGE_VOLUMES);
    return new PurgeStart(record, store.imageVerdict(deploymentId));
  }

  @Override
  public void advance(String deploymentId, List<ArtifactOutcome> outcomes, Phase next) {
    store.recordOutcomes(deploymentId, outcomes);
    store.enterPhase(deploymentId, next);
  }

  @Override
  public void purged(String deploymentId, List<ArtifactOutcome> removed, List<ArtifactOutcome> image, List<ArtifactOutcome> files,
      String actor, String reason) {
    if (!removed.isEmpty()) {
      store.recordOutcomes(deploymentId, removed);
    }
    store.enterPhase(deploymentId, Phase.PURGE_IMAGE);
    store.recordOutcomes(deploymentId, image);
    store.enterPhase(deploymentId, Phase.PURGE_FILES);
    store.recordOutcomes(deploymentId, files);
    store.enterPhase(deploymentId, Phase.RELEASE_PORTS);
    store.recordOutcomes(deploymentId, store.releasePorts(deploymentId));
    store.enterPhase(deploymentId, Phase.WRITE_RECEIPT);
    store.completePurge(deploymentId, actor, reason);
  }
}
