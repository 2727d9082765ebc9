package org.decommission.activities.store;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import javax.sql.DataSource;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every store shares: JDBC and transactions on one data source, and the mapping of columns
 * that several tables have. Transactions are bound to the data source, so one store's
 * transaction takes in the statements of another store called within it.
 */
final class Sql {
  final JdbcTemplate jdbc;
  final TransactionTemplate tx;

  Sql(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  /** Binds the ids as the one parameter of a {@code = ANY(?)} condition. */
  static PreparedStatementSetter anyOf(Collection<UUID> ids) {
    return ps -> {
      Array array = ps.getConnection().createArrayOf("uuid", ids.toArray());
      ps.setArray(1, array);
    };
  }

  static Phase phase(String value) {
    return value == null ? null : Phase.valueOf(value);
  }

  static DeploymentStatus status(String value) {
    return value == null ? null : DeploymentStatus.valueOf(value);
  }

  /**
   * A {@code timestamptz} column (every time column is one) as an instant. Read as an offset
   * date-time: the driver parses it directly, where a {@link Timestamp} goes through a calendar (in
   * a profile of a sweep of 10,000 records, a sixth of the reading threads' samples).
   */
  static Instant instant(ResultSet rs, String column) throws SQLException {
    java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /**
   * The SQL condition "the row's deployment holds its name" ({@link DeploymentStatus#holdsName()},
   * written once there): a live deployment, whose name and route host no other may take.
   */
  static final String HOLDS_NAME = "status NOT IN (" + java.util.Arrays.stream(DeploymentStatus.values())
      .filter(s -> !s.holdsName()).map(s -> "'" + s.name() + "'").collect(java.util.stream.Collectors.joining(", ")) + ")";

  static final String RECORD_COLUMNS = "id, owner, spec, status, phase, host, revision, purge_after, deletion_protection";

  /** A deployment as the workflow reads it, from {@link #RECORD_COLUMNS}. */
  static final RowMapper<DeploymentRecord> RECORD =
      (rs, n) ->
          new DeploymentRecord(
              rs.getString("id"),
              rs.getString("owner"),
              Json.read(rs.getString("spec"), DeploymentSpec.class),
              DeploymentStatus.valueOf(rs.getString("status")),
              phase(rs.getString("phase")),
              rs.getString("host"),
              rs.getInt("revision"),
              instant(rs, "purge_after"),
              rs.getBoolean("deletion_protection"));
}
