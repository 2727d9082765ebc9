package org.decommission.activities.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.decommission.activities.Outcomes;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.HostCapacity;
import org.decommission.domain.Naming;
import org.decommission.domain.Reservation;
import org.decommission.workflow.FailureTypes;

/**
 * What deployments hold of their hosts' capacity ({@code capacity_holds}, a row per revision).
 * A reservation checks the host's free capacity and writes its row under one lock per host, in
 * the caller's transaction, so two requests never both take the last of it.
 */
public class CapacityLedger {
  private final Sql sql;

  public CapacityLedger(DataSource dataSource) {
    this.sql = new Sql(dataSource);
  }

  /**
   * Makes the revision hold {@code wanted} (raising what it holds; a lower hold stays), if the
   * host has room. Returns whether it raised anything. Idempotent.
   *
   * @throws StoreException {@code CapacityExceeded} naming what is short
   */
  public boolean reserve(UUID id, int revision, String host, Reservation wanted, HostCapacity capacity) {
    if (wanted.isEmpty()) {
      return false;
    }
    return sql.tx.execute(s -> {
      sql.jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtext(?))::text", String.class, "capacity:" + host);
      Reservation have = holds(" WHERE deployment_id = ? AND revision = ?", id, revision).getOrDefault(host, Reservation.NONE);
      Reservation raise = new Reservation(
          Math.max(0, wanted.cpuMillis() - have.cpuMillis()),
          Math.max(0, wanted.memoryMib() - have.memoryMib()),
          Math.max(0, wanted.storageGib() - have.storageGib()));
      if (raise.isEmpty()) {
        return false;
      }
      Reservation used = holds(" WHERE host = ?", host).getOrDefault(host, Reservation.NONE);
      capacity.shortfall(host, used, raise).ifPresent(text -> {
        throw new StoreException(FailureTypes.CAPACITY_EXCEEDED, text);
      });
      sql.jdbc.update(
          "INSERT INTO capacity_holds (deployment_id, revision, host, cpu_millis, memory_mib, storage_gib) VALUES (?, ?, ?, ?, ?, ?)"
              + " ON CONFLICT (deployment_id, revision) DO UPDATE SET cpu_millis = greatest(capacity_holds.cpu_millis, excluded.cpu_millis),"
              + " memory_mib = greatest(capacity_holds.memory_mib, excluded.memory_mib),"
              + " storage_gib = greatest(capacity_holds.storage_gib, excluded.storage_gib)",
          id, revision, host, wanted.cpuMillis(), wanted.memoryMib(), wanted.storageGib());
      return true;
    });
  }

  /** What the deployment holds, all revisions together. */
  public Reservation held(UUID id) {
    return holds(" WHERE deployment_id = ?", id).values().stream().reduce(Reservation.NONE, Reservation::plus);
  }

  /** What each host's deployments hold, by host. */
  public Map<String, Reservation> byHost() {
    return holds("");
  }

  /**
   * Its containers are gone: the deployment's cpu and memory are free again (its storage stays
   * until the purge). Returns the receipt line, none when it held no cpu or memory.
   */
  public List<ArtifactOutcome> releaseCompute(UUID id) {
    Reservation held = held(id).compute();
    sql.jdbc.update("UPDATE capacity_holds SET cpu_millis = 0, memory_mib = 0 WHERE deployment_id = ?", id);
    return line(id, held, false, "its containers are gone");
  }

  /** The purge: everything the deployment held is free again. Returns the receipt line. */
  public List<ArtifactOutcome> releaseAll(UUID id) {
    Reservation held = held(id);
    sql.jdbc.update("DELETE FROM capacity_holds WHERE deployment_id = ?", id);
    return line(id, held, true, "the purge removed its volumes");
  }

  /** A revision that will not serve (failed, discarded) holds nothing. */
  public void releaseRevision(UUID id, int revision) {
    sql.jdbc.update("DELETE FROM capacity_holds WHERE deployment_id = ? AND revision = ?", id, revision);
  }

  /** The revision serves: what the revisions before it held is free again. */
  public void releaseBefore(UUID id, int revision) {
    sql.jdbc.update("DELETE FROM capacity_holds WHERE deployment_id = ? AND revision < ?", id, revision);
  }

  private List<ArtifactOutcome> line(UUID id, Reservation released, boolean storage, String why) {
    if (released.isEmpty()) {
      return List.of();
    }
    String host = sql.jdbc.queryForObject("SELECT host FROM deployments WHERE id = ?", String.class, id);
    return List.of(Outcomes.now(ArtifactOutcome.Kind.CAPACITY, Naming.capacityName(host, storage), ArtifactOutcome.Outcome.REMOVED,
        released.describe() + " released on host " + host + ": " + why));
  }

  private Map<String, Reservation> holds(String where, Object... args) {
    Map<String, Reservation> byHost = new LinkedHashMap<>();
    List<Object> values = new ArrayList<>(List.of(args));
    sql.jdbc.query(
        "SELECT host, sum(cpu_millis) AS cpu, sum(memory_mib) AS memory, sum(storage_gib) AS storage FROM capacity_holds" + where
            + " GROUP BY host ORDER BY host",
        rs -> {
          byHost.put(rs.getString("host"), new Reservation(rs.getLong("cpu"), rs.getLong("memory"), rs.getLong("storage")));
        },
        values.toArray());
    return byHost;
  }
}
