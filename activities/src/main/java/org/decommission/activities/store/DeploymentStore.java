package org.decommission.activities.store;

import static org.decommission.activities.store.Sql.RECORD;
import static org.decommission.activities.store.Sql.RECORD_COLUMNS;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.HostCapacity;
import org.decommission.domain.Naming;
import org.decommission.domain.Phase;
import org.decommission.domain.Reservation;
import org.decommission.workflow.FailureTypes;
import org.springframework.dao.DuplicateKeyException;

/**
 * Deployments and their volume rows (the replica rows are {@link ReplicaRows}). Every change of a
 * deployment's state runs under its row lock ({@link #locked}); every status change goes through
 * {@link #move}, which checks it with {@link DeploymentStatus#canBecome} and appends the history
 * row in the same transaction.
 */
public class DeploymentStore {
  private final Sql sql;
  private final HistoryStore history;
  private final PortAllocations ports;
  private final ReceiptStore receipts;
  private final KeptFailures kept;
  private final CapacityLedger capacity;

  public DeploymentStore(DataSource dataSource) {
    this.sql = new Sql(dataSource);
    this.history = new HistoryStore(dataSource);
    this.ports = new PortAllocations(dataSource);
    this.receipts = new ReceiptStore(dataSource);
    this.kept = new KeptFailures(dataSource);
    this.capacity = new CapacityLedger(dataSource);
  }

  /** Inserts a new deployment on a host whose capacity is not limited. */
  public DeploymentRecord create(UUID id, String owner, DeploymentSpec spec, String actor) {
    return create(id, owner, spec, actor, HostCapacity.UNLIMITED);
  }

  /**
   * Inserts a new deployment in CREATING with its volumes, its reservation of the host's
   * capacity and the first history row, in one transaction.
   *
   * @throws StoreException {@code NameTaken} when a live deployment holds the name; {@code
   *     RouteHostTaken}; {@code CapacityExceeded} when the host has too little free capacity
   */
  public DeploymentRecord create(UUID id, String owner, DeploymentSpec spec, String actor, HostCapacity hostCapacity) {
    String host = spec.hostOrDefault();
    try {
      sql.tx.executeWithoutResult(
          s -> {
            sql.jdbc.update(
                "INSERT INTO deployments (id, owner, name, spec, status, phase, host, deletion_protection, route_host)"
                    + " VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)",
                id, owner, spec.name(), Json.write(spec), DeploymentStatus.CREATING.name(), Phase.PULL_IMAGE.name(), host,
                Boolean.TRUE.equals(spec.deletionProtection()), RouteHosts.of(spec));
            recordVolumes(id, owner, spec);
            capacity.reserve(id, 1, host, Reservation.of(spec), hostCapacity);
            history.append(id, null, DeploymentStatus.CREATING, Phase.PULL_IMAGE, actor, "deployment created", EventKind.CREATED);
          });
    } catch (DuplicateKeyException e) {
      throw RouteHosts.taken(e, RouteHosts.of(spec)).orElseGet(() -> new StoreException(
          FailureTypes.NAME_TAKEN, "the name '" + spec.name() + "' is held by another of " + owner + "'s live deployments"));
    }
    return new DeploymentRecord(id.toString(), owner, spec, DeploymentStatus.CREATING, Phase.PULL_IMAGE, host, 1, null, Boolean.TRUE.equals(spec.deletionProtection()));
  }

  /** One row per Docker volume the spec mounts; rows already there stay as they are. */
  void recordVolumes(UUID id, String owner, DeploymentSpec spec) {
    for (DeploymentSpec.VolumeSpec v : spec.volumes()) {
      boolean perReplica = v.scopeOrDefault() == DeploymentSpec.VolumeScope.REPLICA;
      List<String> names = Naming.volumeNames(id.toString(), owner, v, spec.replicaCount());
      for (int r = 0; r < names.size(); r++) {
        sql.jdbc.update(
            "INSERT INTO volumes (deployment_id, name, docker_name, replica, mount_path, scope) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (deployment_id, docker_name) DO NOTHING",
            id, v.name(), names.get(r), perReplica ? r : null, v.mountPath(), v.scopeOrDefault().name());
      }
    }
  }

  public Optional<DeploymentRecord> find(UUID id) {
    return sql.jdbc.query("SELECT " + RECORD_COLUMNS + " FROM deployments WHERE id = ?", RECORD, id).stream().findFirst();
  }

