package org.decommission.domain;

import java.util.Locale;

/** How Docker objects, files and workflows are named. One place, pure code. */
public final class Naming {
  private Naming() {}

  public static String workflowId(String deploymentId) {
    return "deployment-" + deploymentId;
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

  public static String sharedVolumeName(String volume) {
    return "dcm-shared-" + volume;
  }

  public static String volumeName(String deploymentId, DeploymentSpec.VolumeSpec volume) {
    return volume.scopeOrDefault() == DeploymentSpec.VolumeScope.SHARED
        ? sharedVolumeName(volume.name())
        : scopedVolumeName(deploymentId, volume.name());
  }

  /** The environment variable that carries a named port's host port: {@code PORT_HTTP}. */
  public static String portEnv(String portName) {
    return "PORT_" + portName.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
