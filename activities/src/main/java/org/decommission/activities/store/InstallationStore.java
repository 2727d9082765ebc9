package org.decommission.activities.store;

import javax.sql.DataSource;

/** The id of the installation this database belongs to (one row, made by the migration). */
public final class InstallationStore {
  private final Sql sql;

  public InstallationStore(DataSource dataSource) {
    this.sql = new Sql(dataSource);
  }

  public String id() {
    return sql.jdbc.queryForObject("SELECT id FROM installation", String.class);
  }
}