  /** The deployment's status alone (one indexed read), or empty when no row exists. */
  public Optional<DeploymentStatus> status(UUID id) {
    return sql.jdbc.query("SELECT status FROM deployments WHERE id = ?", (rs, n) -> DeploymentStatus.valueOf(rs.getString(1)), id).stream().findFirst();
  }

  /** @throws StoreException {@code DeploymentNotFound} when no row exists */
  public DeploymentRecord load(UUID id) {
    return find(id).orElseThrow(() -> notFound(id));
  }

  /** Every deployment whose lifecycle is not over: the ones adoption restarts. */
  public List<DeploymentRecord> findUnfinished() {
    return sql.jdbc.query("SELECT " + RECORD_COLUMNS + " FROM deployments WHERE status <> 'PURGED' ORDER BY created_at", RECORD);
  }

  public void recordImagePulled(UUID id) {
    sql.jdbc.update("UPDATE deployments SET image_pulled = true WHERE id = ?", id);
  }

  public void recordDataExists(UUID id, boolean dataExists) {
    sql.jdbc.update("UPDATE deployments SET data_exists = ? WHERE id = ?", dataExists, id);
  }

  /**
   * Switches deletion protection; only on a deployment that is not deleted (a deleted one's purge
   * is already scheduled). Returns false when the deployment is deleted or gone.
   */
  public boolean setDeletionProtection(UUID id, boolean enabled) {
    return sql.jdbc.update(
        "UPDATE deployments SET deletion_protection = ?, updated_at = now() WHERE id = ? AND " + Sql.HOLDS_NAME,
        enabled, id) == 1;
  }

  // ---- the one lock and the one status change --------------------------------------------

  /** The status and phase of a deployment whose row the current transaction has locked. */
  record Current(DeploymentStatus status, Phase phase) {}

  private Optional<Current> lock(UUID id) {
    return sql.jdbc.query(
            "SELECT status, phase FROM deployments WHERE id = ? FOR UPDATE",
            (rs, n) -> new Current(DeploymentStatus.valueOf(rs.getString(1)), Sql.phase(rs.getString(2))),
            id)
        .stream()
        .findFirst();
  }

  /**
   * Runs {@code change} in one transaction that holds the deployment's row lock, so that two
   * changes of one deployment never interleave; the stores change a deployment's state only here.
   *
   * @throws StoreException {@code DeploymentNotFound} when no row exists
   */
  <T> T locked(UUID id, Function<Current, T> change) {
    return sql.tx.execute(s -> change.apply(lock(id).orElseThrow(() -> notFound(id))));
  }

  /**
   * How a status change writes the row besides status, version and stuck count: the phase it
   * enters (null keeps the phase), further assignments with their values, and what else changes
   * in the same transaction before the row is written.
   */
  private record Move(DeploymentStatus to, Phase phase, String assignments, List<Object> values, Consumer<UUID> alongside) {}

  /**
   * The one status change: under the row lock, nothing when the deployment already is in the
   * target status (so every change is idempotent), a refusal when {@link
   * DeploymentStatus#canBecome} forbids it, else the row and its history row in one transaction.
   */
  private void move(UUID id, Move move, String actor, String reason) {
    locked(id, current -> {
      if (current.status() == move.to()) {
        return null;
      }
      if (!current.status().canBecome(move.to())) {
        throw new StoreException(FailureTypes.ILLEGAL_TRANSITION, "a " + current.status() + " deployment cannot become " + move.to());
      }
      move.alongside().accept(id);
      if (!move.to().holdsCompute()) {
        capacity.releaseCompute(id);
      }
      List<Object> args = new ArrayList<>(Arrays.asList(move.to().name(), move.phase() == null ? null : move.phase().name()));
      args.addAll(move.values());
      args.add(id);
      sql.jdbc.update(
          "UPDATE deployments SET status = ?, phase = coalesce(?, phase), updated_at = now(), version = version + 1, stuck_attempts = NULL, "
              + move.assignments() + " WHERE id = ?",
          args.toArray());
      Phase phase = move.phase() == null ? current.phase() : move.phase();
      history.append(id, current.status(), move.to(), phase, actor, reason, EventKind.STATUS);
      return null;
    });
  }

