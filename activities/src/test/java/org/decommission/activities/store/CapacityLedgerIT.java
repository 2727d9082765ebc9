package org.decommission.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.HostCapacity;
import org.decommission.domain.Naming;
import org.decommission.domain.Reservation;
import org.decommission.domain.Resources;
import org.decommission.workflow.FailureTypes;
import org.junit.jupiter.api.Test;

/**
 * The hosts' capacity on a real PostgreSQL: reserved with the record, refused when it does not
 * fit (and then nothing is stored), cpu and memory freed when the containers go, storage at the
 * purge, each release in the receipt; a revision holds its own until it serves.
 */
class CapacityLedgerIT {
  final StoreFixture f = new StoreFixture();
  final CapacityLedger ledger = new CapacityLedger(f.dataSource);
  /** Two cores, 1 GiB, 20 GiB. */
  final HostCapacity host = new HostCapacity(2000L, 1024L, 20L);

  DeploymentSpec spec(String name, int replicas, double cpu, int memory, int storage) {
    DeploymentSpec s = f.spec(name, replicas);
    return new DeploymentSpec(s.name(), s.image(), s.replicas(), s.command(), s.env(), s.network(), s.ports(), s.volumes(),
        s.healthCheck(), s.route(), s.host(), null, new Resources(cpu, memory, 64, storage));
  }

  UUID create(DeploymentSpec spec) {
    UUID id = UUID.randomUUID();
    f.deployments.create(id, "alice", spec, "alice", host);
    return id;
  }

  @Test
  void aCreateThatDoesNotFitIsRefusedAndStoresNothing() {
    UUID first = create(spec(StoreFixture.unique("a"), 3, 0.5, 256, 5));
    assertThat(ledger.held(first)).isEqualTo(new Reservation(1500, 768, 5));
    String name = StoreFixture.unique("b");
    UUID refused = UUID.randomUUID();
    assertThatThrownBy(() -> f.deployments.create(refused, "alice", spec(name, 2, 0.5, 128, 1), "alice", host))
        .isInstanceOfSatisfying(StoreException.class, e -> {
          assertThat(e.type()).isEqualTo(FailureTypes.CAPACITY_EXCEEDED);
          assertThat(e.getMessage()).contains("cpu 0.5 free of 2, 1 needed").doesNotContain("memory");
        });
    assertThat(f.deployments.find(refused)).as("the record went with the refusal").isEmpty();
    assertThat(ledger.byHost().get(f.host)).isEqualTo(new Reservation(1500, 768, 5));
    create(spec(name, 1, 0.5, 256, 15));
    assertThat(ledger.byHost().get(f.host)).as("exactly full").isEqualTo(new Reservation(2000, 1024, 20));
  }

  @Test
  void cpuAndMemoryGoWithTheContainersStorageWithThePurgeAndTheReceiptSaysSo() {
    UUID id = create(spec(StoreFixture.unique("web"), 2, 1.0, 512, 10));
    f.deployments.transition(id, DeploymentStatus.RUNNING, "system", "test");
    f.deployments.transition(id, DeploymentStatus.DELETING, "alice", "test");
    assertThat(ledger.held(id)).as("still stopping").isEqualTo(new Reservation(2000, 1024, 10));
    f.deployments.markDeleted(id, Duration.ofHours(1), "alice", "test");
    assertThat(ledger.held(id)).isEqualTo(new Reservation(0, 0, 10));
    UUID other = create(spec(StoreFixture.unique("next"), 2, 1.0, 512, 10));
    assertThat(ledger.held(other)).as("the freed cpu and memory serve another").isEqualTo(new Reservation(2000, 1024, 10));

    f.deployments.transition(id, DeploymentStatus.PURGING, "alice", "test");
    f.deployments.completePurge(id, "alice", "test");
    assertThat(ledger.held(id)).isEqualTo(Reservation.NONE);
    var items = f.receipts.receipt(id).orElseThrow().items();
    assertThat(items).filteredOn(i -> i.kind() == ArtifactOutcome.Kind.CAPACITY)
        .extracting(ArtifactOutcome::name, ArtifactOutcome::outcome)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(Naming.capacityName(f.host, false), ArtifactOutcome.Outcome.REMOVED),
            org.assertj.core.groups.Tuple.tuple(Naming.capacityName(f.host, true), ArtifactOutcome.Outcome.REMOVED));
    assertThat(items).filteredOn(i -> i.name().equals(Naming.capacityName(f.host, false))).singleElement()
        .satisfies(i -> assertThat(i.detail()).contains("2 cpu, 1024 MiB memory released"));
  }

  @Test
  void aFailedDeployFreesItsCpuAndMemoryAndAStartReservesThemAgain() {
    DeploymentSpec spec = spec(StoreFixture.unique("web"), 1, 2.0, 1024, 1);
    UUID id = create(spec);
    f.deployments.transition(id, DeploymentStatus.FAILED, "system", "boom");
    assertThat(ledger.held(id)).isEqualTo(new Reservation(0, 0, 1));
    UUID meanwhile = create(spec(StoreFixture.unique("meanwhile"), 1, 1.0, 512, 1));
    assertThatThrownBy(() -> ledger.reserve(id, 1, f.host, Reservation.of(spec), host))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.type()).isEqualTo(FailureTypes.CAPACITY_EXCEEDED));
    f.deployments.transition(meanwhile, DeploymentStatus.FAILED, "system", "boom");
    assertThat(ledger.reserve(id, 1, f.host, Reservation.of(spec), host)).isTrue();
    assertThat(ledger.reserve(id, 1, f.host, Reservation.of(spec), host)).as("idempotent").isFalse();
    assertThat(ledger.held(id)).isEqualTo(new Reservation(2000, 1024, 1));
  }

  @Test
  void aRevisionHoldsItsOwnBesideTheServingOneUntilItServes() {
    UUID id = create(spec(StoreFixture.unique("web"), 1, 1.0, 512, 5));
    f.deployments.transition(id, DeploymentStatus.RUNNING, "system", "test");
    assertThatThrownBy(() -> f.revisions.requestRevision(id, spec("web", 1, 1.5, 256, 5), "alice", host))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.type()).isEqualTo(FailureTypes.CAPACITY_EXCEEDED));
    int revision = f.revisions.requestRevision(id, spec("web", 1, 1.0, 256, 8), "alice", host);
    assertThat(ledger.held(id)).isEqualTo(new Reservation(2000, 768, 13));
    f.revisions.activateRevision(id, revision, "alice");
    assertThat(ledger.held(id)).isEqualTo(new Reservation(1000, 256, 8));
    int failing = f.revisions.requestRevision(id, spec("web", 1, 0.5, 128, 8), "alice", host);
    f.revisions.failRevision(id, failing, "boom");
    assertThat(ledger.held(id)).isEqualTo(new Reservation(1000, 256, 8));
  }
}
