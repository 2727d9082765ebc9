package org.decommission.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.decommission.domain.ContainerPlan.Mount;
import org.decommission.domain.ContainerPlan.Replica;
import org.decommission.domain.DeploymentSpec.PortSpec;
import org.decommission.domain.DeploymentSpec.VolumeScope;
import org.decommission.domain.DeploymentSpec.VolumeSpec;
import org.junit.jupiter.api.Test;

/** Covers how {@link ContainerPlan#of} turns a spec and port allocation into replica containers. */
class ContainerPlanTest {

  private static final String ID = "3f2a9c1e-7b4d-4e6f-8a90-123456789abc";
  private static final String HOST = "local";
  private static final String OWNER = "alice@example.com";
  private static final int REVISION = 3;
  private static final String WORKDIR = "/var/lib/decommission/3f2a9c1e";

  private static final DeploymentSpec SPEC =
      new DeploymentSpec(
          "web",
          "nginx:1.27",
          2,
          List.of("nginx", "-g", "daemon off;"),
          Map.of("GREETING", "hello"),
          "host",
          List.of(new PortSpec("http", 8080), new PortSpec("admin-api", 9000)),
          List.of(
              new VolumeSpec("data", "/data", VolumeScope.DEPLOYMENT),
              new VolumeSpec("cache", "/cache", VolumeScope.SHARED)),
          null,
          null,
          null);

  private static final List<PortAssignment> PORTS =
      List.of(
          new PortAssignment(0, "http", 20001),
          new PortAssignment(0, "admin-api", 20002),
          new PortAssignment(1, "http", 20003),
          new PortAssignment(1, "admin-api", 20004));

  private static ContainerPlan plan() {
    return ContainerPlan.of(ID, OWNER, HOST, REVISION, SPEC, PORTS, WORKDIR, null);
  }

  @Test
  void carriesDeploymentHostRevisionImageAndCommand() {
    var plan = plan();
    assertThat(plan.deploymentId()).isEqualTo(ID);
    assertThat(plan.host()).isEqualTo(HOST);
    assertThat(plan.revision()).isEqualTo(REVISION);
    assertThat(plan.image()).isEqualTo("nginx:1.27");
    assertThat(plan.command()).containsExactly("nginx", "-g", "daemon off;");
  }

  @Test
  void oneReplicaPerReplicaCountIndexedFromZero() {
    assertThat(plan().replicas()).extracting(Replica::index).containsExactly(0, 1);
  }

  @Test
  void eachReplicaGetsItsOwnHostPortsInItsEnvironment() {
    var replicas = plan().replicas();
    assertThat(replicas.get(0).env())
        .contains(entry("PORT", "20001"), entry("PORT_HTTP", "20001"), entry("PORT_ADMIN_API", "20002"));
    assertThat(replicas.get(1).env())
        .contains(entry("PORT", "20003"), entry("PORT_HTTP", "20003"), entry("PORT_ADMIN_API", "20004"));
  }

  @Test
  void onItsOwnNetworkAReplicaListensOnTheContainerPortsPublishedOnItsHostPorts() {
    var plan = ContainerPlan.of(ID, OWNER, HOST, REVISION, SPEC, PORTS, WORKDIR, Naming.networkName(ID));
    assertThat(plan.network()).isEqualTo("dcm-net-" + ID);
    assertThat(plan.hostNetwork()).isFalse();
    var replicas = plan.replicas();
    assertThat(replicas.get(0).env()).contains(entry("PORT", "8080"), entry("PORT_HTTP", "8080"), entry("PORT_ADMIN_API", "9000"));
    assertThat(replicas.get(1).env()).as("two replicas may listen on one port: each has its own address")
        .contains(entry("PORT", "8080"), entry("PORT_HTTP", "8080"));
    assertThat(replicas.get(0).published())
        .containsExactly(new ContainerPlan.Published(8080, 20001), new ContainerPlan.Published(9000, 20002));
    assertThat(replicas.get(1).published())
        .containsExactly(new ContainerPlan.Published(8080, 20003), new ContainerPlan.Published(9000, 20004));
  }

  @Test
  void onTheHostsNetworkNothingIsPublished() {
    assertThat(plan().hostNetwork()).isTrue();
    assertThat(plan().replicas()).allSatisfy(r -> assertThat(r.published()).isEmpty());
  }

  @Test
  void portIsTheFirstDeclaredPortEvenWhenAssignmentsComeInAnotherOrder() {
    var reversed = List.of(PORTS.get(3), PORTS.get(2), PORTS.get(1), PORTS.get(0));
    var plan = ContainerPlan.of(ID, OWNER, HOST, REVISION, SPEC, reversed, WORKDIR, null);
    assertThat(plan.replicas().get(0).env()).containsEntry("PORT", "20001");
    assertThat(plan.replicas().get(1).env()).containsEntry("PORT", "20003");
  }

  @Test
  void eachReplicaKnowsItsDeploymentAndIndex() {
    var replicas = plan().replicas();
    for (int i = 0; i < replicas.size(); i++) {
      assertThat(replicas.get(i).env())
          .containsEntry("DECOMMISSION_DEPLOYMENT_ID", ID)
          .containsEntry("DECOMMISSION_REPLICA", Integer.toString(i));
    }
  }

