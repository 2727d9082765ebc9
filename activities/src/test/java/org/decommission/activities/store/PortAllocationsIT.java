package org.decommission.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;
import org.decommission.domain.PortAssignment;
import org.decommission.domain.ReplicaInfo;
import org.decommission.workflow.FailureTypes;
import org.junit.jupiter.api.Test;

/** Port allocations and the revisions that hold them, against a real PostgreSQL. */
class PortAllocationsIT {
  final StoreFixture f = new StoreFixture();

  @Test
  void portsAreUniquePerHostIdempotentAndRunOut() {
    UUID a = f.create(StoreFixture.unique("a"), 2);
    UUID b = f.create(StoreFixture.unique("b"), 1);
    List<PortAssignment> first = f.allocate(a, 1, "a1", 31000, 31005);
    assertThat(first).hasSize(4);
    assertThat(f.allocate(a, 1, "a1", 31000, 31005)).containsExactlyInAnyOrderElementsOf(first);
    List<PortAssignment> second = f.allocate(b, 1, "a1", 31000, 31005);
    assertThat(second).hasSize(2);
    assertThat(second).extracting(PortAssignment::hostPort)
        .doesNotContainAnyElementsOf(first.stream().map(PortAssignment::hostPort).toList());

    UUID c = f.create(StoreFixture.unique("c"), 1);
    assertThatThrownBy(() -> f.allocate(c, 1, "a1", 31000, 31005))
        .isInstanceOfSatisfying(StoreException.class, e -> {
          assertThat(e.type()).isEqualTo(FailureTypes.PORTS_EXHAUSTED);
          assertThat(e.getMessage()).contains("0 free ports").contains("needs 2");
        });
    assertThat(f.ports.portsOf(c, 1)).isEmpty();
  }

  @Test
  void anAttemptReleasesOnlyThePortsItAllocatedAndRevisionsHoldTheirOwn() {
    UUID id = f.create(StoreFixture.unique("rev"), 1);
    List<PortAssignment> first = f.allocate(id, 1, "a1", 31100, 31199);
    assertThat(f.allocate(id, 1, "a2", 31100, 31199)).containsExactlyInAnyOrderElementsOf(first);
    assertThat(f.ports.releaseAttempt(id, "a2")).isEmpty();

    int revision = f.revisions.requestRevision(id, f.spec(f.deployments.load(id).spec().name(), 2), "alice");
    assertThat(revision).isEqualTo(2);
    assertThat(f.revisions.loadRevision(id, 2).spec().replicaCount()).isEqualTo(2);
    List<PortAssignment> second = f.allocate(id, 2, "a3", 31100, 31199);
    assertThat(second).hasSize(4).extracting(PortAssignment::hostPort)
        .doesNotContainAnyElementsOf(first.stream().map(PortAssignment::hostPort).toList());
    assertThat(f.ports.releaseAttempt(id, "a3")).hasSize(4);
    assertThat(f.ports.portsOf(id, 2)).isEmpty();
    assertThat(f.ports.portsOf(id, 1)).containsExactlyInAnyOrderElementsOf(first);

    f.revisions.failRevision(id, 2, "revision 2 failed in HEALTH_CHECK");
    assertThat(f.queries.view(id).orElseThrow().lastError()).contains("revision 2 failed");
    assertThat(f.deployments.load(id).revision()).isEqualTo(1);

    int third = f.revisions.requestRevision(id, f.spec(f.deployments.load(id).spec().name(), 2), "alice");
    assertThat(third).isEqualTo(3);
    f.allocate(id, 3, "a4", 31100, 31199);
    f.revisions.activateRevision(id, 3, "alice");
    f.revisions.activateRevision(id, 3, "alice");
    assertThat(f.deployments.load(id).revision()).isEqualTo(3);
    assertThat(f.deployments.load(id).spec().replicaCount()).isEqualTo(2);
    assertThat(f.ports.releaseRevision(id, 1)).hasSize(2);
    assertThat(f.ports.portsOf(id, 3)).hasSize(4);
    assertThat(f.history.history(id, 0)).extracting(h -> h.reason()).contains("revision 3 serves; revision 1 is retired");
  }

  /** A port something outside Decommission holds on the host is skipped, not handed to a replica that cannot bind it. */
  @Test
  void aPortHeldOnTheHostIsSkippedAndCountedWhenThePoolRunsOut() throws Exception {
    PortAllocations probing = new PortAllocations(f.dataSource, PortProbe.localBind(java.util.Set.of(f.host)));
    try (java.net.ServerSocket held = new java.net.ServerSocket(31300)) {
      UUID a = f.create(StoreFixture.unique("a"), 1);
      List<PortAssignment> ports = probing.allocate(f.revisions.loadRevision(a, 1), "a1", 31300, 31303);
      assertThat(ports).extracting(PortAssignment::hostPort).containsExactlyInAnyOrder(31301, 31302);

      UUID b = f.create(StoreFixture.unique("b"), 1);
      assertThatThrownBy(() -> probing.allocate(f.revisions.loadRevision(b, 1), "a1", 31300, 31303))
          .isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.type()).isEqualTo(FailureTypes.PORTS_EXHAUSTED);
            assertThat(e.getMessage()).contains("1 free ports").contains("1 more are held by something else on the host");
          });
      // A host this process cannot probe (not on this machine) is not probed.
      PortAllocations remote = new PortAllocations(f.dataSource, PortProbe.localBind(java.util.Set.of("elsewhere")));
      assertThat(remote.allocate(f.revisions.loadRevision(b, 1), "a1", 31300, 31303)).extracting(PortAssignment::hostPort)
          .containsExactlyInAnyOrder(31300, 31303);
    }
  }
}
