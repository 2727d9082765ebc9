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

  public static String shortId(String deploymentId) {
    return deploymentId.replace("-", "").substring(0, 8);
  }

  public static String containerName(String deploymentId, String name, int revision, int replica) {
    return "dcm-" + name + "-" + shortId(deploymentId) + "-r" + revision + "-" + replica;
  }

  public static String scopedVolumeName(String deploymentId, String volume) {
    return "dcm-" + shortId(deploymentId) + "-" + volume;
  }

  public static String sharedVolumeName(String volume) {
    return "dcm-shared-" + volume;
  }

  /** The Docker volume a replica mounts for a volume of the spec. */
  public static String volumeName(String deploymentId, DeploymentSpec.VolumeSpec volume, int replica) {
    return switch (volume.scopeOrDefault()) {
      case SHARED -> sharedVolumeName(volume.name());
      case DEPLOYMENT -> scopedVolumeName(deploymentId, volume.name());
      case REPLICA -> scopedVolumeName(deploymentId, volume.name()) + "-" + replica;
    };
  }

  /** Every Docker volume a volume of the spec stands for, one per replica for REPLICA scope. */
  public static java.util.List<String> volumeNames(String deploymentId, DeploymentSpec.VolumeSpec volume, int replicas) {
    if (volume.scopeOrDefault() != DeploymentSpec.VolumeScope.REPLICA) {
      return java.util.List.of(volumeName(deploymentId, volume, 0));
    }
    java.util.List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      names.add(volumeName(deploymentId, volume, i));
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