  /**
   * Moves a deployment to {@code to}. Idempotent. Leaving DELETED clears the deletion times;
   * entering FAILED keeps {@code reason} as the last error, any other status clears it.
   *
   * @throws StoreException {@code IllegalTransition}; {@code NameTaken} when the name is now held
   *     by another live deployment
   */
  public void transition(UUID id, DeploymentStatus to, String actor, String reason) {
    boolean deletedTimes = to == DeploymentStatus.PURGING || to == DeploymentStatus.PURGED;
    Move move = new Move(to, null,
        "data_exists = NULL, last_error = ?, deleted_at = CASE WHEN ? THEN deleted_at ELSE NULL END,"
            + " purge_after = CASE WHEN ? THEN purge_after ELSE NULL END",
        Arrays.asList(to == DeploymentStatus.FAILED ? reason : null, deletedTimes, deletedTimes), unused -> {});
    try {
      move(id, move, actor, reason);
    } catch (DuplicateKeyException e) {
      throw RouteHosts.taken(e, "its route host").orElseGet(() -> new StoreException(
          FailureTypes.NAME_TAKEN, "the deployment's name is now held by another live deployment of its owner; it cannot become " + to));
    }
  }

  /**
   * DELETED, with its deletion times; its ports are retained and its kept failure forgotten (a
   * deleted deployment's data is retained for the window: no push-out may touch it). Idempotent:
   * returns the first purge time.
   */
  public Instant markDeleted(UUID id, Duration retention, String actor, String reason) {
    Move move = new Move(DeploymentStatus.DELETED, Phase.RETENTION,
        "last_error = NULL, deleted_at = now(), purge_after = now() + make_interval(secs => ?)",
        List.of((double) retention.toMillis() / 1000.0),
        deleted -> {
          ports.retain(deleted);
          kept.release(deleted);
          receipts.recordOutcomes(deleted, capacity.releaseCompute(deleted));
        });
    return sql.tx.execute(
        s -> {
          move(id, move, actor, reason);
          return sql.jdbc.queryForObject("SELECT purge_after FROM deployments WHERE id = ?", Timestamp.class, id).toInstant();
        });
  }

  /**
   * PURGED: the receipt is closed ({@link ReceiptStore#close}); replica, volume and port rows go;
   * the deployment row stays as a tombstone. One transaction; idempotent.
   */
  public void completePurge(UUID id, String actor, String reason) {
    Move move = new Move(DeploymentStatus.PURGED, Phase.WRITE_RECEIPT, "purged_at = now()", List.of(),
        purged -> {
          receipts.recordOutcomes(purged, capacity.releaseAll(purged));
          receipts.close(purged);
          sql.jdbc.update("DELETE FROM replicas WHERE deployment_id = ?", purged);
          sql.jdbc.update("DELETE FROM volumes WHERE deployment_id = ?", purged);
          ports.release(purged);
        });
    move(id, move, actor, reason);
  }

  /**
   * Records the phase the deployment entered, with a history row (old and new status equal) so
   * the event stream shows every phase. Idempotent: entering the current phase again adds nothing,
   * and so does a deployment that is gone.
   */
  public void enterPhase(UUID id, Phase phase) {
    sql.tx.executeWithoutResult(
        s -> lock(id).filter(current -> current.phase() != phase).ifPresent(current -> {
          sql.jdbc.update("UPDATE deployments SET phase = ?, updated_at = now() WHERE id = ?", phase.name(), id);
          history.append(id, current.status(), current.status(), phase, "system", "phase started", EventKind.PHASE);
        }));
  }

  /**
   * A teardown step failed after its retry budget: error and attempt count on the deployment, and
   * a history row (the {@code deployment-stuck} event). The status stays.
   */
  public void recordStuck(UUID id, Phase phase, String error, int attempts) {
    locked(id, current -> {
      String message = "stuck in " + phase + " after " + attempts + " attempt(s): " + error;
      sql.jdbc.update("UPDATE deployments SET last_error = ?, stuck_attempts = ?, updated_at = now() WHERE id = ?", message, attempts, id);
      history.append(id, current.status(), current.status(), phase, "system",
          "stuck: " + message + ". It is tried again in an hour; an admin can finish it now with POST /api/deployments/" + id
              + "/purge?force=true",
          EventKind.STUCK);
      return null;
    });
  }

  static StoreException notFound(UUID id) {
    return new StoreException(FailureTypes.DEPLOYMENT_NOT_FOUND, "no deployment " + id);
  }
}
