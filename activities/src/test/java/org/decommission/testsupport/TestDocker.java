package org.decommission.testsupport;

import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.decommission.activities.docker.DockerClients;
import org.decommission.activities.docker.DockerErrors;
import org.decommission.domain.Labels;

/**
 * The real Docker daemon for integration tests, and the cleanup of what a test created. A test
 * registers every deployment id it creates and every object it makes itself (decoys, shared
 * volumes); {@link #cleanUp()} removes exactly those, found by label or name, and nothing else.
 */
public final class TestDocker implements AutoCloseable {
  /** The local test image built by scripts/build-test-image.sh. */
  public static final String IMAGE = "decommission/testapp:local";
  /** Label on objects a test makes by hand (decoys): the test run that made them. */
  public static final String TEST_LABEL = "decommission.test";

  private final DockerClient docker = DockerClients.connect(null);
  /** Label filters ({@code key=value}) of what clean-up removes: a deployment's objects, or an installation's. */
  private final Set<String> labelFilters = ConcurrentHashMap.newKeySet();
  private final Set<String> volumes = ConcurrentHashMap.newKeySet();
  private final Set<String> containers = ConcurrentHashMap.newKeySet();
  private final Set<String> networks = ConcurrentHashMap.newKeySet();
  private final Set<String> sharedVolumes = ConcurrentHashMap.newKeySet();
  private final Set<String> images = ConcurrentHashMap.newKeySet();
  private final String runId = Long.toHexString(System.nanoTime());

  public TestDocker() {
    if (!imagePresent()) {
      fail("the test image " + IMAGE + " is missing: run scripts/build-test-image.sh (the README's test command does)");
    }
  }

  private boolean imagePresent() {
    try {
      return DockerErrors.findOrEmpty(() -> docker.inspectImageCmd(IMAGE).exec()).isPresent();
    } catch (RuntimeException e) {
      fail("no Docker daemon answers (" + e.getMessage() + "): run scripts/ensure-docker.sh (the README's test command does)");
      return false;
    }
  }

  public DockerClient client() {
    return docker;
  }

  public String runId() {
    return runId;
  }

  /** Labels for an object the test makes by hand. */
  public Map<String, String> testLabels() {
    return Map.of(TEST_LABEL, runId);
  }

  public void track(String deploymentId) {
    labelFilters.add(Labels.DEPLOYMENT_ID + "=" + deploymentId);
  }

  /**
   * Everything an installation of the program made (one on a data dir of the test's own, so the
   * id is the test's alone): removed at clean-up by its installation label.
   */
  public void trackInstallation(String installationId) {
    labelFilters.add(Labels.INSTALLATION + "=" + installationId);
  }

  public void trackVolume(String name) {
    volumes.add(name);
  }

  public void trackContainer(String id) {
    containers.add(id);
  }

  /**
   * A shared volume of the spec name {@code name}, whoever's deployment makes it: at clean-up,
   * every shared volume of that name is removed, whichever owner's name it carries (the name holds
   * the test's run id, so it is only ever the test's own).
   */
  public void trackSharedVolume(String name) {
    sharedVolumes.add(name);
  }

  /** An image the test made: removed at clean-up. */
  public void trackImage(String name) {
    images.add(name);
  }

  /** A network the test made by hand: removed by name at clean-up. */
  public void trackNetwork(String name) {
    networks.add(name);
  }

  /** Names of networks labelled with the deployment id. */
  public List<String> networksOf(String deploymentId) {
    return networksLabelled(Labels.DEPLOYMENT_ID + "=" + deploymentId);
  }

  private List<String> networksLabelled(String filter) {
    return docker.listNetworksCmd().withFilter("label", List.of(filter)).exec().stream()
        .map(com.github.dockerjava.api.model.Network::getName).toList();
  }

  /** Containers (all states) labelled with the deployment id. */
  public List<Container> containersOf(String deploymentId) {
    return containersLabelled(Labels.DEPLOYMENT_ID + "=" + deploymentId);
  }

  private List<Container> containersLabelled(String filter) {
    return docker.listContainersCmd().withShowAll(true).withFilter("label", List.of(filter)).exec();
  }

  /** Names of volumes labelled with the deployment id. */
  public List<String> volumesOf(String deploymentId) {
    return volumesLabelled(Labels.DEPLOYMENT_ID + "=" + deploymentId);
  }

  private List<String> volumesLabelled(String filter) {
    var volumes = docker.listVolumesCmd().withFilter("label", List.of(filter)).exec().getVolumes();
    List<String> names = new ArrayList<>();
    if (volumes != null) {
      volumes.forEach(v -> names.add(v.getName()));
    }
    return names;
  }

  public boolean volumeExists(String name) {
    return DockerErrors.findOrEmpty(() -> docker.inspectVolumeCmd(name).exec()).isPresent();
  }

  public void cleanUp() {
    for (String filter : labelFilters) {
      for (Container c : containersLabelled(filter)) {
        removeContainer(c.getId());
      }
      for (String v : volumesLabelled(filter)) {
        removeVolume(v);
      }
      networksLabelled(filter).forEach(this::removeNetwork);
    }
    containers.forEach(this::removeContainer);
    volumes.forEach(this::removeVolume);
    if (!sharedVolumes.isEmpty()) {
      var shared = docker.listVolumesCmd().withFilter("label", List.of(Labels.SCOPE + "=shared")).exec().getVolumes();
      for (var v : shared == null ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of() : shared) {
        if (sharedVolumes.stream().anyMatch(n -> v.getName().equals("dcm-shared-" + n) || v.getName().matches("dcm-shared-.*[0-9a-f]{8}-" + java.util.regex.Pattern.quote(n)))) {
          removeVolume(v.getName());
        }
      }
    }
    networks.forEach(this::removeNetwork);
    images.forEach(i -> DockerErrors.ignoringMissing(() -> docker.removeImageCmd(i).withForce(true).exec()));
    images.clear();
    labelFilters.clear();
    containers.clear();
    volumes.clear();
    networks.clear();
    sharedVolumes.clear();
  }

  /** A network the code under test removed already is fine. */
  private void removeNetwork(String name) {
    DockerErrors.ignoringMissing(() -> docker.removeNetworkCmd(name).exec());
  }

  /** A container the code under test removed already is fine. */
  private void removeContainer(String id) {
    DockerErrors.ignoringMissing(() -> docker.removeContainerCmd(id).withForce(true).exec());
  }

  /** A volume the code under test removed already is fine. */
  private void removeVolume(String name) {
    DockerErrors.ignoringMissing(() -> docker.removeVolumeCmd(name).exec());
  }

  @Override
  public void close() throws Exception {
    cleanUp();
    docker.close();
  }
}
