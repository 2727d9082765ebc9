package org.decommission.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.PortAssignment;
import org.decommission.domain.ReplicaInfo;
import org.decommission.testsupport.TestPostgres;
import org.decommission.workflow.FailureTypes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The repository against a real PostgreSQL. */
class DeploymentRepositoryIT {
  DeploymentRepository repository;
  JdbcTemplate jdbc;
  String host;

  @BeforeEach
  void setUp() {
    repository = new DeploymentRepository(TestPostgres.dataSource());
    jdbc = new JdbcTemplate(TestPostgres.dataSource());
    host = "h" + Long.toHexString(System.nanoTime());
  }

  DeploymentSpec spec(String name, int replicas) {
    return new DeploymentSpec(
        name, "app:1", replicas, List.of(), null, "host",
        List.of(new DeploymentSpec.PortSpec("http", 8080), new DeploymentSpec.PortSpec("admin", 9000)),
        List.of(new DeploymentSpec.VolumeSpec("data", "/data", null)),
        null, null, host);
  }

  UUID create(String name, int replicas) {
    UUID id = UUID.randomUUID();
    repository.create(id, "alice", spec(name, replicas), "alice");
    return id;
  }

  static String unique(String base) {
    return base + "-" + Long.toHexString(System.nanoTime());
  }

