package org.decommission.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.decommission.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The migration that gives every history row its event kind classifies the rows written before it. */
class HistoryEventKindMigrationIT {

  @Test
  void rowsWrittenBeforeTheColumnGetTheKindTheirEventHad() {
    String schema = "before_v3_" + Long.toHexString(System.nanoTime());
    JdbcTemplate jdbc = new JdbcTemplate(TestPostgres.dataSource());
    Flyway.configure().dataSource(TestPostgres.dataSource()).schemas(schema).locations("classpath:db/migration").target("2").load().migrate();
    UUID id = UUID.randomUUID();
    jdbc.update("INSERT INTO " + schema + ".deployments (id, owner, name, spec, status, host) VALUES (?, 'alice', 'web', '{}', 'DELETING', 'local')", id);
    String[][] rows = {
      {null, "CREATING", "deployment created"},
      {"CREATING", "CREATING", "phase started"},
      {"CREATING", "RUNNING", "stuck: a status change whose reason only looks like a stuck step"},
      {"RUNNING", "RUNNING", "revision 2 serves; revision 1 is retired"},
      {"RUNNING", "DELETING", "delete"},
      {"DELETING", "DELETING", "stuck: stuck in REMOVE_CONTAINERS after 3 attempt(s): busy"},
    };
    for (String[] r : rows) {
      jdbc.update("INSERT INTO " + schema + ".status_history (deployment_id, old_status, new_status, actor, reason) VALUES (?, ?, ?, 'system', ?)",
          id, r[0], r[1], r[2]);
    }

    Flyway.configure().dataSource(TestPostgres.dataSource()).schemas(schema).locations("classpath:db/migration").load().migrate();

    Map<String, String> kinds = new LinkedHashMap<>();
    jdbc.query("SELECT reason, event_kind FROM " + schema + ".status_history ORDER BY id", rs -> {
      kinds.put(rs.getString(1), rs.getString(2));
    });
    assertThat(kinds).containsExactly(
        entry("deployment created", "CREATED"),
        entry("phase started", "PHASE"),
        entry("stuck: a status change whose reason only looks like a stuck step", "STATUS"),
        entry("revision 2 serves; revision 1 is retired", "NOTE"),
        entry("delete", "STATUS"),
        entry("stuck: stuck in REMOVE_CONTAINERS after 3 attempt(s): busy", "STUCK"));
    jdbc.execute("DROP SCHEMA " + schema + " CASCADE");
  }
}
