package org.decommission.activities.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.decommission.domain.Labels;

/** Finds a deployment's objects on a Docker host by their labels: the only way we find them. */
public final class DockerInventory {
  private DockerInventory() {}

  /** The deployment's containers (running ones only unless {@code all}). */
  public static List<Container> containers(DockerClient docker, String deploymentId, boolean all) {
    return docker
        .listContainersCmd()
        .withShowAll(all)
        .withLabelFilter(Map.of(Labels.MANAGED, "true", Labels.DEPLOYMENT_ID, deploymentId))
        .exec();
  }

  /** The names of the deployment's containers, without Docker's leading slash. */
  public static List<String> containerNames(DockerClient docker, String deploymentId) {
    return containers(docker, deploymentId, true).stream().map(DockerInventory::name).sorted().toList();
  }

  /** The names of the volumes the deployment owns (deployment or replica scope; never shared ones). */
  public static List<String> ownedVolumes(DockerClient docker, String deploymentId) {
    return volumes(docker, List.of(Labels.managedFilter(), Labels.DEPLOYMENT_ID + "=" + deploymentId, Labels.SCOPE + "=deployment"));
  }

  /** The names of the deployment's volumes that one deploy attempt created. */
  public static List<String> attemptVolumes(DockerClient docker, String deploymentId, String attempt) {
    return volumes(
        docker,
        List.of(Labels.managedFilter(), Labels.DEPLOYMENT_ID + "=" + deploymentId, Labels.SCOPE + "=deployment", Labels.ATTEMPT + "=" + attempt));
  }

  /** The deployment's containers of one revision, running or not. */
  public static List<Container> revisionContainers(DockerClient docker, String deploymentId, int revision) {
    return docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(Labels.MANAGED, "true", Labels.DEPLOYMENT_ID, deploymentId, Labels.REVISION, Integer.toString(revision)))
        .exec();
  }

  private static List<String> volumes(DockerClient docker, List<String> labelFilters) {
    List<InspectVolumeResponse> volumes = docker.listVolumesCmd().withFilter("label", labelFilters).exec().getVolumes();
    return volumes == null ? List.of() : volumes.stream().map(InspectVolumeResponse::getName).sorted().toList();
  }

  /** Every container we manage on the host, running or not. */
  public static List<Container> hostContainers(DockerClient docker, String host) {
    return docker.listContainersCmd().withShowAll(true).withLabelFilter(Labels.ofHost(host)).exec();
  }

  /** The network of exactly this name, whoever's it is (Docker's name filter also matches parts of names). */
  public static Optional<Network> network(DockerClient docker, String name) {
    return docker.listNetworksCmd().withNameFilter(name).exec().stream().filter(n -> name.equals(n.getName())).findFirst();
  }

  /** The deployment's networks (of one deploy attempt, unless {@code attempt} is null). */
  public static List<Network> networks(DockerClient docker, String deploymentId, String attempt) {
    List<String> labels = new ArrayList<>(List.of(Labels.managedFilter(), Labels.DEPLOYMENT_ID + "=" + deploymentId));
    if (attempt != null) {
      labels.add(Labels.ATTEMPT + "=" + attempt);
    }
    return docker.listNetworksCmd().withFilter("label", labels).exec();
  }

  /** The names of the deployment's networks. */
  public static List<String> networkNames(DockerClient docker, String deploymentId) {
    return networks(docker, deploymentId, null).stream().map(Network::getName).sorted().toList();
  }

  /** Every network we manage on the host. */
  public static List<Network> hostNetworks(DockerClient docker, String host) {
    return docker.listNetworksCmd().withFilter("label", List.of(Labels.managedFilter(), Labels.HOST + "=" + host)).exec();
  }

  /** A container's name, without Docker's leading slash. */
  public static String name(Container c) {
    return c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId();
  }
}
