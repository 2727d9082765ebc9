package org.decommission.api.deployment;

import com.github.dockerjava.api.DockerClient;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.decommission.activities.docker.DockerInventory;
import org.decommission.activities.store.DeploymentQueries;
import org.decommission.api.ApiException;
import org.decommission.domain.DeletionPlan;
import org.decommission.domain.DeploymentStatus;
import org.decommission.worker.DecommissionProperties;
import org.decommission.worker.DockerHosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Gathers the facts of a deletion plan (the database's records and what the deployment's Docker
 * host shows under its label) and lets {@link DeletionPlan#of} compute the plan. Changes nothing.
 */
@Component
class DeletionPlans {
  private static final Logger log = LoggerFactory.getLogger(DeletionPlans.class);

  private final DeploymentQueries queries;
  private final DockerHosts hosts;
  private final org.decommission.worker.RouteProperties routes;

  DeletionPlans(DeploymentQueries queries, DockerHosts hosts, DecommissionProperties properties) {
    this.queries = queries;
    this.hosts = hosts;
    this.routes = properties.routes();
  }

  DeletionPlan plan(UUID id, String host) {
    List<String> containers = null;
    List<String> volumes = null;
    List<String> networks = null;
    Optional<DockerClient> docker = hosts.host(host);
    if (docker.isPresent()) {
      try {
        containers = DockerInventory.containerNames(docker.get(), id.toString());
        volumes = DockerInventory.ownedVolumes(docker.get(), id.toString());
        networks = DockerInventory.networkNames(docker.get(), id.toString());
      } catch (RuntimeException e) {
        log.warn("[{} plan] Docker host {} did not answer: {}", id, host, e.getMessage());
        throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Docker host unavailable",
            "the plan needs what Docker host " + host + " holds, and it did not answer (" + e.getMessage() + "); retry");
      }
    }
    DeletionPlan.Facts facts = queries.planFacts(id, containers, volumes, networks).orElseThrow(() -> ApiException.notFound(id.toString()));
    if (facts.status() == DeploymentStatus.PURGED) {
      throw ApiException.conflict("Already purged", "deployment " + id + " was purged; its receipt says what happened to each artifact");
    }
    return DeletionPlan.of(facts, routes.routeName(id.toString()));
  }
}
