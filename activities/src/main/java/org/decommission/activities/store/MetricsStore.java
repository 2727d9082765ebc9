package org.decommission.activities.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.decommission.domain.DeploymentStatus;

/**
 * What the metrics read from the database: the history rows and sweep runs after the newest read,
 * and the figures of the gauges. Changes nothing.
 */
public class MetricsStore {
  private final Sql sql;

  public MetricsStore(DataSource dataSource) {
    this.sql = new Sql(dataSource);
  }

  /**
   * A status change or stuck step: its kind, the statuses, the reason, and for a move to DELETED
   * or PURGED how long it took since the DELETING or PURGING row before it (null otherwise).
   */
  public record Change(long id, EventKind kind, DeploymentStatus from, DeploymentStatus to, String reason, Duration took) {}

  /** One sweep's counts, by action kind. */
  public record Sweep(long id, Map<String, Integer> actions) {}

  public long lastHistoryId() {
    return sql.jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM status_history", Long.class);
  }

  public long lastSweepId() {
    return sql.jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM cleanup_runs WHERE NOT dry_run", Long.class);
  }

  /** Status changes and stuck steps after {@code afterId}, oldest first. */
  public List<Change> changes(long afterId, int limit) {
    return sql.jdbc.query(
        "SELECT h.id, h.event_kind, h.old_status, h.new_status, h.reason,"
            + " CASE WHEN h.new_status IN ('DELETED', 'PURGED') THEN extract(epoch FROM h.at - (SELECT max(p.at) FROM status_history p"
            + "   WHERE p.deployment_id = h.deployment_id AND p.id < h.id AND p.event_kind = 'STATUS'"
            + "   AND p.new_status = CASE h.new_status WHEN 'DELETED' THEN 'DELETING' ELSE 'PURGING' END)) END"
            + " FROM status_history h WHERE h.id > ? AND h.event_kind IN ('STATUS', 'STUCK') ORDER BY h.id LIMIT ?",
        (r, n) -> {
          double seconds = r.getDouble(6);
          Duration took = r.wasNull() ? null : Duration.ofNanos((long) (seconds * 1e9));
          return new Change(r.getLong(1), EventKind.valueOf(r.getString(2)), Sql.status(r.getString(3)), Sql.status(r.getString(4)),
              r.getString(5), took);
        },
        afterId, limit);
  }

  /** Real (not dry-run) sweeps after {@code afterId}, oldest first. */
  public List<Sweep> sweeps(long afterId, int limit) {
    return sql.jdbc.query(
        "SELECT id, ghosts, drift, failed_expired, orphans_removed, orphan_networks_removed, stale_routes_removed, adopted"
            + " FROM cleanup_runs WHERE id > ? AND NOT dry_run ORDER BY id LIMIT ?",
        (r, n) -> {
          Map<String, Integer> actions = new TreeMap<>();
          actions.put("ghost", r.getInt(2));
          actions.put("drift", r.getInt(3));
          actions.put("expired", r.getInt(4));
          actions.put("orphan", r.getInt(5));
          actions.put("orphan_network", r.getInt(6));
          actions.put("stale_route", r.getInt(7));
          actions.put("adopted", r.getInt(8));
          return new Sweep(r.getLong(1), actions);
        },
        afterId, limit);
  }

  /** How many deployments are in each status (those with none are absent). */
  public Map<DeploymentStatus, Long> byStatus() {
    Map<DeploymentStatus, Long> counts = new TreeMap<>();
    sql.jdbc.query("SELECT status, count(*) FROM deployments GROUP BY status",
        rs -> {
          counts.put(DeploymentStatus.valueOf(rs.getString(1)), rs.getLong(2));
        });
    return counts;
  }

  /** What the deployments of each host hold: cpu in thousandths of a core, memory MiB, storage GiB. */
  public record Held(String host, long cpuMillis, long memoryMib, long storageGib) {}

  public List<Held> heldByHost() {
    List<Held> held = new ArrayList<>();
    sql.jdbc.query(
        "SELECT host, coalesce(sum(cpu_millis), 0), coalesce(sum(memory_mib), 0), coalesce(sum(storage_gib), 0) FROM capacity_holds GROUP BY host",
        rs -> {
          held.add(new Held(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
        });
    return held;
  }
}
