package org.decommission.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import org.decommission.domain.DeletionPlan.Action;
import org.decommission.domain.DeletionPlan.Stage;
import org.decommission.domain.DeploymentSpec.VolumeScope;
import org.junit.jupiter.api.Test;

/** The deletion plan as pure code over facts, and its entity tag. */
class DeletionPlanTest {
  static final String ID = "0b1c2d3e-0000-4000-8000-00000000000a";
  static final DeploymentSpec SPEC = new DeploymentSpec("web", "app:1", 2, null, null, null,
      List.of(new DeploymentSpec.PortSpec("http", 8080)), null, null, new DeploymentSpec.RouteSpec("web.test", "http"), null);

  static DeletionPlan.Facts facts(DeploymentStatus status, List<String> observed, boolean pulled, boolean usedElsewhere) {
    return new DeletionPlan.Facts(ID, status, "local", SPEC, List.of("c-0", "c-1"), observed,
        List.of(new DeletionPlan.RecordedVolume("v-data", VolumeScope.DEPLOYMENT), new DeletionPlan.RecordedVolume("v-cache", VolumeScope.SHARED)),
        List.of("v-data"), observed == null ? null : List.of(Naming.networkName(ID)), List.of(20001, 20000), pulled, usedElsewhere ? List.of("other (id, running)") : List.of(), null);
  }

  @Test
  void aRunningDeploymentsPlanNamesEveryArtifactAndWhatHappensToIt() {
    DeletionPlan plan = DeletionPlan.of(facts(DeploymentStatus.RUNNING, List.of("c-0", "c-1"), false, false));
    assertThat(plan.items())
        .extracting(DeletionPlan.Item::kind, DeletionPlan.Item::name, DeletionPlan.Item::stage, DeletionPlan.Item::action)
        .containsExactly(
            tuple(ArtifactOutcome.Kind.CONTAINER, "c-0", Stage.DELETE, Action.REMOVE),
            tuple(ArtifactOutcome.Kind.CONTAINER, "c-1", Stage.DELETE, Action.REMOVE),
            tuple(ArtifactOutcome.Kind.ROUTE, Naming.routeFileName(ID), Stage.DELETE, Action.REMOVE),
            tuple(ArtifactOutcome.Kind.VOLUME, "v-cache", Stage.PURGE, Action.RETAIN),
            tuple(ArtifactOutcome.Kind.VOLUME, "v-data", Stage.PURGE, Action.REMOVE),
            tuple(ArtifactOutcome.Kind.IMAGE, "app:1", Stage.PURGE, Action.RETAIN),
            tuple(ArtifactOutcome.Kind.WORKDIR, Naming.workdirName(ID), Stage.PURGE, Action.REMOVE),
            tuple(ArtifactOutcome.Kind.PORT, "local:20000", Stage.PURGE, Action.RELEASE),
            tuple(ArtifactOutcome.Kind.PORT, "local:20001", Stage.PURGE, Action.RELEASE),
            tuple(ArtifactOutcome.Kind.NETWORK, "dcm-net-" + ID, Stage.PURGE, Action.REMOVE));
    assertThat(plan.items()).allSatisfy(i -> assertThat(i.reason()).isNotBlank());
  }

  @Test
  void theNetworkIsTheOneDockerShowsOrWhenNotAskedTheOneTheSpecGives() {
    DeletionPlan.Facts notAsked = facts(DeploymentStatus.RUNNING, null, false, false);
    assertThat(networks(notAsked)).containsExactly(Naming.networkName(ID));
    DeletionPlan.Facts goneByHand = new DeletionPlan.Facts(ID, DeploymentStatus.DELETED, "local", SPEC, List.of(), List.of(), List.of(),
        List.of(), List.of(), List.of(), false, List.of(), null);
    assertThat(networks(goneByHand)).as("Docker was asked and shows none").isEmpty();
    DeploymentSpec onHost = new DeploymentSpec("web", "app:1", 1, null, null, "host", List.of(), null, null, null, null);
    assertThat(networks(new DeletionPlan.Facts(ID, DeploymentStatus.RUNNING, "local", onHost, List.of(), null, List.of(), null, null,
        List.of(), false, List.of(), null))).as("the host's network is not the deployment's").isEmpty();
  }

