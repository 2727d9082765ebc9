package org.decommission.activities.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of the all-in-one program. Its data directory persists, so a restart
 * keeps every deployment. A postgres left running by a program that was killed (SIGKILL leaves the
 * server process behind) is shut down first, because it still holds the data directory.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;
  private final String password;

  private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
    this.postgres = postgres;
    this.password = password;
  }

  /**
   * Starts the server on 127.0.0.1 only, with password (SCRAM) authentication over TCP: a tenant's
   * container must not reach a superuser with trust authentication (it could read every spec,
   * the token secret, or run programs). The password is generated once into
   * {@code <data dir>/postgres.password} (0600); a data dir initialised before this is switched
   * over at its next start.
   */
  public static EmbeddedDatabase start(Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory);
      stopLeftoverServer(dataDirectory);
      Path passwordFile = PasswordFile.ensure(dataDirectory.resolveSibling("postgres.password"));
      String password = Files.readString(passwordFile).trim();
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("listen_addresses", "127.0.0.1")
              // A new data dir: initdb gives the superuser the password and TCP SCRAM at once.
              .setLocaleConfig("auth-host", "scram-sha-256")
              .setLocaleConfig("pwfile", passwordFile.toString())
              .setConnectConfig("password", password)
              .start();
      EmbeddedDatabase database = new EmbeddedDatabase(pg, password);
      database.requirePasswords(dataDirectory);
      log.info("embedded PostgreSQL up on 127.0.0.1:{} (password auth) with data in {}", pg.getPort(), dataDirectory);
      return database;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDirectory, e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot require passwords of the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
    }
  }

  /**
   * A data dir made before passwords were required still trusts every TCP connection: the
   * superuser gets the password and pg_hba.conf SCRAM for TCP, effective at once (reload).
   */
  private void requirePasswords(Path dataDirectory) throws IOException, SQLException {
    Path hba = dataDirectory.resolve("pg_hba.conf");
    List<String> lines = Files.readAllLines(hba);
    List<String> secured = lines.stream().map(l -> l.startsWith("host") ? l.replaceAll("\\btrust\\s*$", "scram-sha-256") : l).toList();
    if (secured.equals(lines)) {
      return;
    }
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("ALTER ROLE postgres PASSWORD '" + password.replace("'", "''") + "'");
      Files.write(hba, secured);
      st.execute("SELECT pg_reload_conf()");
    }
    log.warn("the embedded PostgreSQL in {} trusted every TCP connection; it now requires the password in {}",
        dataDirectory, dataDirectory.resolveSibling("postgres.password"));
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public String password() {
    return password;
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }

  private static void stopLeftoverServer(Path dataDirectory) throws IOException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    } catch (RuntimeException unreadable) {
      return;
    }
    Optional<ProcessHandle> server = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
    if (server.isEmpty()) {
      return;
    }
    log.warn("a PostgreSQL server (pid {}) left by an earlier run holds {}; shutting it down", pid, dataDirectory);
    // SIGINT asks postgres for a fast shutdown: open transactions roll back, data stays intact.
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (server.get().isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      if (server.get().isAlive()) {
        server.get().destroyForcibly();
        Thread.sleep(500);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
