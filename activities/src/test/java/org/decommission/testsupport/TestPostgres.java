package org.decommission.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.decommission.activities.store.EmbeddedDatabase;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL (the embedded one) in a temporary directory, migrated, shared by the tests of
 * one JVM and stopped when the JVM exits.
 */
public final class TestPostgres {
  private static EmbeddedDatabase database;
  private static HikariDataSource dataSource;

  private TestPostgres() {}

  public static synchronized DataSource dataSource() {
    if (dataSource == null) {
      database = EmbeddedDatabase.start(tempDir().resolve("postgres"));
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(database.jdbcUrl());
      config.setUsername("postgres");
      config.setPassword(database.password());
      config.setMaximumPoolSize(8);
      dataSource = new HikariDataSource(config);
      Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        dataSource.close();
        database.close();
      }));
    }
    return dataSource;
  }

  public static synchronized String jdbcUrl() {
    dataSource();
    return database.jdbcUrl();
  }

  public static synchronized String password() {
    dataSource();
    return database.password();
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("decommission-test-db");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
