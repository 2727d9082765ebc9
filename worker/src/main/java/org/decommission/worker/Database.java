package org.decommission.worker;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.decommission.activities.store.EmbeddedDatabase;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL database: an external one at {@code spring.datasource.url}, or the embedded one
 * under {@code <data dir>/postgres}. The schema is migrated by Flyway before anything uses it.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final EmbeddedDatabase embedded;
  private final HikariDataSource dataSource;

  public Database(String url, String username, String password, java.nio.file.Path dataDir) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("decommission");
    config.setMaximumPoolSize(16);
    if (url == null || url.isBlank()) {
      embedded = EmbeddedDatabase.start(dataDir.resolve("postgres"));
      config.setJdbcUrl(embedded.jdbcUrl());
      config.setUsername("postgres");
      config.setPassword(embedded.password());
    } else {
      embedded = null;
      config.setJdbcUrl(url);
      config.setUsername(username);
      config.setPassword(password);
    }
    dataSource = new HikariDataSource(config);
    var result = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    log.info("database schema at version {} ({} migration(s) applied)", result.targetSchemaVersion, result.migrationsExecuted);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
