package org.decommission.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The embedded PostgreSQL asks for its password over TCP, also in a data dir made before it did. */
class EmbeddedDatabaseIT {

  static Connection connect(int port, String password) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", password);
  }

  @Test
  void aDataDirThatTrustedEveryConnectionRequiresThePasswordFromItsNextStartOn() throws Exception {
    Path root = Files.createTempDirectory("dcm-pg");
    Path dir = root.resolve("postgres");
    try {
      startsOnAnOldDataDir(dir);
    } finally {
      try (var files = Files.walk(root)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  void startsOnAnOldDataDir(Path dir) throws Exception {
    // A data dir as the embedded database made it before: trust authentication for everyone.
    try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start();
        Connection c = connect(old.getPort(), "")) {
      assertThat(c.isValid(2)).as("trusted before").isTrue();
    }
    for (int start = 1; start <= 2; start++) {
      try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
        assertThatThrownBy(() -> connect(db.port(), "")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> connect(db.port(), "guess")).isInstanceOf(SQLException.class);
        try (Connection c = connect(db.port(), db.password())) {
          assertThat(c.isValid(2)).isTrue();
        }
        assertThat(db.password()).isEqualTo(Files.readString(dir.resolveSibling("postgres.password")).trim());
      }
    }
  }
}
