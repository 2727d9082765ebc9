package org.decommission.activities.store;

import java.time.Instant;
import org.decommission.domain.PullProgress;
import java.util.List;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;
import org.decommission.domain.Reservation;

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
    /** How many times the step a delete or purge is stuck in was tried; null when not stuck. */
    Integer stuckAttempts,
    /** For a MISSING deployment whose containers were removed out of band: whether its volumes are still there. */
    Boolean dataExists,
    boolean deletionProtection,
    DeploymentSpec spec,
    List<Replica> replicas,
    List<Port> ports,
    List<Volume> volumes,
    /** What it holds of its host's capacity (cpu in thousandths of a core, memory in MiB, storage in GiB). */
    Reservation reserved,
    /** How far the image pull has come, while PULL_IMAGE runs; null otherwise. */
    PullProgress pullProgress,
    Instant createdAt,
    Instant updatedAt,
    Instant deletedAt,
    Instant purgeAfter,
    Instant purgedAt,
    List<HistoryEntry> history,
    /** The deployment's workflow in the Temporal UI; null where no UI is known. */
    String temporalUiUrl) {

  /** This view with its replicas, ports, volumes and history, which are read apart from the deployment row. */
  DeploymentView with(
      List<Replica> replicas, List<Port> ports, List<Volume> volumes, Reservation reserved, PullProgress pullProgress, List<HistoryEntry> history) {
    return new DeploymentView(id, name, owner, status, phase, host, revision, lastError, stuckAttempts, dataExists, deletionProtection,
        spec, replicas, ports, volumes, reserved, pullProgress, createdAt, updatedAt, deletedAt, purgeAfter, purgedAt, history, temporalUiUrl);
  }

  /** This view with the link to its workflow's page in the Temporal UI at {@code uiBase} (none when null). */
  public DeploymentView withTemporalUi(String uiBase, String namespace) {
    String url = uiBase == null ? null
        : uiBase + "/namespaces/" + namespace + "/workflows/" + org.decommission.domain.Naming.workflowId(id);
    return new DeploymentView(id, name, owner, status, phase, host, revision, lastError, stuckAttempts, dataExists, deletionProtection,
        spec, replicas, ports, volumes, reserved, pullProgress, createdAt, updatedAt, deletedAt, purgeAfter, purgedAt, history, url);
  }

  public record Replica(int index, int revision, String containerId, String containerName, String state) {}

  public record Port(int replica, String name, int hostPort, String state, int revision) {}

  public record Volume(String name, String dockerName, Integer replica, String mountPath, String scope) {}

  public record HistoryEntry(long id, DeploymentStatus oldStatus, DeploymentStatus newStatus, Phase phase, String actor, String reason, Instant at) {}

  /**
   * One history row as an event: a status change, or a phase entered, a note or a stuck step (old
   * and new status equal), as its {@code kind} says. Its SSE name is {@link #eventName()}, the one
   * place event names are decided.
   */
  public record Event(long id, String deploymentId, String deploymentName, String owner, DeploymentStatus oldStatus,
      DeploymentStatus newStatus, Phase phase, String actor, String reason, Instant at, EventKind kind, PullProgress progress) {

    /** {@code deployment-created}, {@code deployment-phase}, {@code deployment-deleted}, … */
    public String eventName() {
      return switch (kind) {
        case CREATED -> "deployment-created";
        // A note keeps the name clients have always seen for a row whose status stays.
        case PHASE, NOTE -> "deployment-phase";
        case STUCK -> "deployment-stuck";
        case PROGRESS -> "deployment-progress";
        case STATUS -> statusEventName();
      };
    }

    /** The event as JSON: the event stream's {@code data}, and a webhook's body. */
    public String toJson() {
      return Json.write(this);
    }

    /** Every name {@link #eventName()} gives to some row, sorted: what a webhook may subscribe to. */
    public static java.util.SortedSet<String> names() {
      java.util.SortedSet<String> names = new java.util.TreeSet<>();
      java.util.List<DeploymentStatus> from = new java.util.ArrayList<>(java.util.Arrays.asList(DeploymentStatus.values()));
      from.add(null);
      for (EventKind kind : EventKind.values()) {
        for (DeploymentStatus to : DeploymentStatus.values()) {
          for (DeploymentStatus old : from) {
            names.add(new Event(0, null, null, null, old, to, null, null, null, null, kind, null).eventName());
          }
        }
      }
      return names;
    }

    private String statusEventName() {
      return switch (newStatus) {
        case MISSING -> oldStatus == DeploymentStatus.DELETED ? "deployment-restored" : "deployment-missing";
        case RUNNING -> "deployment-running";
        case STOPPED -> "deployment-stopped";
        case FAILED -> "deployment-failed";
        case CANCELLED -> "deployment-cancelled";
        case DELETING -> "deployment-deleting";
        case DELETED -> "deployment-deleted";
        case PURGING -> "deployment-purging";
        case PURGED -> "deployment-purged";
        case CREATING -> "deployment-starting";
      };
    }
  }

  /** The receipt of a purge. */
  public record Receipt(String deploymentId, String name, String owner, String host, Instant startedAt, Instant completedAt, List<ArtifactOutcome> items) {}
}
