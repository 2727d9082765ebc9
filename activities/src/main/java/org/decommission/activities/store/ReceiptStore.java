package org.decommission.activities.store;

import org.decommission.activities.Outcomes;
import static org.decommission.activities.store.Sql.instant;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.decommission.domain.ArtifactOutcome;

/**
 * Deletion receipts ({@code deletion_receipts}): one line per artifact a delete and purge dealt
 * with. A receipt outlives the deployment's other records.
 */
public class ReceiptStore {
  private static final TypeReference<List<ArtifactOutcome>> OUTCOMES = new TypeReference<>() {};

  private final Sql sql;

  public ReceiptStore(DataSource dataSource) {
    this.sql = new Sql(dataSource);
  }

  /** Merges receipt lines into the deployment's receipt, one line per artifact. Idempotent. */
  public void recordOutcomes(UUID id, List<ArtifactOutcome> outcomes) {
    if (outcomes.isEmpty()) {
      return;
    }
    sql.tx.executeWithoutResult(
        s -> {
          Map<String, ArtifactOutcome> items = lock(id);
          for (ArtifactOutcome o : outcomes) {
            items.put(o.key(), ArtifactOutcome.merge(items.get(o.key()), o));
          }
          write(id, items, false);
        });
  }

  public Optional<DeploymentView.Receipt> receipt(UUID id) {
    return sql.jdbc.query(
            "SELECT deployment_id, deployment_name, owner, host, started_at, completed_at, items FROM deletion_receipts WHERE deployment_id = ?",
            (rs, n) ->
                new DeploymentView.Receipt(
                    rs.getString("deployment_id"),
                    rs.getString("deployment_name"),
                    rs.getString("owner"),
                    rs.getString("host"),
                    instant(rs, "started_at"),
                    instant(rs, "completed_at"),
                    Json.read(rs.getString("items"), OUTCOMES)),
            id)
        .stream()
        .findFirst();
  }

  /**
   * Closes the receipt for the purge: an ALREADY_GONE line for each recorded container or scoped
   * volume that no line speaks of yet (nothing removed it, so nothing was there). Called within
   * the purge's transaction, before the replica and volume rows go.
   */
  void close(UUID id) {
    Map<String, ArtifactOutcome> items = lock(id);
    sql.jdbc.query(
        "SELECT container_name FROM replicas WHERE deployment_id = ?",
        rs -> {
          addIfAbsent(items, ArtifactOutcome.Kind.CONTAINER, rs.getString(1));
        },
        id);
    sql.jdbc.query(
        "SELECT docker_name FROM volumes WHERE deployment_id = ? AND scope <> 'SHARED'",
        rs -> {
          addIfAbsent(items, ArtifactOutcome.Kind.VOLUME, rs.getString(1));
        },
        id);
    write(id, items, true);
  }

  private static void addIfAbsent(Map<String, ArtifactOutcome> items, ArtifactOutcome.Kind kind, String name) {
    ArtifactOutcome gone =
        Outcomes.now(kind, name, ArtifactOutcome.Outcome.ALREADY_GONE, "not found on the host when removed");
    items.putIfAbsent(gone.key(), gone);
  }

  /** The receipt's lines by artifact, locked; the receipt row is made on first use. */
  private Map<String, ArtifactOutcome> lock(UUID id) {
    sql.jdbc.update(
        "INSERT INTO deletion_receipts (deployment_id, deployment_name, owner, host)"
            + " SELECT id, name, owner, host FROM deployments WHERE id = ? ON CONFLICT (deployment_id) DO NOTHING",
        id);
    String json = sql.jdbc.queryForObject("SELECT items FROM deletion_receipts WHERE deployment_id = ? FOR UPDATE", String.class, id);
    Map<String, ArtifactOutcome> items = new LinkedHashMap<>();
    for (ArtifactOutcome o : Json.read(json, OUTCOMES)) {
      items.put(o.key(), o);
    }
    return items;
  }

  private void write(UUID id, Map<String, ArtifactOutcome> items, boolean completed) {
    sql.jdbc.update(
        "UPDATE deletion_receipts SET items = ?::jsonb" + (completed ? ", completed_at = now()" : "") + " WHERE deployment_id = ?",
        Json.write(items.values()), id);
  }
}
