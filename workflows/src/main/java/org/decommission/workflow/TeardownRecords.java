package org.decommission.workflow;

import io.temporal.activity.ActivityInterface;
import java.time.Instant;
import java.util.List;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;

/**
 * The database writes of a delete and a purge, several {@link StoreActivities} calls in one local
 * activity each (one marker in the history, not one per write), in the order the calls would be
 * made one by one.
 */
@ActivityInterface
public interface TeardownRecords {

  /** {@code status} (none: it stays) and then {@code phase}, e.g. DELETING and STOP_REPLICAS. */
  void begin(String deploymentId, DeploymentStatus status, Phase phase, String actor, String reason);

  /** The outcomes receipted, in order, and then DELETED; returns the purge time. */
  Instant deleted(String deploymentId, List<ArtifactOutcome> outcomes, String actor, String reason);

  /** What a purge starts from: the deployment and whether its image goes. */
  record PurgeStart(DeploymentRecord record, StoreActivities.ImageVerdict image) {}

  /** {@code status} (none: it stays), the deployment read, PURGE_VOLUMES entered and the image's verdict read. */
  PurgeStart beginPurge(String deploymentId, DeploymentStatus status, String actor, String reason);

  /** The outcomes receipted and then {@code next} entered. */
  void advance(String deploymentId, List<ArtifactOutcome> outcomes, Phase next);

  /**
   * The rest of a purge: {@code removed} receipted, PURGE_IMAGE with {@code image}, PURGE_FILES with
   * {@code files}, RELEASE_PORTS with the released ports, WRITE_RECEIPT, and the receipt completed.
   */
  void purged(String deploymentId, List<ArtifactOutcome> removed, List<ArtifactOutcome> image, List<ArtifactOutcome> files,
      String actor, String reason);
}
