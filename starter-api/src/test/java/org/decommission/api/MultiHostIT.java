package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.decommission.domain.Labels;
import org.decommission.testsupport.SecondDockerDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two Docker hosts: this machine's daemon ({@code local}) and a second daemon on its own socket
 * ({@code b}). A deployment lands on the host its spec names; a container removed out of band on
 * host b changes only host b's deployment.
 */
class MultiHostIT extends AllInOneContext {
  static SecondDockerDaemon hostB;
  ApiClient api;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    hostB = new SecondDockerDaemon();
    registry.add("decommission.ports.range", () -> "21000-21499");
    registry.add("decommission.delete.stop-grace", () -> "1s");
    registry.add("decommission.docker.hosts.local", () -> "");
    registry.add("decommission.docker.hosts.b", hostB::endpoint);
  }

  @AfterAll
  static void stopHostB() {
    if (hostB != null) {
      hostB.close();
    }
  }

  @BeforeEach
  void client() throws Exception {
    api = admin();
  }

  @Test
  void eachDeploymentLivesOnItsHostAndDriftOnHostBChangesOnlyHostBsDeployment() throws Exception {
    String shared = "mh-" + docker.runId();
    docker.trackVolume(org.decommission.domain.Naming.sharedVolumeName(ADMIN, shared));
    String onLocal = api.post("/api/deployments", ApiClient.spec("mh-local-" + docker.runId().substring(8), 1, shared, null)).text("id");
    docker.track(onLocal);
    // On host b without a port: the two hosts share this machine's network, and each host has its own pool.
    String spec = "{\"name\": \"mh-b-" + docker.runId().substring(8) + "\", \"image\": \"decommission/testapp:local\", \"replicas\": 2,"
        + " \"host\": \"b\", \"command\": [\"sleep\", \"600\"], \"volumes\": [{\"name\": \"data\", \"mountPath\": \"/data\"}]}";
    ApiClient.Answer created = api.post("/api/deployments", spec);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(202);
    String onB = created.text("id");
    docker.track(onB);
    await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(api.status(onLocal)) && "RUNNING".equals(api.status(onB)));

    List<Container> onBContainers = hostB.client().listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(Labels.DEPLOYMENT_ID, onB)).exec();
    assertThat(onBContainers).hasSize(2).allSatisfy(c -> assertThat(c.getLabels()).containsEntry(Labels.HOST, "b"));
    assertThat(docker.containersOf(onB)).as("nothing of host b's deployment on the local daemon").isEmpty();
    assertThat(docker.containersOf(onLocal)).hasSize(1);
    assertThat(api.get("/api/deployments/" + onB).text("host")).isEqualTo("b");

    // Out of band on host b: only host b's deployment follows.
    hostB.client().removeContainerCmd(onBContainers.get(0).getId()).withForce(true).exec();
    await().atMost(Duration.ofSeconds(15)).until(() -> "MISSING".equals(api.status(onB)));
    assertThat(api.status(onLocal)).isEqualTo("RUNNING");

    // A sweep covers both hosts.
    ApiClient.Answer sweep = api.post("/api/system/cleanup/run");
    assertThat(sweep.body().path("reports")).hasSize(2).allSatisfy(r -> assertThat(r.path("errors")).isEmpty());

    // Host b's daemon restarts (its containers stop with it); a start brings the deployment back.
    hostB.restart();
    assertThat(api.post("/api/deployments/" + onB + "/start").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(api.status(onB)));
    // The listener reconnected by itself: a replica stopped by hand is followed again.
    String replica = hostB.client().listContainersCmd().withLabelFilter(Map.of(Labels.DEPLOYMENT_ID, onB)).exec().get(0).getId();
    hostB.client().stopContainerCmd(replica).withTimeout(0).exec();
    await().atMost(Duration.ofSeconds(15)).until(() -> "STOPPED".equals(api.status(onB)));
    assertThat(api.status(onLocal)).isEqualTo("RUNNING");

    // Deleted and purged, host b's deployment leaves nothing there.
    assertThat(api.delete("/api/deployments/" + onB).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> "DELETED".equals(api.status(onB)));
    assertThat(api.post("/api/deployments/" + onB + "/purge").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> "PURGED".equals(api.status(onB)));
    assertThat(hostB.client().listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.DEPLOYMENT_ID, onB)).exec()).isEmpty();
    assertThat(hostB.client().listVolumesCmd().withFilter("label", List.of(Labels.DEPLOYMENT_ID + "=" + onB)).exec().getVolumes()).isNullOrEmpty();
  }
}
