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

/** The deployment store (status changes, deletion, purge, kept failures) against a real PostgreSQL. */
class DeploymentStoreIT {
  final StoreFixture f = new StoreFixture();

  @Test
  void aNameIsUniqueAmongLiveDeploymentsOnly() {
    String name = StoreFixture.unique("web");
    UUID first = f.create(name, 1);
    assertThatThrownBy(() -> f.create(name, 1))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.type()).isEqualTo(FailureTypes.NAME_TAKEN));

    f.deployments.transition(first, DeploymentStatus.DELETING, "alice", "test");
    f.deployments.markDeleted(first, Duration.ofHours(24), "alice", "test");
    UUID second = f.create(name, 1);
    assertThat(f.queries.nameHeldByOther(name, first)).isTrue();
    assertThat(f.queries.nameHeldByOther(name, second)).isFalse();
    assertThatThrownBy(() -> f.deployments.transition(first, DeploymentStatus.MISSING, "alice", "restore"))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.type()).isEqualTo(FailureTypes.NAME_TAKEN));
  }

  @Test
  void transitionsAreCheckedIdempotentAndAudited() {
    UUID id = f.create(StoreFixture.unique("web"), 1);
    f.deployments.transition(id, DeploymentStatus.RUNNING, "system", "deployed");
    f.deployments.transition(id, DeploymentStatus.RUNNING, "system", "deployed again");
    assertThatThrownBy(() -> f.deployments.transition(id, DeploymentStatus.PURGED, "bob", "skip ahead"))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.type()).isEqualTo(FailureTypes.ILLEGAL_TRANSITION));

    var history = f.history.history(id, 0);
    assertThat(history).extracting(DeploymentView.HistoryEntry::newStatus)
        .containsExactly(DeploymentStatus.CREATING, DeploymentStatus.RUNNING);
    assertThat(history.get(1).oldStatus()).isEqualTo(DeploymentStatus.CREATING);
    assertThat(history.get(1).actor()).isEqualTo("system");
    assertThat(f.deployments.load(id).status()).isEqualTo(DeploymentStatus.RUNNING);
  }

  @Test
  void theDatabaseRefusesAStatusOutsideTheSet() {
    UUID id = f.create(StoreFixture.unique("web"), 1);
    assertThatThrownBy(() -> f.jdbc.update("UPDATE deployments SET status = 'ZOMBIE' WHERE id = ?", id))
        .hasMessageContaining("deployments_status_valid");
  }

  @Test
  void markDeletedKeepsItsFirstPurgeTimeAndRetainsPorts() {
    UUID id = f.create(StoreFixture.unique("web"), 2);
    f.allocate(id, 1, "a1", 30000, 30100);
    f.deployments.transition(id, DeploymentStatus.RUNNING, "system", "deployed");
    f.deployments.transition(id, DeploymentStatus.DELETING, "alice", "delete");
    Instant before = Instant.now();
    Instant purgeAfter = f.deployments.markDeleted(id, Duration.ofHours(24), "alice", "delete");
    assertThat(purgeAfter).isBetween(before.plus(Duration.ofHours(24)).minusSeconds(5), before.plus(Duration.ofHours(24)).plusSeconds(5));
    assertThat(f.deployments.markDeleted(id, Duration.ofHours(1), "alice", "again")).isEqualTo(purgeAfter);
    var view = f.queries.view(id).orElseThrow();
    assertThat(view.status()).isEqualTo(DeploymentStatus.DELETED);
    assertThat(view.ports()).hasSize(4).allSatisfy(p -> assertThat(p.state()).isEqualTo("RETAINED"));

    f.deployments.transition(id, DeploymentStatus.MISSING, "alice", "restore");
    var restored = f.queries.view(id).orElseThrow();
    assertThat(restored.deletedAt()).isNull();
    assertThat(restored.purgeAfter()).isNull();
    assertThat(f.allocate(id, 1, "a1", 30000, 30100)).hasSize(4);
    assertThat(f.queries.view(id).orElseThrow().ports()).allSatisfy(p -> assertThat(p.state()).isEqualTo("ALLOCATED"));
  }

  @Test
  void keptFailuresArePushedOutOldestFirstAndADeleteForgetsOne() {
    f.jdbc.update("DELETE FROM kept_failures");
    UUID a = f.create(StoreFixture.unique("ka"), 1);
    UUID b = f.create(StoreFixture.unique("kb"), 1);
    UUID c = f.create(StoreFixture.unique("kc"), 1);
    assertThat(f.kept.keep(a, f.host, 1, "att-a", 2)).isEmpty();
    assertThat(f.kept.keep(b, f.host, 1, "att-b", 2)).isEmpty();
    assertThat(f.kept.keep(c, f.host, 1, "att-c", 2))
        .singleElement()
        .satisfies(k -> {
          assertThat(k.deploymentId()).isEqualTo(a.toString());
          assertThat(k.attempt()).isEqualTo("att-a");
          assertThat(k.host()).isEqualTo(f.host);
        });
    assertThat(f.kept.release(a)).isEmpty();
    assertThat(f.kept.release(b)).singleElement().satisfies(k -> assertThat(k.attempt()).isEqualTo("att-b"));
    f.deployments.transition(c, DeploymentStatus.FAILED, "system", "x");
    f.deployments.transition(c, DeploymentStatus.DELETING, "alice", "x");
    f.deployments.markDeleted(c, java.time.Duration.ofHours(1), "alice", "x");
    assertThat(f.kept.release(c)).as("a deleted deployment is never pushed out").isEmpty();
  }

  @Test
  void purgeWritesATruthfulReceiptFreesPortsAndLeavesATombstone() {
    UUID id = f.create(StoreFixture.unique("web"), 2);
    f.allocate(id, 1, "a1", 32000, 32100);
    f.replicas.record(id, 1, List.of(new ReplicaInfo(0, "c0", "dcm-web-0"), new ReplicaInfo(1, "c1", "dcm-web-1")));
    f.deployments.transition(id, DeploymentStatus.RUNNING, "system", "deployed");
    f.deployments.transition(id, DeploymentStatus.DELETING, "alice", "delete");
    f.receipts.recordOutcomes(id, List.of(ArtifactOutcome.of(ArtifactOutcome.Kind.CONTAINER, "dcm-web-0", ArtifactOutcome.Outcome.REMOVED, "", java.time.Instant.EPOCH)));
    f.deployments.markDeleted(id, Duration.ofHours(24), "alice", "delete");
    f.deployments.transition(id, DeploymentStatus.PURGING, "alice", "purge");
    f.receipts.recordOutcomes(id, List.of(ArtifactOutcome.of(ArtifactOutcome.Kind.CONTAINER, "dcm-web-0", ArtifactOutcome.Outcome.ALREADY_GONE, "", java.time.Instant.EPOCH)));
    f.receipts.recordOutcomes(id, f.ports.release(id));
    f.deployments.completePurge(id, "alice", "purge");
    f.deployments.completePurge(id, "alice", "purge again");

    var receipt = f.receipts.receipt(id).orElseThrow();
    assertThat(receipt.completedAt()).isNotNull();
    assertThat(receipt.items()).filteredOn(i -> i.kind() == ArtifactOutcome.Kind.CONTAINER)
        .extracting(ArtifactOutcome::name, ArtifactOutcome::outcome)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("dcm-web-0", ArtifactOutcome.Outcome.REMOVED),
            org.assertj.core.groups.Tuple.tuple("dcm-web-1", ArtifactOutcome.Outcome.ALREADY_GONE));
    assertThat(receipt.items()).filteredOn(i -> i.kind() == ArtifactOutcome.Kind.PORT).hasSize(4);
    assertThat(receipt.items()).filteredOn(i -> i.kind() == ArtifactOutcome.Kind.VOLUME)
        .singleElement().satisfies(v -> assertThat(v.outcome()).isEqualTo(ArtifactOutcome.Outcome.ALREADY_GONE));

    var tomb = f.queries.view(id).orElseThrow();
    assertThat(tomb.status()).isEqualTo(DeploymentStatus.PURGED);
    assertThat(tomb.replicas()).isEmpty();
    assertThat(tomb.ports()).isEmpty();
    assertThat(tomb.purgedAt()).isNotNull();
    assertThat(f.history.history(id, 0)).extracting(DeploymentView.HistoryEntry::newStatus).endsWith(DeploymentStatus.PURGED);
    assertThat(f.deployments.findUnfinished()).extracting(r -> r.id()).doesNotContain(id.toString());
  }

  @Test
  void everyHistoryRowNamesItsEventByItsKindNotByItsReason() {
    UUID id = f.create(StoreFixture.unique("kind"), 1);
    f.deployments.enterPhase(id, Phase.CREATE_CONTAINERS);
    f.deployments.enterPhase(id, Phase.CREATE_CONTAINERS);
    f.deployments.transition(id, DeploymentStatus.RUNNING, "system", "stuck: a reason that only looks like a stuck step");
    f.deployments.transition(id, DeploymentStatus.DELETING, "alice", "delete");
    f.deployments.recordStuck(id, Phase.REMOVE_CONTAINERS, "daemon busy", 3);

    assertThat(f.history.events(0, null, id, 100))
        .extracting(DeploymentView.Event::kind, DeploymentView.Event::eventName)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(EventKind.CREATED, "deployment-created"),
            org.assertj.core.groups.Tuple.tuple(EventKind.PHASE, "deployment-phase"),
            org.assertj.core.groups.Tuple.tuple(EventKind.STATUS, "deployment-running"),
            org.assertj.core.groups.Tuple.tuple(EventKind.STATUS, "deployment-deleting"),
            org.assertj.core.groups.Tuple.tuple(EventKind.STUCK, "deployment-stuck"));
    assertThat(f.queries.view(id).orElseThrow().stuckAttempts()).isEqualTo(3);
  }
}
