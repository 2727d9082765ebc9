package org.decommission.activities.store;

import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.decommission.workflow.StoreActivities.KeptFailure;
import org.springframework.jdbc.core.RowMapper;

/**
 * Failed deployments whose containers are kept, stopped, for debugging ({@code kept_failures}),
 * with what their failed attempt created; a new one beyond the limit pushes the oldest out.
 */
public class KeptFailures {
  private static final RowMapper<KeptFailure> KEPT =
      (rs, n) -> new KeptFailure(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4));

  private final Sql sql;

  public KeptFailures(DataSource dataSource) {
    this.sql = new Sql(dataSource);
  }

  /** Keeps a failed attempt for debugging; returns (and forgets) the kept ones beyond the newest {@code keep}. */
  public List<KeptFailure> keep(UUID id, String host, int revision, String attempt, int keep) {
    return sql.tx.execute(
        s -> {
          sql.jdbc.update(
              "INSERT INTO kept_failures (deployment_id, host, revision, attempt) VALUES (?, ?, ?, ?)"
                  + " ON CONFLICT (deployment_id) DO UPDATE SET host = excluded.host, revision = excluded.revision,"
                  + " attempt = excluded.attempt, kept_at = clock_timestamp()",
              id, host, revision, attempt);
          return sql.jdbc.query(
              "DELETE FROM kept_failures WHERE deployment_id IN"
                  + " (SELECT deployment_id FROM kept_failures ORDER BY kept_at DESC, deployment_id OFFSET ?)"
                  + " RETURNING deployment_id, host, revision, attempt",
              KEPT, Math.max(keep, 0));
        });
  }

  /** Forgets the deployment's kept failure, returning it (or nothing). */
  public List<KeptFailure> release(UUID id) {
    return sql.jdbc.query("DELETE FROM kept_failures WHERE deployment_id = ? RETURNING deployment_id, host, revision, attempt", KEPT, id);
  }
}
