package org.decommission.activities.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.decommission.activities.Failures;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.ArtifactOutcome.Kind;
import org.decommission.domain.Labels;
import org.decommission.domain.Naming;
import org.decommission.workflow.FailureTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployments' own bridge networks on one Docker host: created with our labels, removed only
 * when they carry the deployment's label (and the deploy attempt's, for a compensation).
 */
final class Networks {
  private static final Logger log = LoggerFactory.getLogger(Networks.class);

  private final DockerClient docker;
  private final Receipts receipts;
  /** The installation whose label every network made here carries. */
  private final String installation;

  Networks(DockerClient docker, Receipts receipts, String installation) {
    this.docker = docker;
    this.receipts = receipts;
    this.installation = installation;
  }

  String create(String deploymentId, String attempt) {
    String name = Naming.networkName(deploymentId);
    Optional<Network> existing = DockerInventory.network(docker, name);
    if (existing.isPresent()) {
      requireOurs(existing.get(), deploymentId);
      log.info("network {} exists; reused", name);
      return name;
    }
    Map<String, String> labels = Labels.stamped(Labels.network(deploymentId, receipts.hostId(), attempt), installation);
    DockerErrors.creatingNetwork(
        () -> docker.createNetworkCmd().withName(name).withDriver("bridge").withCheckDuplicate(true).withLabels(labels).exec().getId(),
        noRange -> Failures.nonRetryable(FailureTypes.NETWORK_POOL_EXHAUSTED,
            "Docker on host " + receipts.hostId() + " has no address range left for the network " + name + " (" + noRange
                + "). Purge deleted deployments, or give dockerd more or smaller pools (default-address-pools in daemon.json,"
                + " e.g. {\"base\": \"10.200.0.0/16\", \"size\": 24}), then resume from CREATE_NETWORK"),
        taken -> {
          // Made meanwhile by a retry of this very call: it is ours if it carries our labels.
          requireOurs(DockerInventory.network(docker, name).orElseThrow(() -> new IllegalStateException(taken)), deploymentId);
          return name;
        });
    log.info("network {} created", name);
    return name;
  }

  private void requireOurs(Network network, String deploymentId) {
    Map<String, String> have = network.getLabels() == null ? Map.of() : network.getLabels();
    boolean ours = "true".equals(have.get(Labels.MANAGED))
        && Labels.claim(have, installation) != Labels.Claim.FOREIGN
        && deploymentId.equals(have.get(Labels.DEPLOYMENT_ID));
    if (!ours) {
      throw Failures.nonRetryable(FailureTypes.NAME_CONFLICT,
          "network " + network.getName() + " exists on host " + receipts.hostId() + " but is not this deployment's; remove or rename it");
    }
  }

  /** Removes the deployment's network, found by its label alone. */
  ArtifactOutcome remove(String deploymentId) {
    return remove(Naming.networkName(deploymentId), DockerInventory.networks(docker, deploymentId, null));
  }

  /** Removes the deployment's network if the deploy attempt created it. */
  ArtifactOutcome removeAttempt(String deploymentId, String attempt) {
    String name = Naming.networkName(deploymentId);
    List<Network> created = DockerInventory.networks(docker, deploymentId, attempt);
    if (created.isEmpty() && DockerInventory.network(docker, name).isPresent()) {
      return receipts.line(Kind.NETWORK, name, ArtifactOutcome.Outcome.RETAINED_BY_POLICY, "not created by the failed attempt; kept");
    }
    return remove(name, created);
  }

  private ArtifactOutcome remove(String name, List<Network> labelled) {
    if (labelled.isEmpty()) {
      return DockerInventory.network(docker, name).isPresent()
          ? receipts.failed(Kind.NETWORK, name, "a network of this name is on host " + receipts.hostId() + " but is not this deployment's; left alone")
          : receipts.alreadyGone(Kind.NETWORK, name);
    }
    Network network = labelled.get(0);
    ArtifactOutcome line = receipts.removal(Kind.NETWORK, name, "removed from host " + receipts.hostId(), "still in use: ",
        () -> docker.removeNetworkCmd(network.getId()).exec());
    log.info("network {}: {}", name, line.outcome());
    return line;
  }
}
