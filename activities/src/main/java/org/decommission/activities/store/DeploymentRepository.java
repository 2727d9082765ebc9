package org.decommission.activities.store;

import org.decommission.activities.Outcomes;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.DeletionPlan;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Naming;
import org.decommission.domain.Phase;
import org.decommission.domain.PortAssignment;
import org.decommission.domain.ReplicaInfo;
import org.decommission.domain.SweepPlan;
import org.decommission.workflow.FailureTypes;
import org.decommission.workflow.StoreActivities;
import org.decommission.workflow.SweepReport;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * All SQL of the system. Every status change goes through {@link #transition}, which checks it
 * with {@link DeploymentStatus#canBecome} and appends the history row in the same transaction.
 */
public class DeploymentRepository {
  private static final TypeReference<List<ArtifactOutcome>> OUTCOMES = new TypeReference<>() {};

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;

  public DeploymentRepository(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  // ---- create and read -----------------------------------------------------------------

  /**
   * Inserts a new deployment in CREATING with its volumes and the first history row.
   *
   * @throws StoreException {@code NameTaken} when a live deployment holds the name
   */
  public DeploymentRecord create(UUID id, String owner, DeploymentSpec spec, String actor) {
    String host = spec.hostOrDefault();
    try {
      tx.executeWithoutResult(
          s -> {
            jdbc.update(
                "INSERT INTO deployments (id, owner, name, spec, status, phase, host, deletion_protection)"
                    + " VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?)",
                id, owner, spec.name(), Json.write(spec), DeploymentStatus.CREATING.name(), Phase.PULL_IMAGE.name(), host,
                Boolean.TRUE.equals(spec.deletionProtection()));
            recordVolumes(id, spec);
            appendHistory(id, null, DeploymentStatus.CREATING, Phase.PULL_IMAGE, actor, "deployment created");
          });
    } catch (DuplicateKeyException e) {
      throw new StoreException(
          FailureTypes.NAME_TAKEN, "the name '" + spec.name() + "' is held by another live deployment");
    }
    return new DeploymentRecord(id.toString(), owner, spec, DeploymentStatus.CREATING, Phase.PULL_IMAGE, host, 1, null);
  }

  /** One row per Docker volume the spec mounts; rows already there stay as they are. */
  private void recordVolumes(UUID id, DeploymentSpec spec) {
    for (DeploymentSpec.VolumeSpec v : spec.volumes()) {
      boolean perReplica = v.scopeOrDefault() == DeploymentSpec.VolumeScope.REPLICA;
      List<String> names = Naming.volumeNames(id.toString(), v, spec.replicaCount());
      for (int r = 0; r < names.size(); r++) {
        jdbc.update(
            "INSERT INTO volumes (deployment_id, name, docker_name, replica, mount_path, scope) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (deployment_id, docker_name) DO NOTHING",
            id, v.name(), names.get(r), perReplica ? r : null, v.mountPath(), v.scopeOrDefault().name());
      }
    }
  }

  // ---- revisions -------------------------------------------------------------------------

  /**
   * Stores a new revision's spec (PENDING) and returns its number: one past the highest revision
   * the deployment has had.
   */
  public int requestRevision(UUID id, DeploymentSpec spec, String actor) {
    return tx.execute(
        s -> {
          lockCurrent(id);
          Integer next =
              jdbc.queryForObject(
                  "SELECT greatest(d.revision, coalesce(max(r.revision), 0)) + 1 FROM deployments d"
                      + " LEFT JOIN revisions r ON r.deployment_id = d.id WHERE d.id = ? GROUP BY d.revision",
                  Integer.class, id);
          jdbc.update(
              "INSERT INTO revisions (deployment_id, revision, spec, actor) VALUES (?, ?, ?::jsonb, ?)",
              id, next, Json.write(spec), actor);
          return next;
        });
  }

  /** Forgets a PENDING revision the workflow refused to roll out. */
  public void discardRevision(UUID id, int revision) {
    jdbc.update("DELETE FROM revisions WHERE deployment_id = ? AND revision = ? AND status = 'PENDING'", id, revision);
  }

  /** The deployment as one of its revisions: its own spec for the current one, the stored one else. */
  public DeploymentRecord loadRevision(UUID id, int revision) {
    DeploymentRecord current = load(id);
    if (current.revision() == revision) {
      return current;
    }
    List<String> spec =
        jdbc.queryForList("SELECT spec FROM revisions WHERE deployment_id = ? AND revision = ?", String.class, id, revision);
    if (spec.isEmpty()) {
      throw new StoreException(FailureTypes.DEPLOYMENT_NOT_FOUND, "deployment " + id + " has no revision " + revision);
    }
    return new DeploymentRecord(
        current.id(), current.owner(), Json.read(spec.get(0), DeploymentSpec.class), current.status(), current.phase(),
        current.host(), revision, current.purgeAfter());
  }

  /** The new revision serves: spec and number move to the deployment, older replica rows go. Idempotent. */
  public void activateRevision(UUID id, int revision, String actor) {
    tx.executeWithoutResult(
        s -> {
          Current current = lockCurrent(id);
          int from = jdbc.queryForObject("SELECT revision FROM deployments WHERE id = ?", Integer.class, id);
          if (from == revision) {
            return;
          }
          DeploymentSpec spec = loadRevision(id, revision).spec();
          jdbc.update(
              "UPDATE deployments SET spec = ?::jsonb, revision = ?, last_error = NULL, updated_at = now(), version = version + 1"
                  + " WHERE id = ?",
              Json.write(spec), revision, id);
          jdbc.update("UPDATE revisions SET status = 'ACTIVE' WHERE deployment_id = ? AND revision = ?", id, revision);
          jdbc.update("DELETE FROM replicas WHERE deployment_id = ? AND revision <> ?", id, revision);
          recordVolumes(id, spec);
          appendHistory(id, current.status, current.status, current.phase, actor,
              "revision " + revision + " serves; revision " + from + " is retired");
        });
  }

  /** The revision failed to roll out: FAILED with the error, kept as the last error; status unchanged. */
  public void failRevision(UUID id, int revision, String error) {
    tx.executeWithoutResult(
        s -> {
          Current current = lockCurrent(id);
          int changed =
              jdbc.update(
                  "UPDATE revisions SET status = 'FAILED', error = ? WHERE deployment_id = ? AND revision = ? AND status = 'PENDING'",
                  error, id, revision);
          if (changed == 0) {
            return;
          }
          jdbc.update("DELETE FROM replicas WHERE deployment_id = ? AND revision = ?", id, revision);
          jdbc.update("UPDATE deployments SET last_error = ?, updated_at = now() WHERE id = ?", error, id);
          appendHistory(id, current.status, current.status, current.phase, "system", error);
        });
  }

  /**
   * A teardown step failed after its retry budget: error and attempt count on the deployment, and
   * a history row (the {@code deployment-stuck} event). The status stays.
   */
  public void recordStuck(UUID id, Phase phase, String error, int attempts) {
    tx.executeWithoutResult(
        s -> {
          Current current = lockCurrent(id);
          String message = "stuck in " + phase + " after " + attempts + " attempt(s): " + error;
          jdbc.update(
              "UPDATE deployments SET last_error = ?, stuck_attempts = ?, updated_at = now() WHERE id = ?", message, attempts, id);
          appendHistory(id, current.status, current.status, phase, "system",
              DeploymentView.STUCK + message + ". It is tried again in an hour; an admin can finish it now with POST /api/deployments/"
                  + id + "/purge?force=true");
        });
  }

  /** Keeps a failed attempt for debugging; returns (and forgets) the kept ones beyond the newest {@code keep}. */
  public List<StoreActivities.KeptFailure> keepFailure(UUID id, String host, int revision, String attempt, int keep) {
    return tx.execute(
        s -> {
          jdbc.update(
              "INSERT INTO kept_failures (deployment_id, host, revision, attempt) VALUES (?, ?, ?, ?)"
                  + " ON CONFLICT (deployment_id) DO UPDATE SET host = excluded.host, revision = excluded.revision,"
                  + " attempt = excluded.attempt, kept_at = clock_timestamp()",
              id, host, revision, attempt);
          return jdbc.query(
              "DELETE FROM kept_failures WHERE deployment_id IN"
                  + " (SELECT deployment_id FROM kept_failures ORDER BY kept_at DESC, deployment_id OFFSET ?)"
                  + " RETURNING deployment_id, host, revision, attempt",
              KEPT, Math.max(keep, 0));
        });
  }

  /** Forgets the deployment's kept failure, returning it (or nothing). */
  public List<StoreActivities.KeptFailure> releaseKept(UUID id) {
    return jdbc.query("DELETE FROM kept_failures WHERE deployment_id = ? RETURNING deployment_id, host, revision, attempt", KEPT, id);
  }

  private static final RowMapper<StoreActivities.KeptFailure> KEPT =
      (rs, n) -> new StoreActivities.KeptFailure(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4));

  public void recordDataExists(UUID id, boolean dataExists) {
    jdbc.update("UPDATE deployments SET data_exists = ? WHERE id = ?", dataExists, id);
  }

  // ---- reconcile -------------------------------------------------------------------------

  /** Every record of the host that is not purged, as a sweep needs it: one query. */
  public List<SweepPlan.Record> sweepRecords(String host) {
    return jdbc.query(
        "SELECT id, status, revision, coalesce((spec->>'replicas')::int, 1) AS replicas, updated_at, deletion_protection FROM deployments"
            + " WHERE host = ? AND status <> 'PURGED'",
        (rs, n) -> new SweepPlan.Record(
            rs.getString("id"), DeploymentStatus.valueOf(rs.getString("status")), rs.getInt("revision"), rs.getInt("replicas"),
            instant(rs, "updated_at"), rs.getBoolean("deletion_protection")),
        host);
  }

  /** How many ports the deployment holds (all revisions). */
  public int portCount(UUID id) {
    Integer n = jdbc.queryForObject("SELECT count(*) FROM port_allocations WHERE deployment_id = ?", Integer.class, id);
    return n == null ? 0 : n;
  }

  /** A run keeps this many of its actions (the counts are complete); a host keeps this many runs. */
  static final int KEPT_ACTIONS = 200;
  static final int KEPT_RUNS = 1_000;

  /** Records a sweep, and forgets the host's runs beyond the newest {@link #KEPT_RUNS}. */
  public void recordSweep(SweepReport r) {
    List<SweepPlan.Action> actions = r.actions().size() > KEPT_ACTIONS ? r.actions().subList(0, KEPT_ACTIONS) : r.actions();
    jdbc.update(
        "DELETE FROM cleanup_runs WHERE host = ? AND id <= (SELECT id FROM cleanup_runs WHERE host = ? ORDER BY id DESC OFFSET ? LIMIT 1)",
        r.host(), r.host(), KEPT_RUNS - 1);
    jdbc.update(
        "INSERT INTO cleanup_runs (host, dry_run, started_at, duration_ms, records, containers, ghosts, drift, failed_expired,"
            + " orphans_removed, adopted, names_freed, ports_freed, errors, actions)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)",
        r.host(), r.dryRun(), Timestamp.from(r.startedAt()), r.durationMillis(), r.records(), r.containers(), r.ghosts(), r.drift(),
        r.failedExpired(), r.orphansRemoved(), r.adopted(), r.namesFreed(), r.portsFreed(), Json.write(r.errors()), Json.write(actions));
  }

  /** The newest sweeps, newest first. */
  public List<SweepReport> lastSweeps(int limit) {
    return jdbc.query(
        "SELECT * FROM cleanup_runs ORDER BY id DESC LIMIT ?",
        (rs, n) -> new SweepReport(
            rs.getString("host"), rs.getBoolean("dry_run"), instant(rs, "started_at"), rs.getLong("duration_ms"),
            rs.getInt("records"), rs.getInt("containers"), rs.getInt("ghosts"), rs.getInt("drift"), rs.getInt("failed_expired"),
            rs.getInt("orphans_removed"), rs.getInt("adopted"), rs.getInt("names_freed"), rs.getInt("ports_freed"),
            Json.read(rs.getString("errors"), STRINGS), Json.read(rs.getString("actions"), ACTIONS)),
        limit);
  }

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<List<SweepPlan.Action>> ACTIONS =
      new TypeReference<>() {};

  /** Whether deletion protection is on: then neither a delete nor a purge may start. */
  public boolean deletionProtected(UUID id) {
    return Boolean.TRUE.equals(jdbc.queryForObject("SELECT deletion_protection FROM deployments WHERE id = ?", Boolean.class, id));
  }

  /**
   * Switches deletion protection; only on a deployment that is not deleted (a deleted one's purge
   * is already scheduled). Returns false when the deployment is deleted or gone.
   */
  public boolean setDeletionProtection(UUID id, boolean enabled, String actor) {
    return jdbc.update(
        "UPDATE deployments SET deletion_protection = ?, updated_at = now() WHERE id = ? AND status NOT IN ('DELETED', 'PURGING', 'PURGED')",
        enabled, id) == 1;
  }

  /** Whether another live deployment holds the name (a restore would collide with it). */
  public boolean nameHeldByOther(String name, UUID id) {
    Integer n =
        jdbc.queryForObject(
            "SELECT count(*) FROM deployments WHERE name = ? AND id <> ? AND status NOT IN ('DELETED', 'PURGING', 'PURGED')",
            Integer.class, name, id);
    return n > 0;
  }

  public Optional<DeploymentRecord> find(UUID id) {
    return jdbc.query(
            "SELECT id, owner, spec, status, phase, host, revision, purge_after FROM deployments WHERE id = ?",
            RECORD, id)
        .stream()
        .findFirst();
  }

  public DeploymentRecord load(UUID id) {
    return find(id).orElseThrow(() -> new StoreException(FailureTypes.DEPLOYMENT_NOT_FOUND, "no deployment " + id));
  }

  /** Every deployment whose lifecycle is not over: the ones adoption restarts. */
  public List<DeploymentRecord> findUnfinished() {
    return jdbc.query(
        "SELECT id, owner, spec, status, phase, host, revision, purge_after FROM deployments WHERE status <> 'PURGED' ORDER BY created_at",
        RECORD);
  }

  /** One deployment with replicas, ports, volumes and history; empty when absent. */
  public Optional<DeploymentView> view(UUID id) {
    List<DeploymentView> rows = jdbc.query(VIEW_SELECT + " WHERE d.id = ?", (rs, n) -> viewRow(rs, true), id);
    return rows.stream().findFirst();
  }

  /** Deployments, newest first, of one owner or (owner null) of everyone; without history. */
  public List<DeploymentView> list(String owner, int limit) {
    if (owner == null) {
      return jdbc.query(VIEW_SELECT + " ORDER BY d.created_at DESC LIMIT ?", (rs, n) -> viewRow(rs, false), limit);
    }
    return jdbc.query(
        VIEW_SELECT + " WHERE d.owner = ? ORDER BY d.created_at DESC LIMIT ?", (rs, n) -> viewRow(rs, false), owner, limit);
  }

  public Optional<DeploymentView.Receipt> receipt(UUID id) {
    return jdbc.query(
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

  // ---- lifecycle writes ------------------------------------------------------------------

  /**
   * Records the phase the deployment entered, with a history row (old and new status equal) so
   * the event stream shows every phase. Idempotent: entering the current phase again adds nothing.
   */
  public void enterPhase(UUID id, Phase phase) {
    tx.executeWithoutResult(
        s -> {
          List<String> entered =
              jdbc.queryForList(
                  "UPDATE deployments SET phase = ?, updated_at = now() WHERE id = ? AND phase IS DISTINCT FROM ? RETURNING status",
                  String.class, phase.name(), id, phase.name());
          if (!entered.isEmpty()) {
            DeploymentStatus status = DeploymentStatus.valueOf(entered.get(0));
            appendHistory(id, status, status, phase, "system", "phase started");
          }
        });
  }

  /**
   * History rows after {@code afterId}, oldest first, of one deployment (when {@code deploymentId}
   * is given) and of one owner's deployments (when {@code owner} is given): the event stream.
   */
  public List<DeploymentView.Event> events(long afterId, String owner, UUID deploymentId, int limit) {
    return jdbc.query(
        "SELECT h.id, h.deployment_id, d.name, h.old_status, h.new_status, h.phase, h.actor, h.reason, h.at"
            + " FROM status_history h JOIN deployments d ON d.id = h.deployment_id"
            + " WHERE h.id > ? AND (?::text IS NULL OR d.owner = ?) AND (?::uuid IS NULL OR h.deployment_id = ?)"
            + " ORDER BY h.id LIMIT ?",
        (r, n) ->
            new DeploymentView.Event(
                r.getLong(1),
                r.getString(2),
                r.getString(3),
                r.getString(4) == null ? null : DeploymentStatus.valueOf(r.getString(4)),
                DeploymentStatus.valueOf(r.getString(5)),
                phase(r.getString(6)),
                r.getString(7),
                r.getString(8),
                instant(r, "at")),
        afterId, owner, owner, deploymentId, deploymentId, limit);
  }

  /** The id of the newest history row (0 when there is none). */
  public long lastEventId() {
    Long id = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM status_history", Long.class);
    return id == null ? 0 : id;
  }

  /**
   * Moves a deployment to {@code to}, with a history row, in one transaction. Idempotent. Leaving
   * DELETED clears the deletion times; entering FAILED keeps {@code reason} as the last error.
   */
  public void transition(UUID id, DeploymentStatus to, String actor, String reason) {
    try {
      tx.executeWithoutResult(
          s -> {
            Current current = lockCurrent(id);
            if (current.status == to) {
              return;
            }
            if (!current.status.canBecome(to)) {
              throw new StoreException(
                  FailureTypes.ILLEGAL_TRANSITION, "a " + current.status + " deployment cannot become " + to);
            }
            boolean deletedTimes = to == DeploymentStatus.PURGING || to == DeploymentStatus.PURGED;
            jdbc.update(
                "UPDATE deployments SET status = ?, updated_at = now(), version = version + 1, stuck_attempts = NULL, data_exists = NULL,"
                    + " last_error = CASE WHEN ? THEN ? ELSE NULL END,"
                    + " deleted_at = CASE WHEN ? THEN deleted_at ELSE NULL END,"
                    + " purge_after = CASE WHEN ? THEN purge_after ELSE NULL END"
                    + " WHERE id = ?",
                to.name(), to == DeploymentStatus.FAILED, reason, deletedTimes, deletedTimes, id);
            appendHistory(id, current.status, to, current.phase, actor, reason);
          });
    } catch (DuplicateKeyException e) {
      throw new StoreException(
          FailureTypes.NAME_TAKEN, "the deployment's name is now held by another live deployment; it cannot become " + to);
    }
  }

  /** DELETED, with its deletion times, ports retained. Idempotent: returns the first purge time. */
  public Instant markDeleted(UUID id, Duration retention, String actor, String reason) {
    return tx.execute(
        s -> {
          Current current = lockCurrent(id);
          if (current.status != DeploymentStatus.DELETED) {
            if (!current.status.canBecome(DeploymentStatus.DELETED)) {
              throw new StoreException(
                  FailureTypes.ILLEGAL_TRANSITION, "a " + current.status + " deployment cannot become DELETED");
            }
            jdbc.update(
                "UPDATE deployments SET status = 'DELETED', phase = ?, updated_at = now(), version = version + 1, stuck_attempts = NULL, last_error = NULL,"
                    + " deleted_at = now(), purge_after = now() + make_interval(secs => ?) WHERE id = ?",
                Phase.RETENTION.name(), (double) retention.toMillis() / 1000.0, id);
            jdbc.update("UPDATE port_allocations SET state = 'RETAINED' WHERE deployment_id = ?", id);
            // A deleted deployment's data is retained for the window: no push-out may touch it.
            jdbc.update("DELETE FROM kept_failures WHERE deployment_id = ?", id);
            appendHistory(id, current.status, DeploymentStatus.DELETED, Phase.RETENTION, actor, reason);
          }
          return jdbc.queryForObject("SELECT purge_after FROM deployments WHERE id = ?", Timestamp.class, id).toInstant();
        });
  }

  public void recordImagePulled(UUID id) {
    jdbc.update("UPDATE deployments SET image_pulled = true WHERE id = ?", id);
  }

  /**
   * Allocates the host ports the deployment lacks, lowest free first. Allocation on one host is
   * serialised by an advisory lock, so two deployments never race for a port. Idempotent.
   */
  public List<PortAssignment> allocatePorts(UUID id, int revision, String attempt, int low, int high) {
    return tx.execute(
        s -> {
          DeploymentRecord record = loadRevision(id, revision);
          String host = record.host();
          jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtext(?))::text", String.class, "ports:" + host);
          Map<String, PortAssignment> held = new LinkedHashMap<>();
          for (PortAssignment p : portsOf(id, revision)) {
            held.put(p.replica() + "/" + p.portName(), p);
          }
          List<String[]> missing = new ArrayList<>();
          for (int r = 0; r < record.spec().replicaCount(); r++) {
            for (DeploymentSpec.PortSpec port : record.spec().ports()) {
              if (!held.containsKey(r + "/" + port.name())) {
                missing.add(new String[] {Integer.toString(r), port.name()});
              }
            }
          }
          // Ports retained through a delete serve again once the deployment is started.
          jdbc.update(
              "UPDATE port_allocations SET state = 'ALLOCATED' WHERE deployment_id = ? AND revision = ? AND state = 'RETAINED'",
              id, revision);
          if (missing.isEmpty()) {
            return portsOf(id, revision);
          }
          List<Integer> free =
              jdbc.queryForList(
                  "SELECT p FROM generate_series(?, ?) p WHERE NOT EXISTS"
                      + " (SELECT 1 FROM port_allocations a WHERE a.host = ? AND a.port = p) ORDER BY p LIMIT ?",
                  Integer.class, low, high, host, missing.size());
          if (free.size() < missing.size()) {
            throw new StoreException(
                FailureTypes.PORTS_EXHAUSTED,
                "the port pool " + low + "-" + high + " on host " + host + " has " + free.size()
                    + " free ports; this deployment needs " + missing.size()
                    + ". Purge deleted deployments or widen decommission.ports.range.");
          }
          List<Object[]> rows = new ArrayList<>();
          for (int i = 0; i < missing.size(); i++) {
            rows.add(new Object[] {host, free.get(i), id, revision, attempt, Integer.parseInt(missing.get(i)[0]), missing.get(i)[1]});
          }
          jdbc.batchUpdate(
              "INSERT INTO port_allocations (host, port, deployment_id, revision, attempt, replica, port_name) VALUES (?, ?, ?, ?, ?, ?, ?)",
              rows);
          return portsOf(id, revision);
        });
  }

  public List<PortAssignment> portsOf(UUID id, int revision) {
    return jdbc.query(
        "SELECT replica, port_name, port FROM port_allocations WHERE deployment_id = ? AND revision = ? ORDER BY replica, port_name",
        (rs, n) -> new PortAssignment(rs.getInt("replica"), rs.getString("port_name"), rs.getInt("port")),
        id, revision);
  }

  public void recordReplicas(UUID id, int revision, List<ReplicaInfo> replicas) {
    tx.executeWithoutResult(
        s -> {
          jdbc.update("DELETE FROM replicas WHERE deployment_id = ? AND revision = ?", id, revision);
          List<Object[]> rows = new ArrayList<>();
          for (ReplicaInfo r : replicas) {
            rows.add(new Object[] {id, revision, r.index(), r.containerId(), r.containerName()});
          }
          jdbc.batchUpdate(
              "INSERT INTO replicas (deployment_id, revision, idx, container_id, container_name) VALUES (?, ?, ?, ?, ?)", rows);
        });
  }

  /** One batch update of every replica's state. */
  public void setReplicaStates(UUID id, String state) {
    jdbc.update("UPDATE replicas SET state = ?, updated_at = now() WHERE deployment_id = ?", state, id);
  }

  /** Merges receipt lines into the deployment's receipt, one line per artifact. */
  public void recordOutcomes(UUID id, List<ArtifactOutcome> outcomes) {
    if (outcomes.isEmpty()) {
      return;
    }
    tx.executeWithoutResult(
        s -> {
          Map<String, ArtifactOutcome> items = lockReceipt(id);
          for (ArtifactOutcome o : outcomes) {
            items.put(o.key(), ArtifactOutcome.merge(items.get(o.key()), o));
          }
          jdbc.update(
              "UPDATE deletion_receipts SET items = ?::jsonb WHERE deployment_id = ?", Json.write(items.values()), id);
        });
  }

  /** Whether the purge may remove the image: pulled by us and used by no other unpurged deployment. */
  public boolean imageRemovable(UUID id, String image) {
    return org.decommission.domain.ImagePolicy.decide(imagePulled(id), imageUsedElsewhere(id, image)).remove();
  }

  /** Whether a deployment other than {@code id} that is not purged uses the image. */
  public boolean imageUsedElsewhere(UUID id, String image) {
    Integer others =
        jdbc.queryForObject(
            "SELECT count(*) FROM deployments WHERE id <> ? AND status <> 'PURGED' AND spec->>'image' = ?",
            Integer.class, id, image);
    return others > 0;
  }

  /**
   * What the database knows for a deletion plan; Docker's view is added by the caller. Empty when
   * the deployment does not exist.
   */
  public Optional<DeletionPlan.Facts> planFacts(UUID id, List<String> observedContainers, List<String> observedVolumes) {
    return view(id).map(v -> new DeletionPlan.Facts(
        v.id(), v.status(), v.host(), v.spec(),
        v.replicas().stream().map(DeploymentView.Replica::containerName).toList(),
        observedContainers,
        v.volumes().stream().map(x -> new DeletionPlan.RecordedVolume(x.dockerName(), DeploymentSpec.VolumeScope.valueOf(x.scope()))).toList(),
        observedVolumes,
        v.ports().stream().map(DeploymentView.Port::hostPort).toList(),
        imagePulled(id),
        imageUsedElsewhere(id, v.spec().image())));
  }

  public boolean imagePulled(UUID id) {
    return Boolean.TRUE.equals(jdbc.queryForObject("SELECT image_pulled FROM deployments WHERE id = ?", Boolean.class, id));
  }

  /** Deletes the deployment's port rows and returns one receipt line per port released. */
  public List<ArtifactOutcome> releasePorts(UUID id) {
    return releasePortsWhere("", id, "allocation released");
  }

  /** Releases what one deploy attempt allocated (its compensation). */
  public List<ArtifactOutcome> releaseAttemptPorts(UUID id, String attempt) {
    return releasePortsWhere(" AND attempt = ?", id, "allocated by the failed attempt; released", attempt);
  }

  /** Releases the ports of a revision an update replaced. */
  public List<ArtifactOutcome> releaseRevisionPorts(UUID id, int revision) {
    return releasePortsWhere(" AND revision = ?", id, "held by the replaced revision " + revision + "; released", revision);
  }

  private List<ArtifactOutcome> releasePortsWhere(String condition, UUID id, String detail, Object... more) {
    List<Object> args = new ArrayList<>();
    args.add(id);
    args.addAll(List.of(more));
    List<ArtifactOutcome> lines = new ArrayList<>();
    jdbc.query(
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

  /**
   * PURGED: the receipt gets an ALREADY_GONE line for each recorded container or scoped volume
   * nothing removed, and is closed; replica and volume rows go; the deployment row stays as a
   * tombstone. One transaction; idempotent.
   */
  public void completePurge(UUID id, String actor, String reason) {
    tx.executeWithoutResult(
        s -> {
          Current current = lockCurrent(id);
          if (current.status == DeploymentStatus.PURGED) {
            return;
          }
          if (!current.status.canBecome(DeploymentStatus.PURGED)) {
            throw new StoreException(
                FailureTypes.ILLEGAL_TRANSITION, "a " + current.status + " deployment cannot become PURGED");
          }
          Map<String, ArtifactOutcome> items = lockReceipt(id);
          jdbc.query(
              "SELECT container_name FROM replicas WHERE deployment_id = ?",
              rs -> {
                addIfAbsent(items, ArtifactOutcome.Kind.CONTAINER, rs.getString(1));
              },
              id);
          jdbc.query(
              "SELECT docker_name FROM volumes WHERE deployment_id = ? AND scope <> 'SHARED'",
              rs -> {
                addIfAbsent(items, ArtifactOutcome.Kind.VOLUME, rs.getString(1));
              },
              id);
          jdbc.update(
              "UPDATE deletion_receipts SET items = ?::jsonb, completed_at = now() WHERE deployment_id = ?",
              Json.write(items.values()), id);
          jdbc.update("DELETE FROM replicas WHERE deployment_id = ?", id);
          jdbc.update("DELETE FROM volumes WHERE deployment_id = ?", id);
          jdbc.update("DELETE FROM port_allocations WHERE deployment_id = ?", id);
          jdbc.update(
              "UPDATE deployments SET status = 'PURGED', stuck_attempts = NULL, phase = ?, updated_at = now(), purged_at = now(), version = version + 1 WHERE id = ?",
              Phase.WRITE_RECEIPT.name(), id);
          appendHistory(id, current.status, DeploymentStatus.PURGED, Phase.WRITE_RECEIPT, actor, reason);
        });
  }

  private static void addIfAbsent(Map<String, ArtifactOutcome> items, ArtifactOutcome.Kind kind, String name) {
    ArtifactOutcome gone =
        Outcomes.now(kind, name, ArtifactOutcome.Outcome.ALREADY_GONE, "not found on the host when removed");
    items.putIfAbsent(gone.key(), gone);
  }

  // ---- helpers ---------------------------------------------------------------------------

  private record Current(DeploymentStatus status, Phase phase) {}

  private Current lockCurrent(UUID id) {
    List<Current> rows =
        jdbc.query(
            "SELECT status, phase FROM deployments WHERE id = ? FOR UPDATE",
            (rs, n) -> new Current(DeploymentStatus.valueOf(rs.getString(1)), phase(rs.getString(2))),
            id);
    if (rows.isEmpty()) {
      throw new StoreException(FailureTypes.DEPLOYMENT_NOT_FOUND, "no deployment " + id);
    }
    return rows.get(0);
  }

  /** The receipt's lines by artifact, locked; the receipt row is made on first use. */
  private Map<String, ArtifactOutcome> lockReceipt(UUID id) {
    jdbc.update(
        "INSERT INTO deletion_receipts (deployment_id, deployment_name, owner, host)"
            + " SELECT id, name, owner, host FROM deployments WHERE id = ? ON CONFLICT (deployment_id) DO NOTHING",
        id);
    String json = jdbc.queryForObject("SELECT items FROM deletion_receipts WHERE deployment_id = ? FOR UPDATE", String.class, id);
    Map<String, ArtifactOutcome> items = new LinkedHashMap<>();
    for (ArtifactOutcome o : Json.read(json, OUTCOMES)) {
      items.put(o.key(), o);
    }
    return items;
  }

  private void appendHistory(UUID id, DeploymentStatus from, DeploymentStatus to, Phase phase, String actor, String reason) {
    jdbc.update(
        "INSERT INTO status_history (deployment_id, old_status, new_status, phase, actor, reason) VALUES (?, ?, ?, ?, ?, ?)",
        id, from == null ? null : from.name(), to.name(), phase == null ? null : phase.name(), actor, reason);
  }

  private static final RowMapper<DeploymentRecord> RECORD =
      (rs, n) ->
          new DeploymentRecord(
              rs.getString("id"),
              rs.getString("owner"),
              Json.read(rs.getString("spec"), DeploymentSpec.class),
              DeploymentStatus.valueOf(rs.getString("status")),
              phase(rs.getString("phase")),
              rs.getString("host"),
              rs.getInt("revision"),
              instant(rs, "purge_after"));

  private static final String VIEW_SELECT =
      "SELECT d.id, d.name, d.owner, d.status, d.phase, d.host, d.revision, d.last_error, d.stuck_attempts, d.data_exists, d.spec, d.deletion_protection, d.created_at,"
          + " d.updated_at, d.deleted_at, d.purge_after, d.purged_at FROM deployments d";

  private DeploymentView viewRow(ResultSet rs, boolean withHistory) throws SQLException {
    UUID id = UUID.fromString(rs.getString("id"));
    List<DeploymentView.Replica> replicas =
        jdbc.query(
            "SELECT idx, revision, container_id, container_name, state FROM replicas WHERE deployment_id = ? ORDER BY revision, idx",
            (r, n) -> new DeploymentView.Replica(r.getInt(1), r.getInt(2), r.getString(3), r.getString(4), r.getString(5)),
            id);
    List<DeploymentView.Port> ports =
        jdbc.query(
            "SELECT replica, port_name, port, state, revision FROM port_allocations WHERE deployment_id = ? ORDER BY revision, replica, port_name",
            (r, n) -> new DeploymentView.Port(r.getInt(1), r.getString(2), r.getInt(3), r.getString(4), r.getInt(5)),
            id);
    List<DeploymentView.Volume> volumes =
        jdbc.query(
            "SELECT name, docker_name, replica, mount_path, scope FROM volumes WHERE deployment_id = ? ORDER BY name, replica",
            (r, n) -> new DeploymentView.Volume(r.getString(1), r.getString(2), (Integer) r.getObject(3), r.getString(4), r.getString(5)),
            id);
    List<DeploymentView.HistoryEntry> history = withHistory ? history(id, 0) : List.of();
    return new DeploymentView(
        id.toString(),
        rs.getString("name"),
        rs.getString("owner"),
        DeploymentStatus.valueOf(rs.getString("status")),
        phase(rs.getString("phase")),
        rs.getString("host"),
        rs.getInt("revision"),
        rs.getString("last_error"),
        (Integer) rs.getObject("stuck_attempts"),
        (Boolean) rs.getObject("data_exists"),
        rs.getBoolean("deletion_protection"),
        Json.read(rs.getString("spec"), DeploymentSpec.class),
        replicas,
        ports,
        volumes,
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "deleted_at"),
        instant(rs, "purge_after"),
        instant(rs, "purged_at"),
        history);
  }

  /** History rows of one deployment after the given row id, oldest first. */
  public List<DeploymentView.HistoryEntry> history(UUID id, long afterId) {
    return jdbc.query(
        "SELECT id, old_status, new_status, phase, actor, reason, at FROM status_history"
            + " WHERE deployment_id = ? AND id > ? ORDER BY id",
        (r, n) ->
            new DeploymentView.HistoryEntry(
                r.getLong(1),
                r.getString(2) == null ? null : DeploymentStatus.valueOf(r.getString(2)),
                DeploymentStatus.valueOf(r.getString(3)),
                phase(r.getString(4)),
                r.getString(5),
                r.getString(6),
                instant(r, "at")),
        id, afterId);
  }

  private static Phase phase(String value) {
    return value == null ? null : Phase.valueOf(value);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
