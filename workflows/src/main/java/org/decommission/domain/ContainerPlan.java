package org.decommission.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything CREATE_CONTAINERS needs to create the replicas of one revision, computed from the
 * spec and the port allocation by pure code ({@link #of}).
 *
 * @param network the bridge network the replicas join; null: the host's network
 * @param limits each replica's cpu, memory and pids limits; null (a spec from before resources):
 *     none
 */
public record ContainerPlan(
    String deploymentId, String host, int revision, String image, List<String> command, String network, Resources limits,
    List<Replica> replicas) {

  /**
   * One replica container to create. {@code published}: each of its container ports and the host
   * port it is published on (on the host's network the app listens on the host port itself).
   */
  public record Replica(
      int index, String name, Map<String, String> env, List<Mount> mounts, Map<String, String> labels, List<Published> published) {}

  /** A named Docker volume mounted at a path, or a host directory bound at a path. */
  public record Mount(String source, String target, boolean volume) {}

  /** A container port published on a host port. */
  public record Published(int containerPort, int hostPort) {}

  /** Whether the replicas share the host's network. */
  public boolean hostNetwork() {
    return network == null;
  }

  /**
   * The plan of a revision. On its own network a replica listens on the spec's container ports,
   * each published on the replica's host port, so a stock image needs no {@code $PORT}; on the
   * host's network the host port is the one it must listen on. {@code PORT} (the first port) and
   * {@code PORT_<NAME>} say which, either way.
   *
   * @param owner whose deployment it is: its shared volumes are the owner's
   * @param network the deployment's network, or null for the host's
   */
  public static ContainerPlan of(
      String deploymentId, String owner, String host, int revision, DeploymentSpec spec, List<PortAssignment> ports, String workdir,
      String network) {
    List<Replica> replicas = new ArrayList<>();
    for (int i = 0; i < spec.replicaCount(); i++) {
      Map<String, String> env = new LinkedHashMap<>(spec.env());
      env.put("DECOMMISSION_DEPLOYMENT_ID", deploymentId);
      env.put("DECOMMISSION_REPLICA", Integer.toString(i));
      List<Published> published = new ArrayList<>();
      boolean first = true;
      for (DeploymentSpec.PortSpec port : spec.ports()) {
        int hostPort = hostPort(ports, i, port.name());
        int listen = network == null ? hostPort : port.containerPort();
        if (first) {
          env.put("PORT", Integer.toString(listen));
          first = false;
        }
        env.put(Naming.portEnv(port.name()), Integer.toString(listen));
        if (network != null) {
          published.add(new Published(port.containerPort(), hostPort));
        }
      }
      List<Mount> mounts = new ArrayList<>();
      for (DeploymentSpec.VolumeSpec v : spec.volumes()) {
        mounts.add(new Mount(Naming.volumeName(deploymentId, owner, v, i), v.mountPath(), true));
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
              Labels.container(deploymentId, revision, host, i),
              published));
    }
    return new ContainerPlan(deploymentId, host, revision, spec.image(), spec.command(), network, spec.resources(), replicas);
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