  @Test
  void whatTheDeploymentHoldsOfItsHostIsReleasedCpuAndMemoryByTheDeleteStorageByThePurge() {
    Reservation held = new Reservation(1000, 512, 10);
    DeletionPlan.Facts running = new DeletionPlan.Facts(ID, DeploymentStatus.RUNNING, "local", SPEC, List.of(), null, List.of(), null,
        null, List.of(), false, List.of(), held);
    assertThat(DeletionPlan.of(running).items()).filteredOn(i -> i.kind() == ArtifactOutcome.Kind.CAPACITY)
        .extracting(DeletionPlan.Item::name, DeletionPlan.Item::stage, DeletionPlan.Item::action)
        .containsExactly(tuple("local: cpu, memory", Stage.DELETE, Action.RELEASE), tuple("local: storage", Stage.PURGE, Action.RELEASE));
    DeletionPlan.Facts deleted = new DeletionPlan.Facts(ID, DeploymentStatus.DELETED, "local", SPEC, List.of(), null, List.of(), null,
        null, List.of(), false, List.of(), new Reservation(0, 0, 10));
    assertThat(DeletionPlan.of(deleted).items()).filteredOn(i -> i.kind() == ArtifactOutcome.Kind.CAPACITY)
        .extracting(DeletionPlan.Item::name).containsExactly("local: storage");
  }

  static List<String> networks(DeletionPlan.Facts f) {
    return DeletionPlan.of(f).items().stream().filter(i -> i.kind() == ArtifactOutcome.Kind.NETWORK).map(DeletionPlan.Item::name).toList();
  }

  @Test
  void aContainerFoundByLabelButNotRecordedIsInThePlan() {
    DeletionPlan plan = DeletionPlan.of(facts(DeploymentStatus.RUNNING, List.of("c-0", "c-1", "stray"), false, false));
    assertThat(plan.items()).filteredOn(i -> i.name().equals("stray")).singleElement()
        .satisfies(i -> assertThat(i.reason()).contains("found on host local"));
  }

  @Test
  void aDeletedDeploymentsPlanIsThePurge() {
    DeletionPlan plan = DeletionPlan.of(facts(DeploymentStatus.DELETED, List.of(), false, false));
    assertThat(plan.items()).extracting(DeletionPlan.Item::stage).containsOnly(Stage.PURGE);
    assertThat(plan.items()).extracting(DeletionPlan.Item::kind).doesNotContain(ArtifactOutcome.Kind.CONTAINER, ArtifactOutcome.Kind.ROUTE);
  }

  @Test
  void theImageGoesOnlyWhenWePulledItAndNobodyElseUsesIt() {
    assertThat(image(facts(DeploymentStatus.RUNNING, null, true, false))).isEqualTo(Action.REMOVE);
    assertThat(image(facts(DeploymentStatus.RUNNING, null, true, true))).isEqualTo(Action.RETAIN);
    assertThat(image(facts(DeploymentStatus.RUNNING, null, false, false))).isEqualTo(Action.RETAIN);
  }

  @Test
  void theEtagFollowsWhatWouldHappenAndNothingElse() {
    String base = DeletionPlan.of(facts(DeploymentStatus.RUNNING, List.of("c-1", "c-0"), false, false)).etag();
    assertThat(DeletionPlan.of(facts(DeploymentStatus.RUNNING, List.of("c-0", "c-1"), false, false)).etag()).isEqualTo(base);
    assertThat(DeletionPlan.of(facts(DeploymentStatus.STOPPED, List.of("c-0", "c-1"), false, false)).etag())
        .as("same artifacts, same fate").isEqualTo(base);
    assertThat(DeletionPlan.of(facts(DeploymentStatus.RUNNING, List.of("c-0", "c-1", "stray"), false, false)).etag()).isNotEqualTo(base);
    assertThat(DeletionPlan.of(facts(DeploymentStatus.RUNNING, List.of("c-0", "c-1"), true, false)).etag()).isNotEqualTo(base);
    assertThat(base).matches("\"[0-9a-f]{24}\"");
  }

  static Action image(DeletionPlan.Facts f) {
    return DeletionPlan.of(f).items().stream().filter(i -> i.kind() == ArtifactOutcome.Kind.IMAGE).findFirst().orElseThrow().action();
  }

  @Test
  void theRouteIsNamedAsTheRouteProviderNamesIt() {
    DeletionPlan files = DeletionPlan.of(facts(DeploymentStatus.RUNNING, List.of("c-0", "c-1"), false, false));
    DeletionPlan caddy = DeletionPlan.of(facts(DeploymentStatus.RUNNING, List.of("c-0", "c-1"), false, false), "caddy:/id/dcm-" + ID);
    assertThat(files.items()).filteredOn(i -> i.kind() == ArtifactOutcome.Kind.ROUTE).extracting(DeletionPlan.Item::name)
        .containsExactly(Naming.routeFileName(ID));
    assertThat(caddy.items()).filteredOn(i -> i.kind() == ArtifactOutcome.Kind.ROUTE).extracting(DeletionPlan.Item::name)
        .containsExactly("caddy:/id/dcm-" + ID);
    assertThat(caddy.etag()).isNotEqualTo(files.etag());
  }
}
