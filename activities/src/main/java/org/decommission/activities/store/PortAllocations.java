package org.decommission.activities.store;

import org.decommission.activities.Outcomes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.Naming;
import org.decommission.domain.PortAssignment;
import org.decommission.workflow.FailureTypes;

/** The host ports deployments hold ({@code port_allocations}): a port is free when its row is gone. */
public class PortAllocations {
  private final Sql sql;

  private final PortProbe probe;

  public PortAllocations(DataSource dataSource) {
    this(dataSource, PortProbe.NONE);
  }

  /** @param probe tells a port something outside Decommission holds; such a port is skipped */
  public PortAllocations(DataSource dataSource, PortProbe probe) {
    this.sql = new Sql(dataSource);
    this.probe = probe;
  }

  /**
   * Allocates the host ports the revision lacks, lowest free first, on the revision's host.
   * Allocation on one host is serialised by an advisory lock, so two deployments never race for a
   * port. Idempotent.
   *
   * @param revision the deployment as the revision to allocate for ({@link RevisionStore#loadRevision})
   * @throws StoreException {@code PortPoolExhausted} when the pool has too few free ports
   */
  public List<PortAssignment> allocate(DeploymentRecord revision, String attempt, int low, int high) {
    UUID id = UUID.fromString(revision.id());
    int number = revision.revision();
    String host = revision.host();
    return sql.tx.execute(
        s -> {
          sql.jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtext(?))::text", String.class, "ports:" + host);
          Map<String, PortAssignment> held = new LinkedHashMap<>();
          for (PortAssignment p : portsOf(id, number)) {
            held.put(p.replica() + "/" + p.portName(), p);
          }
          List<String[]> missing = new ArrayList<>();
          for (int r = 0; r < revision.spec().replicaCount(); r++) {
            for (DeploymentSpec.PortSpec port : revision.spec().ports()) {
              if (!held.containsKey(r + "/" + port.name())) {
                missing.add(new String[] {Integer.toString(r), port.name()});
              }
            }
          }
          // Ports retained through a delete serve again once the deployment is started.
          sql.jdbc.update(
              "UPDATE port_allocations SET state = 'ALLOCATED' WHERE deployment_id = ? AND revision = ? AND state = 'RETAINED'",
              id, number);
          if (missing.isEmpty()) {
            return portsOf(id, number);
          }
          List<Integer> unallocated =
              sql.jdbc.queryForList(
                  "SELECT p FROM generate_series(?, ?) p WHERE NOT EXISTS"
                      + " (SELECT 1 FROM port_allocations a WHERE a.host = ? AND a.port = p) ORDER BY p",
                  Integer.class, low, high, host);
          List<Integer> free = new ArrayList<>();
          int busy = 0;
          for (int port : unallocated) {
            if (free.size() == missing.size()) {
              break;
            }
            if (probe.busy(host, port)) {
              busy++;
            } else {
              free.add(port);
            }
          }
          if (free.size() < missing.size()) {
            throw new StoreException(
                FailureTypes.PORTS_EXHAUSTED,
                "the port pool " + low + "-" + high + " on host " + host + " has " + free.size()
                    + " free ports" + (busy > 0 ? " (" + busy + " more are held by something else on the host)" : "")
                    + "; this deployment needs " + missing.size()
                    + ". Purge deleted deployments or widen decommission.ports.range.");
          }
          List<Object[]> rows = new ArrayList<>();
          for (int i = 0; i < missing.size(); i++) {
            rows.add(new Object[] {host, free.get(i), id, number, attempt, Integer.parseInt(missing.get(i)[0]), missing.get(i)[1]});
          }
          sql.jdbc.batchUpdate(
              "INSERT INTO port_allocations (host, port, deployment_id, revision, attempt, replica, port_name) VALUES (?, ?, ?, ?, ?, ?, ?)",
              rows);
          return portsOf(id, number);
        });
  }

  public List<PortAssignment> portsOf(UUID id, int revision) {
    return sql.jdbc.query(
        "SELECT replica, port_name, port FROM port_allocations WHERE deployment_id = ? AND revision = ? ORDER BY replica, port_name",
        (rs, n) -> new PortAssignment(rs.getInt("replica"), rs.getString("port_name"), rs.getInt("port")),
        id, revision);
  }

  /** How many ports the deployment holds (all revisions). */
  public int count(UUID id) {
    Integer n = sql.jdbc.queryForObject("SELECT count(*) FROM port_allocations WHERE deployment_id = ?", Integer.class, id);
    return n == null ? 0 : n;
  }

  /** Deletes the deployment's port rows and returns one receipt line per port released. */
  public List<ArtifactOutcome> release(UUID id) {
    return releaseWhere("", id, "allocation released");
  }

  /** Releases what one deploy attempt allocated (its compensation). */
  public List<ArtifactOutcome> releaseAttempt(UUID id, String attempt) {
    return releaseWhere(" AND attempt = ?", id, "allocated by the failed attempt; released", attempt);
  }

  /** Releases the ports of a revision an update replaced. */
  public List<ArtifactOutcome> releaseRevision(UUID id, int revision) {
    return releaseWhere(" AND revision = ?", id, "held by the replaced revision " + revision + "; released", revision);
  }

  /** Keeps the deployment's ports through the deletion window; called by the delete's transaction. */
  void retain(UUID id) {
    sql.jdbc.update("UPDATE port_allocations SET state = 'RETAINED' WHERE deployment_id = ?", id);
  }

  private List<ArtifactOutcome> releaseWhere(String condition, UUID id, String detail, Object... more) {
    List<Object> args = new ArrayList<>();
    args.add(id);
    args.addAll(List.of(more));
    List<ArtifactOutcome> lines = new ArrayList<>();
    sql.jdbc.query(
        "DELETE FROM port_allocations WHERE deployment_id = ?" + condition + " RETURNING host, port",
        rs -> {
          lines.add(
              Outcomes.now(
                  ArtifactOutcome.Kind.PORT, Naming.portName(rs.getString("host"), rs.getInt("port")), ArtifactOutcome.Outcome.REMOVED,
                  detail));
        },
        args.toArray());
    return lines;
  }
}
