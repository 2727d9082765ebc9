package org.decommission.domain;

import java.util.Locale;

/** How Docker objects, files and workflows are named. One place, pure code. */
public final class Naming {
  private Naming() {}

  public static String workflowId(String deploymentId) {
    return "deployment-" + deploymentId;
  }

  /** The reconcile loop of a Docker host. */
  public static String reconcileWorkflowId(String host) {
    return RECONCILE + host;
  }

  public static String hostOfReconcileWorkflow(String workflowId) {
    return workflowId.substring(RECONCILE.length());
  }

  private static final String RECONCILE = "reconcile-";

  /** The workflow that delivers a webhook subscription's events. */
  public static String webhookWorkflowId(String webhookId) {
    return "webhook-" + webhookId;
  }

  public static String shortId(String deploymentId) {
    return deploymentId.replace("-", "").substring(0, 8);
  }

  public static String containerName(String deploymentId, String name, int revision, int replica) {
    return "dcm-" + name + "-" + shortId(deploymentId) + "-r" + revision + "-" + replica;
  }

  public static String scopedVolumeName(String deploymentId, String volume) {
    return "dcm-" + shortId(deploymentId) + "-" + volume;
  }

  /**
   * A shared volume belongs to its owner: another user's volume of the same name is another
   * volume. The owner (a token's subject, any text) is in the name as a readable part and a hash
   * of the whole, so two owners never meet in one name. Null: a name from before shared volumes
   * were owned ({@code dcm-shared-<volume>}), which only a run from then asks for.
   */
  public static String sharedVolumeName(String owner, String volume) {
    if (owner == null) {
      return "dcm-shared-" + volume;
    }
    String readable = owner.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (readable.length() > 20) {
      readable = readable.substring(0, 20);
    }
    return "dcm-shared-" + (readable.isEmpty() ? "" : readable + "-") + ownerHash(owner) + "-" + volume;
  }

  /** Eight hex digits of the owner's SHA-256: its part of a shared volume's name. */
  static String ownerHash(String owner) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(owner.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Docker volume a replica of {@code owner}'s deployment mounts for a volume of the spec. */
  public static String volumeName(String deploymentId, String owner, DeploymentSpec.VolumeSpec volume, int replica) {
    return switch (volume.scopeOrDefault()) {
      case SHARED -> sharedVolumeName(owner, volume.name());
      case DEPLOYMENT -> scopedVolumeName(deploymentId, volume.name());
      case REPLICA -> scopedVolumeName(deploymentId, volume.name()) + "-" + replica;
    };
  }

  /** Every Docker volume a volume of the spec stands for, one per replica for REPLICA scope. */
  public static java.util.List<String> volumeNames(String deploymentId, String owner, DeploymentSpec.VolumeSpec volume, int replicas) {
    if (volume.scopeOrDefault() != DeploymentSpec.VolumeScope.REPLICA) {
      return java.util.List.of(volumeName(deploymentId, owner, volume, 0));
    }
    java.util.List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      names.add(volumeName(deploymentId, owner, volume, i));
    }
    return names;
  }

  /**
   * The deployment's own bridge network. The whole id, not the short one: a network outlives its
   * containers through the deletion window, and two deployments must never meet on one.
   */
  public static String networkName(String deploymentId) {
    return "dcm-net-" + deploymentId;
  }

  /** The work directory, relative to the data dir: how plans and receipts name it. */
  public static String workdirName(String deploymentId) {
    return "work/" + deploymentId;
  }

  /** The route file, relative to the data dir: how plans and receipts name it. */
  public static String routeFileName(String deploymentId) {
    return "routes/" + deploymentId + ".yml";
  }

  private static final String ROUTE_KEY = "dcm-";

  /**
   * The key of a deployment's route in the proxy's configuration: the Traefik router's and
   * service's name, the Caddy route's {@code @id}.
   */
  public static String routeKey(String deploymentId) {
    return ROUTE_KEY + deploymentId;
  }

  /**
   * The deployment whose route a proxy key names, or null when the key is not one of ours (not
   * {@code dcm-} followed by a deployment id).
   */
  public static String deploymentOfRouteKey(String key) {
    if (key == null || !key.startsWith(ROUTE_KEY)) {
      return null;
    }
    String id = key.substring(ROUTE_KEY.length());
    try {
      return java.util.UUID.fromString(id).toString().equals(id) ? id : null;
    } catch (IllegalArgumentException notAnId) {
      return null;
    }
  }

  /**
   * A deployment's share of its host's capacity, as plans and receipts name it: {@code local:
   * cpu, memory} (held while it has containers) or {@code local: storage} (until the purge).
   */
  public static String capacityName(String host, boolean storage) {
    return host + ": " + (storage ? "storage" : "cpu, memory");
  }

  /** A host port, as plans and receipts name it. */
  public static String portName(String host, int port) {
    return host + ":" + port;
  }

  /** The environment variable that carries a named port's host port: {@code PORT_HTTP}. */
  public static String portEnv(String portName) {
    return "PORT_" + portName.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
