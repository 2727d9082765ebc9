package org.decommission.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SweepPlanTest {
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  static final Duration RETENTION = Duration.ofDays(7);
  static final Duration GRACE = Duration.ofMinutes(10);

  static SweepPlan.Record record(String id, DeploymentStatus status, int replicas) {
    return new SweepPlan.Record(id, status, 1, replicas, NOW.minusSeconds(60));
  }

  static SweepPlan.Container container(String id, String deployment, boolean running, Instant created) {
    return new SweepPlan.Container("c-" + id, "dcm-" + id, deployment, 1, running, created);
  }

  static SweepPlan plan(List<SweepPlan.Record> records, List<SweepPlan.Container> containers, Set<String> withWorkflow) {
    return SweepPlan.plan(records, containers, withWorkflow, NOW, RETENTION, GRACE);
  }

  @Test
  void aRecordWhoseContainersAreAllGoneIsAGhostAndOneWithSomeGoneHasDrifted() {
    SweepPlan p = plan(
        List.of(record("a", DeploymentStatus.RUNNING, 2), record("b", DeploymentStatus.RUNNING, 2), record("c", DeploymentStatus.STOPPED, 1)),
        List.of(container("b0", "b", true, NOW.minusSeconds(3600)), container("c0", "c", true, NOW.minusSeconds(3600))),
        Set.of("a", "b", "c"));
    assertThat(p.actions()).extracting(SweepPlan.Action::kind, SweepPlan.Action::deploymentId).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(SweepPlan.Kind.GHOST, "a"),
        org.assertj.core.groups.Tuple.tuple(SweepPlan.Kind.DRIFT, "b"),
        org.assertj.core.groups.Tuple.tuple(SweepPlan.Kind.DRIFT, "c"));
  }

  @Test
  void failedRecordsPastTheRetentionExpireAndYoungerOrProtectedOnesStay() {
    SweepPlan p = plan(
        List.of(new SweepPlan.Record("old", DeploymentStatus.FAILED, 1, 1, NOW.minus(RETENTION).minusSeconds(1)),
            new SweepPlan.Record("new", DeploymentStatus.FAILED, 1, 1, NOW.minus(RETENTION).plusSeconds(1)),
            new SweepPlan.Record("protected", DeploymentStatus.FAILED, 1, 1, NOW.minus(RETENTION).minusSeconds(1), true)),
        List.of(), Set.of("old", "new", "protected"));
    assertThat(p.actions()).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(SweepPlan.Kind.EXPIRE_FAILED);
      assertThat(a.deploymentId()).isEqualTo("old");
    });
  }

  @Test
  void containersWithNoLiveRecordAreOrphansOnceOlderThanTheGrace() {
    SweepPlan p = plan(
        List.of(record("deleted", DeploymentStatus.DELETED, 1), record("live", DeploymentStatus.RUNNING, 1)),
        List.of(container("x", "unknown", true, NOW.minus(GRACE).minusSeconds(1)),
            container("y", "unknown", true, NOW.minus(GRACE).plusSeconds(1)),
            container("z", "deleted", false, NOW.minus(GRACE).minusSeconds(1)),
            container("l", "live", true, NOW.minus(GRACE).minusSeconds(1))),
        Set.of("deleted", "live"));
    assertThat(p.actions()).filteredOn(a -> a.kind() == SweepPlan.Kind.REMOVE_ORPHAN)
        .extracting(SweepPlan.Action::containerId).containsExactlyInAnyOrder("c-x", "c-z");
    assertThat(p.actions()).allSatisfy(a -> assertThat(a.kind()).isEqualTo(SweepPlan.Kind.REMOVE_ORPHAN));
  }

  @Test
  void recordsThatAreNotFinalAndHaveNoWorkflowAreAdopted() {
    SweepPlan p = plan(
        List.of(record("a", DeploymentStatus.DELETING, 1), record("b", DeploymentStatus.PURGED, 1), record("c", DeploymentStatus.DELETED, 1)),
        List.of(), Set.of("c"));
    assertThat(p.actions()).extracting(SweepPlan.Action::kind, SweepPlan.Action::deploymentId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(SweepPlan.Kind.ADOPT, "a"));
  }

  @Test
  void aDeploymentInTheMiddleOfAStepAndOneInStepAreLeftAlone() {
    SweepPlan p = plan(
        List.of(record("creating", DeploymentStatus.CREATING, 2), record("fine", DeploymentStatus.RUNNING, 1)),
        List.of(container("f", "fine", true, NOW.minusSeconds(3600))),
        Set.of("creating", "fine"));
    assertThat(p.actions()).isEmpty();
  }

  /**
   * A container made before the installation label is followed when a record knows it, and is
   * never removed as an orphan: without a record of it, it may be another installation's.
   */
  @Test
  void anUnclaimedContainerIsFollowedWhenKnownAndNeverAnOrphan() {
    Instant old = NOW.minus(GRACE).minusSeconds(1);
    SweepPlan p = plan(
        List.of(record("known", DeploymentStatus.RUNNING, 2)),
        List.of(new SweepPlan.Container("c-k", "dcm-k", "known", 1, true, old, false),
            new SweepPlan.Container("c-u", "dcm-u", "unknown", 1, true, old, false)),
        Set.of("known"));
    assertThat(p.actions()).extracting(SweepPlan.Action::kind, SweepPlan.Action::deploymentId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(SweepPlan.Kind.DRIFT, "known"));
  }

  @Test
  void ourNetworkOfAPurgedOrUnknownDeploymentIsAnOrphanOnceOldOthersAreNot() {
    Instant old = NOW.minusSeconds(3600);
    List<SweepPlan.Network> networks = List.of(
        new SweepPlan.Network("n-gone", "dcm-net-gone", "gone", old, true),
        new SweepPlan.Network("n-young", "dcm-net-young", "young", NOW.minusSeconds(5), true),
        new SweepPlan.Network("n-deleted", "dcm-net-deleted", "deleted", old, true),
        new SweepPlan.Network("n-live", "dcm-net-live", "live", old, true),
        new SweepPlan.Network("n-unclaimed", "dcm-net-unclaimed", "unclaimed", old, false));
    SweepPlan p = SweepPlan.plan(
        List.of(record("deleted", DeploymentStatus.DELETED, 1), record("live", DeploymentStatus.STOPPED, 1)),
        List.of(), networks, List.of(), Set.of("deleted", "live"), NOW, RETENTION, GRACE);
    assertThat(p.actions()).filteredOn(a -> a.kind() == SweepPlan.Kind.REMOVE_ORPHAN_NETWORK)
        .extracting(SweepPlan.Action::containerId).containsExactly("n-gone");
  }

  @Test
  void ourRouteOfADeploymentWithNoRecordThatMayHoldOneIsStaleOthersAreNot() {
    List<SweepPlan.Route> routes = List.of(
        new SweepPlan.Route("gone", "r-gone", null),
        new SweepPlan.Route("deleted", "r-deleted", DeploymentStatus.DELETED),
        new SweepPlan.Route("purged", "r-purged", DeploymentStatus.PURGED),
        new SweepPlan.Route("deleting", "r-deleting", DeploymentStatus.DELETING),
        new SweepPlan.Route("stopped", "r-stopped", DeploymentStatus.STOPPED),
        new SweepPlan.Route("failed", "r-failed", DeploymentStatus.FAILED),
        new SweepPlan.Route("live", "r-live", DeploymentStatus.RUNNING));
    SweepPlan p = SweepPlan.plan(List.of(), List.of(), List.of(), routes, Set.of(), NOW, RETENTION, GRACE);
    assertThat(p.actions()).extracting(SweepPlan.Action::kind).containsOnly(SweepPlan.Kind.REMOVE_STALE_ROUTE);
    assertThat(p.actions()).extracting(SweepPlan.Action::containerName).containsExactly("r-gone", "r-deleted", "r-purged");
    assertThat(p.actions().get(0).detail()).isEqualTo("no record of deployment gone");
    assertThat(p.actions().get(1).detail()).isEqualTo("its deployment is DELETED");
    assertThat(p.count(SweepPlan.Kind.REMOVE_STALE_ROUTE)).isEqualTo(3);
  }
}
