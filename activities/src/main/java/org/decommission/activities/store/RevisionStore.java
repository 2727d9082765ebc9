package org.decommission.activities.store;

import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.HostCapacity;
import org.decommission.domain.Reservation;
import org.decommission.workflow.FailureTypes;

/**
 * Revisions ({@code revisions}): a spec asked for by an update, PENDING until it serves (ACTIVE)
 * or fails (FAILED). The deployment's own spec and revision change only once the new one serves.
 */
public class RevisionStore {
  private final Sql sql;
  private final DeploymentStore deployments;
  private final HistoryStore history;
  private final CapacityLedger capacity;

  public RevisionStore(DataSource dataSource) {
    this.sql = new Sql(dataSource);
    this.deployments = new DeploymentStore(dataSource);
    this.history = new HistoryStore(dataSource);
    this.capacity = new CapacityLedger(dataSource);
  }

  /** Stores a new revision's spec on a host whose capacity is not limited. */
  public int requestRevision(UUID id, DeploymentSpec spec, String actor) {
    return requestRevision(id, spec, actor, HostCapacity.UNLIMITED);
  }

  /**
   * Stores a new revision's spec (PENDING) with its reservation of the host's capacity (it runs
   * beside the serving one until it takes over) and returns its number: one past the highest
   * revision the deployment has had.
   *
   * @throws StoreException {@code CapacityExceeded} when the host has too little free capacity
   */
  public int requestRevision(UUID id, DeploymentSpec spec, String actor, HostCapacity hostCapacity) {
    return deployments.locked(id, current -> {
      Integer next =
          sql.jdbc.queryForObject(
              "SELECT greatest(d.revision, coalesce(max(r.revision), 0)) + 1 FROM deployments d"
                  + " LEFT JOIN revisions r ON r.deployment_id = d.id WHERE d.id = ? GROUP BY d.revision",
              Integer.class, id);
      sql.jdbc.update(
          "INSERT INTO revisions (deployment_id, revision, spec, actor) VALUES (?, ?, ?::jsonb, ?)", id, next, Json.write(spec), actor);
      String host = sql.jdbc.queryForObject("SELECT host FROM deployments WHERE id = ?", String.class, id);
      capacity.reserve(id, next, host, Reservation.of(spec), hostCapacity);
      return next;
    });
  }

  /** Forgets a PENDING revision the workflow refused to roll out. */
  public void discardRevision(UUID id, int revision) {
    sql.tx.executeWithoutResult(s -> {
      if (sql.jdbc.update("DELETE FROM revisions WHERE deployment_id = ? AND revision = ? AND status = 'PENDING'", id, revision) > 0) {
        capacity.releaseRevision(id, revision);
      }
    });
  }

  /**
   * The deployment as one of its revisions: its own spec for the current one, the stored one else.
   *
   * @throws StoreException {@code DeploymentNotFound} when neither exists
   */
  public DeploymentRecord loadRevision(UUID id, int revision) {
    DeploymentRecord current = deployments.load(id);
    if (current.revision() == revision) {
      return current;
    }
    List<String> spec =
        sql.jdbc.queryForList("SELECT spec FROM revisions WHERE deployment_id = ? AND revision = ?", String.class, id, revision);
    if (spec.isEmpty()) {
      throw new StoreException(FailureTypes.DEPLOYMENT_NOT_FOUND, "deployment " + id + " has no revision " + revision);
    }
    return new DeploymentRecord(
        current.id(), current.owner(), Json.read(spec.get(0), DeploymentSpec.class), current.status(), current.phase(),
        current.host(), revision, current.purgeAfter(), current.deletionProtected());
  }

  /** The new revision serves: spec and number move to the deployment, older replica rows go. Idempotent. */
  public void activateRevision(UUID id, int revision, String actor) {
    deployments.locked(id, current -> {
      int from = sql.jdbc.queryForObject("SELECT revision FROM deployments WHERE id = ?", Integer.class, id);
      if (from == revision) {
        return null;
      }
      DeploymentSpec spec = loadRevision(id, revision).spec();
      try {
        sql.jdbc.update(
            "UPDATE deployments SET spec = ?::jsonb, revision = ?, route_host = ?, last_error = NULL, updated_at = now(), version = version + 1"
                + " WHERE id = ?",
            Json.write(spec), revision, RouteHosts.of(spec), id);
      } catch (org.springframework.dao.DuplicateKeyException e) {
        throw RouteHosts.taken(e, RouteHosts.of(spec)).orElseThrow(() -> e);
      }
      sql.jdbc.update("UPDATE revisions SET status = 'ACTIVE' WHERE deployment_id = ? AND revision = ?", id, revision);
      sql.jdbc.update("DELETE FROM replicas WHERE deployment_id = ? AND revision <> ?", id, revision);
      capacity.releaseBefore(id, revision);
      deployments.recordVolumes(id, loadRevision(id, revision).owner(), spec);
      history.append(id, current.status(), current.status(), current.phase(), actor,
          "revision " + revision + " serves; revision " + from + " is retired", EventKind.NOTE);
      return null;
    });
  }

  /** The revision failed to roll out: FAILED with the error, kept as the last error; status unchanged. Idempotent. */
  public void failRevision(UUID id, int revision, String error) {
    deployments.locked(id, current -> {
      int changed =
          sql.jdbc.update(
              "UPDATE revisions SET status = 'FAILED', error = ? WHERE deployment_id = ? AND revision = ? AND status = 'PENDING'",
              error, id, revision);
      if (changed == 0) {
        return null;
      }
      sql.jdbc.update("DELETE FROM replicas WHERE deployment_id = ? AND revision = ?", id, revision);
      capacity.releaseRevision(id, revision);
      sql.jdbc.update("UPDATE deployments SET last_error = ?, updated_at = now() WHERE id = ?", error, id);
      history.append(id, current.status(), current.status(), current.phase(), "system", error, EventKind.NOTE);
      return null;
    });
  }
}
