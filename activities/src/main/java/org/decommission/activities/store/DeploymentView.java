package org.decommission.activities.store;

import java.time.Instant;
import java.util.List;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;

/** A deployment as the API shows it. */
public record DeploymentView(
    String id,
    String name,
    String owner,
    DeploymentStatus status,
    Phase phase,
    String host,
    int revision,
    String lastError,
    DeploymentSpec spec,
    List<Replica> replicas,
    List<Port> ports,
    List<Volume> volumes,
    Instant createdAt,
    Instant updatedAt,
    Instant deletedAt,
    Instant purgeAfter,
    Instant purgedAt,
    List<HistoryEntry> history) {

  public record Replica(int index, int revision, String containerId, String containerName, String state) {}

  public record Port(int replica, String name, int hostPort, String state) {}

  public record Volume(String name, String dockerName, Integer replica, String mountPath, String scope) {}

  public record HistoryEntry(long id, DeploymentStatus oldStatus, DeploymentStatus newStatus, Phase phase, String actor, String reason, Instant at) {}

  /** The receipt of a purge. */
  public record Receipt(String deploymentId, String name, String owner, String host, Instant startedAt, Instant completedAt, List<ArtifactOutcome> items) {}
}