  @Test
  void aNameIsUniqueAmongLiveDeploymentsOnly() {
    String name = unique("web");
    UUID first = create(name, 1);
    assertThatThrownBy(() -> create(name, 1))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.type()).isEqualTo(FailureTypes.NAME_TAKEN));

    repository.transition(first, DeploymentStatus.DELETING, "alice", "test");
    repository.markDeleted(first, Duration.ofHours(24), "alice", "test");
    UUID second = create(name, 1);
    assertThat(repository.nameHeldByOther(name, first)).isTrue();
    assertThat(repository.nameHeldByOther(name, second)).isFalse();
    assertThatThrownBy(() -> repository.transition(first, DeploymentStatus.MISSING, "alice", "restore"))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.type()).isEqualTo(FailureTypes.NAME_TAKEN));
  }

  @Test
  void transitionsAreCheckedIdempotentAndAudited() {
    UUID id = create(unique("web"), 1);
    repository.transition(id, DeploymentStatus.RUNNING, "system", "deployed");
    repository.transition(id, DeploymentStatus.RUNNING, "system", "deployed again");
    assertThatThrownBy(() -> repository.transition(id, DeploymentStatus.PURGED, "bob", "skip ahead"))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.type()).isEqualTo(FailureTypes.ILLEGAL_TRANSITION));

    var history = repository.history(id, 0);
    assertThat(history).extracting(DeploymentView.HistoryEntry::newStatus)
        .containsExactly(DeploymentStatus.CREATING, DeploymentStatus.RUNNING);
    assertThat(history.get(1).oldStatus()).isEqualTo(DeploymentStatus.CREATING);
    assertThat(history.get(1).actor()).isEqualTo("system");
    assertThat(repository.load(id).status()).isEqualTo(DeploymentStatus.RUNNING);
  }

  @Test
  void theDatabaseRefusesAStatusOutsideTheSet() {
    UUID id = create(unique("web"), 1);
    assertThatThrownBy(() -> jdbc.update("UPDATE deployments SET status = 'ZOMBIE' WHERE id = ?", id))
        .hasMessageContaining("deployments_status_valid");
  }

  @Test
  void markDeletedKeepsItsFirstPurgeTimeAndRetainsPorts() {
    UUID id = create(unique("web"), 2);
    repository.allocatePorts(id, 1, "a1", 30000, 30100);
    repository.transition(id, DeploymentStatus.RUNNING, "system", "deployed");
    repository.transition(id, DeploymentStatus.DELETING, "alice", "delete");
    Instant before = Instant.now();
    Instant purgeAfter = repository.markDeleted(id, Duration.ofHours(24), "alice", "delete");
    assertThat(purgeAfter).isBetween(before.plus(Duration.ofHours(24)).minusSeconds(5), before.plus(Duration.ofHours(24)).plusSeconds(5));
    assertThat(repository.markDeleted(id, Duration.ofHours(1), "alice", "again")).isEqualTo(purgeAfter);
    var view = repository.view(id).orElseThrow();
    assertThat(view.status()).isEqualTo(DeploymentStatus.DELETED);
    assertThat(view.ports()).hasSize(4).allSatisfy(p -> assertThat(p.state()).isEqualTo("RETAINED"));

    repository.transition(id, DeploymentStatus.MISSING, "alice", "restore");
    var restored = repository.view(id).orElseThrow();
    assertThat(restored.deletedAt()).isNull();
    assertThat(restored.purgeAfter()).isNull();
    assertThat(repository.allocatePorts(id, 1, "a1", 30000, 30100)).hasSize(4);
    assertThat(repository.view(id).orElseThrow().ports()).allSatisfy(p -> assertThat(p.state()).isEqualTo("ALLOCATED"));
  }

  @Test
  void portsAreUniquePerHostIdempotentAndRunOut() {
    UUID a = create(unique("a"), 2);
    UUID b = create(unique("b"), 1);
    List<PortAssignment> first = repository.allocatePorts(a, 1, "a1", 31000, 31005);
    assertThat(first).hasSize(4);
    assertThat(repository.allocatePorts(a, 1, "a1", 31000, 31005)).containsExactlyInAnyOrderElementsOf(first);
    List<PortAssignment> second = repository.allocatePorts(b, 1, "a1", 31000, 31005);
    assertThat(second).hasSize(2);
    assertThat(second).extracting(PortAssignment::hostPort)
        .doesNotContainAnyElementsOf(first.stream().map(PortAssignment::hostPort).toList());

    UUID c = create(unique("c"), 1);
    assertThatThrownBy(() -> repository.allocatePorts(c, 1, "a1", 31000, 31005))
        .isInstanceOfSatisfying(StoreException.class, e -> {
          assertThat(e.type()).isEqualTo(FailureTypes.PORTS_EXHAUSTED);
          assertThat(e.getMessage()).contains("0 free ports").contains("needs 2");
        });
    assertThat(repository.portsOf(c, 1)).isEmpty();
  }

  @Test
  void anAttemptReleasesOnlyThePortsItAllocatedAndRevisionsHoldTheirOwn() {
    UUID id = create(unique("rev"), 1);
    List<PortAssignment> first = repository.allocatePorts(id, 1, "a1", 31100, 31199);
    assertThat(repository.allocatePorts(id, 1, "a2", 31100, 31199)).containsExactlyInAnyOrderElementsOf(first);
    assertThat(repository.releaseAttemptPorts(id, "a2")).isEmpty();

    int revision = repository.requestRevision(id, spec(repository.load(id).spec().name(), 2), "alice");
    assertThat(revision).isEqualTo(2);
    assertThat(repository.loadRevision(id, 2).spec().replicaCount()).isEqualTo(2);
    List<PortAssignment> second = repository.allocatePorts(id, 2, "a3", 31100, 31199);
    assertThat(second).hasSize(4).extracting(PortAssignment::hostPort)
        .doesNotContainAnyElementsOf(first.stream().map(PortAssignment::hostPort).toList());
    assertThat(repository.releaseAttemptPorts(id, "a3")).hasSize(4);
    assertThat(repository.portsOf(id, 2)).isEmpty();
    assertThat(repository.portsOf(id, 1)).containsExactlyInAnyOrderElementsOf(first);

    repository.failRevision(id, 2, "revision 2 failed in HEALTH_CHECK");
    assertThat(repository.view(id).orElseThrow().lastError()).contains("revision 2 failed");
    assertThat(repository.load(id).revision()).isEqualTo(1);

    int third = repository.requestRevision(id, spec(repository.load(id).spec().name(), 2), "alice");
    assertThat(third).isEqualTo(3);
    repository.allocatePorts(id, 3, "a4", 31100, 31199);
    repository.activateRevision(id, 3, "alice");
    repository.activateRevision(id, 3, "alice");
    assertThat(repository.load(id).revision()).isEqualTo(3);
    assertThat(repository.load(id).spec().replicaCount()).isEqualTo(2);
    assertThat(repository.releaseRevisionPorts(id, 1)).hasSize(2);
    assertThat(repository.portsOf(id, 3)).hasSize(4);
    assertThat(repository.history(id, 0)).extracting(h -> h.reason()).contains("revision 3 serves; revision 1 is retired");
  }

  @Test
  void keptFailuresArePushedOutOldestFirstAndADeleteForgetsOne() {
    jdbc.update("DELETE FROM kept_failures");
    UUID a = create(unique("ka"), 1);
    UUID b = create(unique("kb"), 1);
    UUID c = create(unique("kc"), 1);
    assertThat(repository.keepFailure(a, host, 1, "att-a", 2)).isEmpty();
    assertThat(repository.keepFailure(b, host, 1, "att-b", 2)).isEmpty();
    assertThat(repository.keepFailure(c, host, 1, "att-c", 2))
        .singleElement()
        .satisfies(k -> {
          assertThat(k.deploymentId()).isEqualTo(a.toString());
          assertThat(k.attempt()).isEqualTo("att-a");
          assertThat(k.host()).isEqualTo(host);
        });
    assertThat(repository.releaseKept(a)).isEmpty();
    assertThat(repository.releaseKept(b)).singleElement().satisfies(k -> assertThat(k.attempt()).isEqualTo("att-b"));
    repository.transition(c, DeploymentStatus.FAILED, "system", "x");
    repository.transition(c, DeploymentStatus.DELETING, "alice", "x");
    repository.markDeleted(c, java.time.Duration.ofHours(1), "alice", "x");
    assertThat(repository.releaseKept(c)).as("a deleted deployment is never pushed out").isEmpty();
  }

  @Test
  void purgeWritesATruthfulReceiptFreesPortsAndLeavesATombstone() {
    UUID id = create(unique("web"), 2);
    repository.allocatePorts(id, 1, "a1", 32000, 32100);
    repository.recordReplicas(id, 1, List.of(new ReplicaInfo(0, "c0", "dcm-web-0"), new ReplicaInfo(1, "c1", "dcm-web-1")));
    repository.transition(id, DeploymentStatus.RUNNING, "system", "deployed");
    repository.transition(id, DeploymentStatus.DELETING, "alice", "delete");
    repository.recordOutcomes(id, List.of(ArtifactOutcome.of(ArtifactOutcome.Kind.CONTAINER, "dcm-web-0", ArtifactOutcome.Outcome.REMOVED, "", java.time.Instant.EPOCH)));
    repository.markDeleted(id, Duration.ofHours(24), "alice", "delete");
    repository.transition(id, DeploymentStatus.PURGING, "alice", "purge");
    repository.recordOutcomes(id, List.of(ArtifactOutcome.of(ArtifactOutcome.Kind.CONTAINER, "dcm-web-0", ArtifactOutcome.Outcome.ALREADY_GONE, "", java.time.Instant.EPOCH)));
    repository.recordOutcomes(id, repository.releasePorts(id));
    repository.completePurge(id, "alice", "purge");
    repository.completePurge(id, "alice", "purge again");

    var receipt = repository.receipt(id).orElseThrow();
    assertThat(receipt.completedAt()).isNotNull();
    assertThat(receipt.items()).filteredOn(i -> i.kind() == ArtifactOutcome.Kind.CONTAINER)
        .extracting(ArtifactOutcome::name, ArtifactOutcome::outcome)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("dcm-web-0", ArtifactOutcome.Outcome.REMOVED),
            org.assertj.core.groups.Tuple.tuple("dcm-web-1", ArtifactOutcome.Outcome.ALREADY_GONE));
    assertThat(receipt.items()).filteredOn(i -> i.kind() == ArtifactOutcome.Kind.PORT).hasSize(4);
    assertThat(receipt.items()).filteredOn(i -> i.kind() == ArtifactOutcome.Kind.VOLUME)
        .singleElement().satisfies(v -> assertThat(v.outcome()).isEqualTo(ArtifactOutcome.Outcome.ALREADY_GONE));

    var tomb = repository.view(id).orElseThrow();
    assertThat(tomb.status()).isEqualTo(DeploymentStatus.PURGED);
    assertThat(tomb.replicas()).isEmpty();
    assertThat(tomb.ports()).isEmpty();
    assertThat(tomb.purgedAt()).isNotNull();
    assertThat(repository.history(id, 0)).extracting(DeploymentView.HistoryEntry::newStatus).endsWith(DeploymentStatus.PURGED);
    assertThat(repository.findUnfinished()).extracting(r -> r.id()).doesNotContain(id.toString());
  }

  @Test
  void theImageIsRemovableOnlyWhenWePulledItAndNoOtherDeploymentUsesIt() {
    String image = "img-" + Long.toHexString(System.nanoTime()) + ":1";
    UUID a = UUID.randomUUID();
    repository.create(a, "alice", withImage(spec(unique("a"), 1), image), "alice");
    assertThat(repository.imageRemovable(a, image)).as("present before the deployment").isFalse();
    repository.recordImagePulled(a);
    assertThat(repository.imageRemovable(a, image)).isTrue();

    UUID b = UUID.randomUUID();
    repository.create(b, "bob", withImage(spec(unique("b"), 1), image), "bob");
    assertThat(repository.imageRemovable(a, image)).as("another deployment uses it").isFalse();
    repository.transition(b, DeploymentStatus.DELETING, "bob", "test");
    repository.markDeleted(b, Duration.ofHours(1), "bob", "test");
    assertThat(repository.imageRemovable(a, image)).as("a deleted deployment may be restored").isFalse();
    repository.transition(b, DeploymentStatus.PURGING, "bob", "test");
    repository.completePurge(b, "bob", "test");
    assertThat(repository.imageRemovable(a, image)).as("a purged one never comes back").isTrue();
  }

  static DeploymentSpec withImage(DeploymentSpec s, String image) {
    return new DeploymentSpec(s.name(), image, s.replicas(), s.command(), s.env(), s.network(), s.ports(), s.volumes(),
        s.healthCheck(), s.route(), s.host());
  }
}