  @Test
  void userEnvironmentIsKept() {
    for (Replica r : plan().replicas()) {
      assertThat(r.env()).containsEntry("GREETING", "hello");
    }
  }

  @Test
  void containerNamesComeFromNamingAndDifferPerReplica() {
    var replicas = plan().replicas();
    assertThat(replicas.get(0).name()).isEqualTo(Naming.containerName(ID, "web", REVISION, 0));
    assertThat(replicas.get(1).name()).isEqualTo(Naming.containerName(ID, "web", REVISION, 1));
    assertThat(replicas.get(0).name()).isNotEqualTo(replicas.get(1).name());
    assertThat(replicas.get(0).name()).isEqualTo("dcm-web-3f2a9c1e-r3-0");
  }

  @Test
  void labelsMarkOwnershipRevisionHostAndReplica() {
    var replicas = plan().replicas();
    for (int i = 0; i < replicas.size(); i++) {
      assertThat(replicas.get(i).labels())
          .containsEntry("decommission.managed", "true")
          .containsEntry("decommission.deployment_id", ID)
          .containsEntry("decommission.revision", "3")
          .containsEntry("decommission.host", HOST)
          .containsEntry("decommission.replica", Integer.toString(i));
    }
  }

  @Test
  void volumesMountScopedAndSharedDockerVolumesAndTheWorkdirIsBound() {
    for (Replica r : plan().replicas()) {
      assertThat(r.mounts())
          .containsExactly(
              new Mount(Naming.scopedVolumeName(ID, "data"), "/data", true),
              new Mount(Naming.sharedVolumeName(OWNER, "cache"), "/cache", true),
              new Mount(WORKDIR, "/decommission", false));
    }
    assertThat(Naming.scopedVolumeName(ID, "data")).isEqualTo("dcm-3f2a9c1e-data");
    assertThat(Naming.sharedVolumeName(OWNER, "cache")).matches("dcm-shared-alice-example-com-[0-9a-f]{8}-cache");
  }

  @Test
  void aSharedVolumeIsItsOwnersAnotherOwnersOfTheSameNameIsAnotherVolume() {
    assertThat(Naming.sharedVolumeName("alice", "cache")).isNotEqualTo(Naming.sharedVolumeName("bob", "cache"));
    assertThat(Naming.sharedVolumeName("Alice", "cache")).as("owners that read alike are told apart by the hash")
        .isNotEqualTo(Naming.sharedVolumeName("alice", "cache"));
    assertThat(Naming.sharedVolumeName("../x y", "cache")).matches("dcm-shared-x-y-[0-9a-f]{8}-cache");
    assertThat(Naming.sharedVolumeName("___", "cache")).matches("dcm-shared-[0-9a-f]{8}-cache");
    assertThat(Naming.sharedVolumeName("a".repeat(300), "cache")).hasSizeLessThan(60);
    assertThat(Naming.sharedVolumeName(null, "cache")).as("a run from before owned shared volumes").isEqualTo("dcm-shared-cache");
  }

  @Test
  void volumeWithoutScopeIsDeploymentScoped() {
    var spec =
        new DeploymentSpec(
            "web", "nginx", null, null, null, null, null,
            List.of(new VolumeSpec("data", "/data", null)), null, null, null);
    var plan = ContainerPlan.of(ID, OWNER, HOST, 1, spec, List.of(), null, null);
    assertThat(plan.replicas()).singleElement()
        .satisfies(r -> assertThat(r.mounts()).containsExactly(new Mount("dcm-3f2a9c1e-data", "/data", true)));
  }

  @Test
  void noWorkdirMeansNoBindMountAndNoPortsMeansNoPortEnv() {
    var spec = new DeploymentSpec("web", "nginx", null, null, null, null, null, null, null, null, null);
    var plan = ContainerPlan.of(ID, OWNER, HOST, 1, spec, List.of(), null, null);
    assertThat(plan.replicas()).singleElement().satisfies(r -> {
      assertThat(r.mounts()).isEmpty();
      assertThat(r.env()).doesNotContainKey("PORT");
    });
  }

  @Test
  void hostPortFindsTheReplicasNamedPort() {
    assertThat(ContainerPlan.hostPort(PORTS, 1, "admin-api")).isEqualTo(20004);
  }

  @Test
  void hostPortThrowsForAMissingAssignment() {
    assertThatThrownBy(() -> ContainerPlan.hostPort(PORTS, 2, "http"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("replica 2")
        .hasMessageContaining("http");
    assertThatThrownBy(() -> ContainerPlan.hostPort(PORTS, 0, "metrics"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void planningFailsWhenAReplicaHasNoPortAssigned() {
    var partial = PORTS.subList(0, 2);
    assertThatThrownBy(() -> ContainerPlan.of(ID, OWNER, HOST, REVISION, SPEC, partial, WORKDIR, null))
        .isInstanceOf(IllegalStateException.class);
  }
}
