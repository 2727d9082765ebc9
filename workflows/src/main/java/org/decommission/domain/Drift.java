package org.decommission.domain;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a deployment's status becomes when its containers were changed out of band (stopped,
 * started or removed by hand). Pure code: the one place the rule is written.
 *
 * <ul>
 *   <li>a replica of the serving revision is gone → MISSING (config, volumes and ports kept; a
 *       start recreates what is missing);
 *   <li>otherwise a replica is not running → STOPPED;
 *   <li>otherwise → RUNNING.
 * </ul>
 *
 * Only a deployment at rest (RUNNING, STOPPED or MISSING) follows its containers; one in the
 * middle of a lifecycle step is changing them itself.
 */
public final class Drift {
  private Drift() {}

  /** One container of the deployment as Docker shows it. */
  public record Seen(String name, int revision, boolean running) {}

  /** The statuses of a deployment at rest: only those follow their containers. */
  public static final Set<DeploymentStatus> AT_REST =
      Collections.unmodifiableSet(EnumSet.of(DeploymentStatus.RUNNING, DeploymentStatus.STOPPED, DeploymentStatus.MISSING));

  /**
   * The statuses in which no Docker event of the deployment's containers can change anything: its
   * delete has begun, so the workflow stops and removes them itself, and only a restore (which
   * looks at the containers itself) makes them count again. The event listener does not signal
   * such a deployment: a 50-replica delete would otherwise send its own workflow a signal per
   * stop it made.
   */
  public static final Set<DeploymentStatus> TORN_DOWN =
      Collections.unmodifiableSet(EnumSet.of(DeploymentStatus.DELETING, DeploymentStatus.DELETED, DeploymentStatus.PURGING, DeploymentStatus.PURGED));

  /** Whether a Docker event of a deployment in this status is worth a signal to its workflow. */
  public static boolean signalled(DeploymentStatus status) {
    return !TORN_DOWN.contains(status);
  }

  /** Whether a deployment in this status follows its containers. */
  public static boolean follows(DeploymentStatus status) {
    return AT_REST.contains(status);
  }

  /** The status the containers say, for a deployment of {@code replicas} at {@code revision}. */
  public static DeploymentStatus observed(int replicas, int revision, List<Seen> containers) {
    List<Seen> serving = containers.stream().filter(c -> c.revision() == revision).toList();
    if (serving.size() < replicas) {
      return DeploymentStatus.MISSING;
    }
    return serving.stream().allMatch(Seen::running) ? DeploymentStatus.RUNNING : DeploymentStatus.STOPPED;
  }

  /** The status to move to, when it differs from {@code status} and the move is legal. */
  public static Optional<DeploymentStatus> follow(DeploymentStatus status, int replicas, int revision, List<Seen> containers) {
    if (!follows(status)) {
      return Optional.empty();
    }
    DeploymentStatus seen = observed(replicas, revision, containers);
    return seen != status && status.canBecome(seen) ? Optional.of(seen) : Optional.empty();
  }
}
