package org.decommission.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a delete and then a purge would do to each artifact of a deployment, computed by pure code
 * from {@link Facts} ({@link #of}); nothing is changed by computing it. Its {@link #etag()} is a
 * hash of the items, so a DELETE with {@code If-Match} deletes exactly the plan the operator saw.
 */
public record DeletionPlan(String deploymentId, DeploymentStatus status, List<Item> items, String etag) {

  /** When an artifact goes: at the soft delete, or at the purge. */
  public enum Stage {
    DELETE,
    PURGE
  }

  public enum Action {
    REMOVE,
    SNAPSHOT,
    RETAIN,
    RELEASE
  }

  /** One artifact and what will happen to it, and why. */
  public record Item(ArtifactOutcome.Kind kind, String name, Stage stage, Action action, String reason) {}

  /** A volume the database records for the deployment. */
  public record RecordedVolume(String dockerName, DeploymentSpec.VolumeScope scope) {}

  /**
   * What the plan is computed from: the database's records and what Docker shows under the
   * deployment's label ({@code observed*} are null when the host was not asked).
   */
  public record Facts(
      String deploymentId,
      DeploymentStatus status,
      String host,
      DeploymentSpec spec,
      List<String> recordedContainers,
      List<String> observedContainers,
      List<RecordedVolume> recordedVolumes,
      List<String> observedVolumes,
      List<String> observedNetworks,
      List<Integer> ports,
      boolean imagePulled,
      /** Other deployments on the host that are not purged and use the image. */
      List<String> imageUsedBy,
      Reservation held) {}

  public static DeletionPlan of(Facts f) {
    return of(f, Naming.routeFileName(f.deploymentId()));
  }

  /** The plan, its route named {@code routeName}, as the configured route provider names it. */
  public static DeletionPlan of(Facts f, String routeName) {
    boolean deleted = f.status() == DeploymentStatus.DELETED || f.status() == DeploymentStatus.PURGING;
    List<Item> items = new ArrayList<>();

    // Containers: the recorded replicas (unless the delete already removed them) and whatever
    // carries the deployment's label on the host. Removed by the delete, or by the purge if
    // something brought them back after it.
    TreeMap<String, String> containers = new TreeMap<>();
    if (!deleted) {
      f.recordedContainers().forEach(c -> containers.put(c, "a recorded replica"));
    }
    if (f.observedContainers() != null) {
      f.observedContainers().forEach(c -> containers.merge(c, "found on host " + f.host() + " by its label",
          (recorded, found) -> "a recorded replica, on host " + f.host()));
    }
    containers.forEach((name, why) -> items.add(new Item(ArtifactOutcome.Kind.CONTAINER, name,
        deleted ? Stage.PURGE : Stage.DELETE, Action.REMOVE, why)));
    if (!deleted && f.spec().route() != null) {
      items.add(new Item(ArtifactOutcome.Kind.ROUTE, routeName, Stage.DELETE, Action.REMOVE,
          "the route to " + f.spec().route().host() + " is withdrawn before the replicas stop"));
    }

    TreeSet<String> owned = new TreeSet<>();
    TreeSet<String> shared = new TreeSet<>();
    for (RecordedVolume v : f.recordedVolumes()) {
      (v.scope().ownedByDeployment() ? owned : shared).add(v.dockerName());
    }
    if (f.observedVolumes() != null) {
      owned.addAll(f.observedVolumes());
    }
    // The policy of the volumes the deployment owns; shared ones come from the records above.
    VolumePurge policy = VolumePurge.of(f.deploymentId(), null, f.spec(), false);
    for (String v : owned) {
      if (policy.snapshot().contains(v)) {
        items.add(new Item(ArtifactOutcome.Kind.VOLUME, v, Stage.PURGE, Action.SNAPSHOT,
            "archived to <data dir>/snapshots/" + f.deploymentId() + "/ by the purge, then removed (onDelete SNAPSHOT)"));
      } else if (policy.retains(v)) {
        String why = policy.retain().stream().filter(r -> r.name().equals(v)).findFirst().orElseThrow().reason();
        items.add(new Item(ArtifactOutcome.Kind.VOLUME, v, Stage.PURGE, Action.RETAIN, why));
      } else {
        items.add(new Item(ArtifactOutcome.Kind.VOLUME, v, Stage.PURGE, Action.REMOVE,
            "kept through the soft-delete window, removed by the purge"));
      }
    }
    shared.forEach(v -> items.add(new Item(ArtifactOutcome.Kind.VOLUME, v, Stage.PURGE, Action.RETAIN,
        VolumePurge.SHARED_REASON)));

    // The deployment's network: what Docker shows under its label, or, when the host was not
    // asked, the one its spec gives it. Kept through the window, so a restore finds it.
    TreeSet<String> networks = new TreeSet<>();
    if (f.observedNetworks() != null) {
      networks.addAll(f.observedNetworks());
    } else if (!f.spec().hostNetwork()) {
      networks.add(Naming.networkName(f.deploymentId()));
    }
    networks.forEach(n -> items.add(new Item(ArtifactOutcome.Kind.NETWORK, n, Stage.PURGE, Action.REMOVE,
        "the deployment's own network; kept through the soft-delete window, removed by the purge once its containers are gone")));

    ImagePolicy.Decision image = ImagePolicy.decide(f.imagePulled(), f.imageUsedBy());
    items.add(new Item(ArtifactOutcome.Kind.IMAGE, f.spec().image(), Stage.PURGE,
        image.remove() ? Action.REMOVE : Action.RETAIN, image.reason()));
    items.add(new Item(ArtifactOutcome.Kind.WORKDIR, Naming.workdirName(f.deploymentId()), Stage.PURGE, Action.REMOVE,
        "the deployment's work directory"));
    f.ports().stream().sorted().forEach(p -> items.add(new Item(ArtifactOutcome.Kind.PORT, Naming.portName(f.host(), p),
        Stage.PURGE, Action.RELEASE, "held through the soft-delete window, released by the purge")));

    Reservation held = f.held() == null ? Reservation.NONE : f.held();
    if (!deleted && !held.compute().isEmpty()) {
      items.add(new Item(ArtifactOutcome.Kind.CAPACITY, Naming.capacityName(f.host(), false), Stage.DELETE, Action.RELEASE,
          held.compute().describe() + " of the host's capacity, released when the containers are removed"));
    }
    if (held.storageGib() > 0) {
      items.add(new Item(ArtifactOutcome.Kind.CAPACITY, Naming.capacityName(f.host(), true), Stage.PURGE, Action.RELEASE,
          held.storageGib() + " GiB storage of the host's capacity, held through the soft-delete window with the volumes"));
    }

    items.sort(Comparator.comparing(Item::stage).thenComparing(Item::kind).thenComparing(Item::name));
    return new DeletionPlan(f.deploymentId(), f.status(), List.copyOf(items), etag(items));
  }

  /** A strong entity tag: a hash of what would be done to which artifact. */
  static String etag(List<Item> items) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Item i : items) {
        sha.update((i.stage() + "|" + i.kind() + "|" + i.name() + "|" + i.action() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return "\"" + HexFormat.of().formatHex(sha.digest(), 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
