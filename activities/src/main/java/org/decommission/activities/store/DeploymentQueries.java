package org.decommission.activities.store;

import static org.decommission.activities.store.Sql.instant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.decommission.domain.DeletionPlan;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.ImagePolicy;
import org.decommission.domain.ImageRef;
import org.decommission.domain.Phase;
import org.decommission.domain.PullProgress;
import org.decommission.domain.Reservation;
import org.decommission.workflow.StoreActivities.ImageVerdict;
import org.springframework.jdbc.core.RowMapper;

/**
 * The read side: deployments as the API shows them, the facts of a deletion plan, and the checks
 * the API makes before it hands a request to a workflow. Changes nothing.
 */
public class DeploymentQueries {
  private static final String VIEW_SELECT =
      "SELECT d.id, d.name, d.owner, d.status, d.phase, d.host, d.revision, d.last_error, d.stuck_attempts, d.data_exists, d.spec,"
          + " d.deletion_protection, d.created_at, d.updated_at, d.deleted_at, d.purge_after, d.purged_at FROM deployments d";

  /** The deployment row alone; its replicas, ports, volumes and history are added by {@link #views}. */
  private static final RowMapper<DeploymentView> ROW =
      (rs, n) ->
          new DeploymentView(
              rs.getString("id"),
              rs.getString("name"),
              rs.getString("owner"),
              DeploymentStatus.valueOf(rs.getString("status")),
              Sql.phase(rs.getString("phase")),
              rs.getString("host"),
              rs.getInt("revision"),
              rs.getString("last_error"),
              (Integer) rs.getObject("stuck_attempts"),
              (Boolean) rs.getObject("data_exists"),
              rs.getBoolean("deletion_protection"),
              Json.read(rs.getString("spec"), DeploymentSpec.class),
              List.of(),
              List.of(),
              List.of(),
              Reservation.NONE,
              null,
              instant(rs, "created_at"),
              instant(rs, "updated_at"),
              instant(rs, "deleted_at"),
              instant(rs, "purge_after"),
              instant(rs, "purged_at"),
              List.of(),
              null);

  private final Sql sql;
  private final HistoryStore history;
  private final CapacityLedger capacity;
  private final PulledImages pulls;

  public DeploymentQueries(DataSource dataSource) {
    this.sql = new Sql(dataSource);
    this.history = new HistoryStore(dataSource);
    this.capacity = new CapacityLedger(dataSource);
    this.pulls = new PulledImages(dataSource);
  }

  /** One deployment with replicas, ports, volumes and history; empty when absent. */
  public Optional<DeploymentView> view(UUID id) {
    return views(sql.jdbc.query(VIEW_SELECT + " WHERE d.id = ?", ROW, id), true).stream().findFirst();
  }

  /**
   * Deployments, newest first, of one owner or (owner null) of everyone; without history. At most six
   * queries however many rows: the deployments, then their replicas, ports, volumes and capacity
   * holds at once, and the pull progress of those in PULL_IMAGE.
   */
  public List<DeploymentView> list(String owner, int limit) {
    List<DeploymentView> rows =
        owner == null
            ? sql.jdbc.query(VIEW_SELECT + " ORDER BY d.created_at DESC LIMIT ?", ROW, limit)
            : sql.jdbc.query(VIEW_SELECT + " WHERE d.owner = ? ORDER BY d.created_at DESC LIMIT ?", ROW, owner, limit);
    return views(rows, false);
  }

  /** The rows with their replicas, ports and volumes, each read for all rows in one query. */
  private List<DeploymentView> views(List<DeploymentView> rows, boolean withHistory) {
    if (rows.isEmpty()) {
      return rows;
    }
    List<UUID> ids = rows.stream().map(v -> UUID.fromString(v.id())).toList();
    Map<String, List<DeploymentView.Replica>> replicas =
        byDeployment(
            "SELECT deployment_id, idx, revision, container_id, container_name, state FROM replicas"
                + " WHERE deployment_id = ANY(?) ORDER BY revision, idx",
            ids, (r, n) -> new DeploymentView.Replica(r.getInt(2), r.getInt(3), r.getString(4), r.getString(5), r.getString(6)));
    Map<String, List<DeploymentView.Port>> ports =
        byDeployment(
            "SELECT deployment_id, replica, port_name, port, state, revision FROM port_allocations"
                + " WHERE deployment_id = ANY(?) ORDER BY revision, replica, port_name",
            ids, (r, n) -> new DeploymentView.Port(r.getInt(2), r.getString(3), r.getInt(4), r.getString(5), r.getInt(6)));
    Map<String, List<DeploymentView.Volume>> volumes =
        byDeployment(
            "SELECT deployment_id, name, docker_name, replica, mount_path, scope FROM volumes"
                + " WHERE deployment_id = ANY(?) ORDER BY name, replica",
            ids, (r, n) -> new DeploymentView.Volume(r.getString(2), r.getString(3), (Integer) r.getObject(4), r.getString(5), r.getString(6)));
    Map<String, List<Reservation>> reserved =
        byDeployment(
            "SELECT deployment_id, sum(cpu_millis), sum(memory_mib), sum(storage_gib) FROM capacity_holds"
                + " WHERE deployment_id = ANY(?) GROUP BY deployment_id",
            ids, (r, n) -> new Reservation(r.getLong(2), r.getLong(3), r.getLong(4)));
    List<UUID> pulling = rows.stream().filter(v -> v.phase() == Phase.PULL_IMAGE).map(v -> UUID.fromString(v.id())).toList();
    Map<String, PullProgress> progress = pulling.isEmpty() ? Map.of() : history.latestProgress(pulling);
    return rows.stream()
        .map(v -> v.with(
            replicas.getOrDefault(v.id(), List.of()),
            ports.getOrDefault(v.id(), List.of()),
            volumes.getOrDefault(v.id(), List.of()),
            reserved.getOrDefault(v.id(), List.of(Reservation.NONE)).get(0),
            progress.get(v.id()),
            withHistory ? history.history(UUID.fromString(v.id()), 0) : List.of()))
        .toList();
  }

