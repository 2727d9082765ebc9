package org.decommission.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything CREATE_CONTAINERS needs to create the replicas of one revision, computed from the
 * spec and the port allocation by pure code ({@link #of}).
 */
public record ContainerPlan(
    String deploymentId, String host, int revision, String image, List<String> command, List<Replica> replicas) {

  /** One replica container to create. */
  public record Replica(int index, String name, Map<String, String> env, List<Mount> mounts, Map<String, String> labels) {}

  /** A named Docker volume mounted at a path, or a host directory bound at a path. */
  public record Mount(String source, String target, boolean volume) {}

  public static ContainerPlan of(
      String deploymentId, String host, int revision, DeploymentSpec spec, List<PortAssignment> ports, String workdir) {
    List<Replica> replicas = new ArrayList<>();
    for (int i = 0; i < spec.replicaCount(); i++) {
      Map<String, String> env = new LinkedHashMap<>(spec.env());
      env.put("DECOMMISSION_DEPLOYMENT_ID", deploymentId);
      env.put("DECOMMISSION_REPLICA", Integer.toString(i));
      boolean first = true;
      for (DeploymentSpec.PortSpec port : spec.ports()) {
        int hostPort = hostPort(ports, i, port.name());
        if (first) {
          env.put("PORT", Integer.toString(hostPort));
          first = false;
        }
        env.put(Naming.portEnv(port.name()), Integer.toString(hostPort));
      }
      List<Mount> mounts = new ArrayList<>();
      for (DeploymentSpec.VolumeSpec v : spec.volumes()) {
        mounts.add(new Mount(Naming.volumeName(deploymentId, v, i), v.mountPath(), true));
      }
      if (workdir != null) {
        mounts.add(new Mount(workdir, "/decommission", false));
      }
      replicas.add(
          new Replica(
              i,
              Naming.containerName(deploymentId, spec.name(), revision, i),
              env,
              mounts,
              Labels.container(deploymentId, revision, host, i)));
    }
    return new ContainerPlan(deploymentId, host, revision, spec.image(), spec.command(), replicas);
  }

  /** The host port given to a replica's named port. */
  public static int hostPort(List<PortAssignment> ports, int replica, String portName) {
    return ports.stream()
        .filter(p -> p.replica() == replica && p.portName().equals(portName))
        .mapToInt(PortAssignment::hostPort)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no host port for replica " + replica + " port " + portName));
  }
}
