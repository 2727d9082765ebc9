package org.decommission.activities.store;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.decommission.domain.ReplicaInfo;
import org.decommission.domain.ReplicaState;

/** A deployment's replica rows: which container serves each replica of a revision, and their state. */
public class ReplicaRows {
  private final Sql sql;

  public ReplicaRows(DataSource dataSource) {
    this.sql = new Sql(dataSource);
  }

  /** The revision's replicas as created, replacing what was recorded for it before. */
  public void record(UUID id, int revision, List<ReplicaInfo> replicas) {
    sql.tx.executeWithoutResult(
        s -> {
          sql.jdbc.update("DELETE FROM replicas WHERE deployment_id = ? AND revision = ?", id, revision);
          List<Object[]> rows = new ArrayList<>();
          for (ReplicaInfo r : replicas) {
            rows.add(new Object[] {id, revision, r.index(), r.containerId(), r.containerName()});
          }
          sql.jdbc.batchUpdate(
              "INSERT INTO replicas (deployment_id, revision, idx, container_id, container_name) VALUES (?, ?, ?, ?, ?)", rows);
        });
  }

  /** One batch update of every replica's state. */
  public void setStates(UUID id, ReplicaState state) {
    sql.jdbc.update("UPDATE replicas SET state = ?, updated_at = now() WHERE deployment_id = ?", state.name(), id);
  }
}