  /** The rows of a child table for all the deployments, by deployment id, in the query's order. */
  private <T> Map<String, List<T>> byDeployment(String select, List<UUID> ids, RowMapper<T> mapper) {
    Map<String, List<T>> result = new HashMap<>();
    sql.jdbc.query(select, Sql.anyOf(ids), rs -> {
      result.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(mapper.mapRow(rs, 0));
    });
    return result;
  }

  /**
   * What the database knows for a deletion plan; Docker's view is added by the caller. Empty when
   * the deployment does not exist.
   */
  public Optional<DeletionPlan.Facts> planFacts(
      UUID id, List<String> observedContainers, List<String> observedVolumes, List<String> observedNetworks) {
    return view(id).map(v -> facts(v, imageUse(id), observedContainers, observedVolumes, observedNetworks));
  }

  private DeletionPlan.Facts facts(
      DeploymentView v, ImageUse image, List<String> observedContainers, List<String> observedVolumes, List<String> observedNetworks) {
    UUID id = UUID.fromString(v.id());
    return new DeletionPlan.Facts(
        v.id(), v.status(), v.host(), v.spec(),
        v.replicas().stream().map(DeploymentView.Replica::containerName).toList(),
        observedContainers,
        v.volumes().stream().map(x -> new DeletionPlan.RecordedVolume(x.dockerName(), DeploymentSpec.VolumeScope.valueOf(x.scope()))).toList(),
        observedVolumes,
        observedNetworks,
        v.ports().stream().map(DeploymentView.Port::hostPort).toList(),
        image.pulledHere(),
        image.usedBy(),
        capacity.held(id));
  }

  /**
   * Whether the purge removes the deployment's image, by {@link ImagePolicy}: only when this
   * installation pulled it onto the deployment's host and no other deployment there that is not
   * purged uses it.
   *
   * @throws StoreException {@code DeploymentNotFound} when no row exists
   */
  public ImageVerdict imageVerdict(UUID id) {
    ImageUse use = imageUse(id);
    ImagePolicy.Decision decision = ImagePolicy.decide(use.pulledHere(), use.usedBy());
    return new ImageVerdict(use.image(), decision.remove(), decision.reason());
  }

  /** The deployment's image, whether this installation pulled it onto its host, and who else there uses it. */
  private record ImageUse(String image, boolean pulledHere, List<String> usedBy) {}

  private ImageUse imageUse(UUID id) {
    Map<String, Object> row = sql.jdbc.queryForList("SELECT spec->>'image' AS image, host, image_pulled FROM deployments WHERE id = ?", id)
        .stream().findFirst().orElseThrow(() -> DeploymentStore.notFound(id));
    String image = (String) row.get("image");
    String host = (String) row.get("host");
    String ref = ImageRef.withDefaultTag(image);
    boolean pulled = Boolean.TRUE.equals(row.get("image_pulled")) || pulls.pulledId(host, ref).isPresent();
    List<String> usedBy = sql.jdbc.queryForList(
        "SELECT name || ' (' || id || ', ' || lower(status) || ')' FROM deployments WHERE id <> ? AND host = ? AND status <> 'PURGED'"
            + " AND spec->>'image' IN (?, ?) ORDER BY created_at LIMIT 5",
        String.class, id, host, image, ref);
    return new ImageUse(image, pulled, usedBy);
  }

  /** Whether another live deployment, anyone's, serves {@code spec}'s route host. */
  public boolean routeHostHeldByOther(DeploymentSpec spec, UUID id) {
    String host = RouteHosts.of(spec);
    return host != null && sql.jdbc.queryForObject(
        "SELECT count(*) FROM deployments WHERE route_host = ? AND id <> ? AND " + Sql.HOLDS_NAME,
        Integer.class, host, id) > 0;
  }

  /**
   * Whether another live deployment of the same owner holds the name (a restore would collide
   * with it). Names are each owner's own.
   */
  public boolean nameHeldByOther(String name, UUID id) {
    Integer n =
        sql.jdbc.queryForObject(
            "SELECT count(*) FROM deployments d WHERE d.name = ? AND d.id <> ? AND d." + Sql.HOLDS_NAME
                + " AND d.owner = (SELECT owner FROM deployments WHERE id = ?)",
            Integer.class, name, id, id);
    return n > 0;
  }
}
