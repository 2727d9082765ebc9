package org.decommission.activities.store;

import static org.decommission.activities.store.Sql.instant;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Timestamp;
import java.util.List;
import javax.sql.DataSource;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.SweepPlan;
import org.decommission.workflow.SweepReport;

/** What the reconciler reads of the deployments, and its runs ({@code cleanup_runs}). */
public class SweepStore {
  /** A run keeps this many of its actions (the counts are complete); a host keeps this many runs. */
  static final int KEPT_ACTIONS = 200;
  static final int KEPT_RUNS = 1_000;

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<List<SweepPlan.Action>> ACTIONS = new TypeReference<>() {};

  private final Sql sql;

  public SweepStore(DataSource dataSource) {
    this.sql = new Sql(dataSource);
  }

  /** Every record of the host that is not purged, as a sweep needs it: one query. */
  public List<SweepPlan.Record> sweepRecords(String host) {
    return sql.jdbc.query(
        "SELECT id, status, revision, coalesce((spec->>'replicas')::int, 1) AS replicas, updated_at, deletion_protection FROM deployments"
            + " WHERE host = ? AND status <> 'PURGED'",
        (rs, n) -> new SweepPlan.Record(
            rs.getString("id"), DeploymentStatus.valueOf(rs.getString("status")), rs.getInt("revision"), rs.getInt("replicas"),
            instant(rs, "updated_at"), rs.getBoolean("deletion_protection")),
        host);
  }

  /**
   * The status of each of these deployments that has a record, on any host: what the stale-route
   * sweep compares the proxy's routes with (one query).
   */
  public java.util.Map<String, DeploymentStatus> statuses(java.util.Collection<String> ids) {
    java.util.Map<String, DeploymentStatus> statuses = new java.util.HashMap<>();
    if (ids.isEmpty()) {
      return statuses;
    }
    sql.jdbc.query("SELECT id, status FROM deployments WHERE id = ANY (?::uuid[])",
        rs -> {
          statuses.put(rs.getString("id"), DeploymentStatus.valueOf(rs.getString("status")));
        },
        (Object) ids.toArray(String[]::new));
    return statuses;
  }

  /** The DELETED deployments whose purge time has passed: the purge backstop's candidates. */
  public List<java.util.UUID> overduePurges() {
    return sql.jdbc.queryForList("SELECT id FROM deployments WHERE status = 'DELETED' AND purge_after < now() ORDER BY purge_after",
        java.util.UUID.class);
  }

  /** Records a sweep, and forgets the host's runs beyond the newest {@link #KEPT_RUNS}. */
  public void recordSweep(SweepReport r) {
    List<SweepPlan.Action> actions = r.actions().size() > KEPT_ACTIONS ? r.actions().subList(0, KEPT_ACTIONS) : r.actions();
    sql.jdbc.update(
        "DELETE FROM cleanup_runs WHERE host = ? AND id <= (SELECT id FROM cleanup_runs WHERE host = ? ORDER BY id DESC OFFSET ? LIMIT 1)",
        r.host(), r.host(), KEPT_RUNS - 1);
    sql.jdbc.update(
        "INSERT INTO cleanup_runs (host, dry_run, started_at, duration_ms, records, containers, ghosts, drift, failed_expired,"
            + " orphans_removed, orphan_networks_removed, stale_routes_removed, adopted, names_freed, ports_freed, errors, actions)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)",
        r.host(), r.dryRun(), Timestamp.from(r.startedAt()), r.durationMillis(), r.records(), r.containers(), r.ghosts(), r.drift(),
        r.failedExpired(), r.orphansRemoved(), r.orphanNetworksRemoved(), r.staleRoutesRemoved(), r.adopted(), r.namesFreed(), r.portsFreed(),
        Json.write(r.errors()), Json.write(actions));
  }

  /** The newest sweeps, newest first. */
  public List<SweepReport> lastSweeps(int limit) {
    return sql.jdbc.query(
        "SELECT * FROM cleanup_runs ORDER BY id DESC LIMIT ?",
        (rs, n) -> new SweepReport(
            rs.getString("host"), rs.getBoolean("dry_run"), instant(rs, "started_at"), rs.getLong("duration_ms"),
            rs.getInt("records"), rs.getInt("containers"), rs.getInt("ghosts"), rs.getInt("drift"), rs.getInt("failed_expired"),
            rs.getInt("orphans_removed"), rs.getInt("orphan_networks_removed"), rs.getInt("stale_routes_removed"), rs.getInt("adopted"), rs.getInt("names_freed"), rs.getInt("ports_freed"),
            Json.read(rs.getString("errors"), STRINGS), Json.read(rs.getString("actions"), ACTIONS)),
        limit);
  }
}
