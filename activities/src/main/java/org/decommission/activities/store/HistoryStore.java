package org.decommission.activities.store;

import org.decommission.domain.PullProgress;

import static org.decommission.activities.store.Sql.instant;
import static org.decommission.activities.store.Sql.phase;
import static org.decommission.activities.store.Sql.status;

import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;

/**
 * The append-only {@code status_history}: the audit trail of every deployment and the source of
 * the event stream. Rows are appended by the other stores, inside the transaction of the change
 * they record.
 */
public class HistoryStore {
  private final Sql sql;

  public HistoryStore(DataSource dataSource) {
    this.sql = new Sql(dataSource);
  }

  /** Appends one row; called within the transaction that makes the change it records. */
  void append(UUID id, DeploymentStatus from, DeploymentStatus to, Phase phase, String actor, String reason, EventKind kind) {
    sql.jdbc.update(
        "INSERT INTO status_history (deployment_id, old_status, new_status, phase, actor, reason, event_kind) VALUES (?, ?, ?, ?, ?, ?, ?)",
        id, from == null ? null : from.name(), to.name(), phase == null ? null : phase.name(), actor, reason, kind.name());
  }

  /** History rows of one deployment after the given row id, oldest first. */
  public List<DeploymentView.HistoryEntry> history(UUID id, long afterId) {
    return sql.jdbc.query(
        "SELECT id, old_status, new_status, phase, actor, reason, at FROM status_history"
            + " WHERE deployment_id = ? AND id > ? AND event_kind <> 'PROGRESS' ORDER BY id",
        (r, n) ->
            new DeploymentView.HistoryEntry(
                r.getLong(1), status(r.getString(2)), status(r.getString(3)), phase(r.getString(4)), r.getString(5), r.getString(6),
                instant(r, "at")),
        id, afterId);
  }

  /**
   * History rows after {@code afterId}, oldest first, of one deployment (when {@code deploymentId}
   * is given) and of one owner's deployments (when {@code owner} is given): the event stream.
   */
  public List<DeploymentView.Event> events(long afterId, String owner, UUID deploymentId, int limit) {
    return sql.jdbc.query(
        "SELECT h.id, h.deployment_id, d.name, h.old_status, h.new_status, h.phase, h.actor, h.reason, h.at, h.event_kind, d.owner,"
            + " h.progress"
            + " FROM status_history h JOIN deployments d ON d.id = h.deployment_id"
            + " WHERE h.id > ? AND (?::text IS NULL OR d.owner = ?) AND (?::uuid IS NULL OR h.deployment_id = ?)"
            + " ORDER BY h.id LIMIT ?",
        (r, n) ->
            new DeploymentView.Event(
                r.getLong(1),
                r.getString(2),
                r.getString(3),
                r.getString(11),
                status(r.getString(4)),
                status(r.getString(5)),
                phase(r.getString(6)),
                r.getString(7),
                r.getString(8),
                instant(r, "at"),
                EventKind.valueOf(r.getString(10)),
                progress(r.getString(12))),
        afterId, owner, owner, deploymentId, deploymentId, limit);
  }

  /**
   * The newest progress of each deployment given that is in {@code phase}: what GET shows while a
   * pull runs.
   */
  public java.util.Map<String, PullProgress> latestProgress(List<UUID> ids) {
    java.util.Map<String, PullProgress> latest = new java.util.HashMap<>();
    sql.jdbc.query(
        "SELECT DISTINCT ON (h.deployment_id) h.deployment_id, h.progress FROM status_history h JOIN deployments d ON d.id = h.deployment_id"
            + " WHERE h.deployment_id = ANY(?) AND h.event_kind = 'PROGRESS' AND d.phase = h.phase ORDER BY h.deployment_id, h.id DESC",
        Sql.anyOf(ids), rs -> {
          latest.put(rs.getString(1), progress(rs.getString(2)));
        });
    return latest;
  }

  private static PullProgress progress(String json) {
    return json == null ? null : Json.read(json, PullProgress.class);
  }

  /** The id of the newest history row (0 when there is none). */
  public long lastEventId() {
    Long id = sql.jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM status_history", Long.class);
    return id == null ? 0 : id;
  }
}
