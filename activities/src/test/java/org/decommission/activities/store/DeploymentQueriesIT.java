package org.decommission.activities.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.decommission.activities.Settings;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.DeletionPlan;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.ReplicaInfo;
import org.decommission.workflow.StoreActivities;
import org.junit.jupiter.api.Test;

/** The read side, and the image rule as the purge applies it, against a real PostgreSQL. */
class DeploymentQueriesIT {
  final StoreFixture f = new StoreFixture();

  /**
   * The purge's own activity decides; the deletion plan, computed from the same facts, agrees.
   * This used to exercise a second, test-only rule while the purge used another path.
   */
  @Test
  void theImageIsRemovableOnlyWhenWePulledItAndNoOtherDeploymentUsesIt() {
    StoreActivities purge = new StoreActivitiesImpl(f.dataSource, new Settings(Path.of("/tmp"), 20000, 29999, Duration.ZERO, Duration.ZERO));
    String image = "img-" + Long.toHexString(System.nanoTime()) + ":1";
    UUID a = f.create(StoreFixture.withImage(f.spec(StoreFixture.unique("a"), 1), image));
    assertRemovable(purge, a, false, "present before the deployment");
    f.deployments.recordImagePulled(a);
    assertRemovable(purge, a, true, "pulled for it, used by no other");

    UUID b = f.create(StoreFixture.withImage(f.spec(StoreFixture.unique("b"), 1), image));
    assertRemovable(purge, a, false, "another deployment uses it");
    f.deployments.transition(b, DeploymentStatus.DELETING, "bob", "test");
    f.deployments.markDeleted(b, Duration.ofHours(1), "bob", "test");
    assertRemovable(purge, a, false, "a deleted deployment may be restored");
    f.deployments.transition(b, DeploymentStatus.PURGING, "bob", "test");
    f.deployments.completePurge(b, "bob", "test");
    assertRemovable(purge, a, true, "a purged one never comes back");
  }

  /**
   * An image this installation pulled (noted in {@code pulled_images}) goes with the last
   * deployment on the host that uses it, whichever of them pulled it; one pulled onto another
   * host, or whose pull never finished, is not ours here.
   */
  @Test
  void anImageWePulledGoesWithTheLastDeploymentThatUsesItWhicheverPulledIt() {
    StoreActivities purge = new StoreActivitiesImpl(f.dataSource, new Settings(Path.of("/tmp"), 20000, 29999, Duration.ZERO, Duration.ZERO));
    PulledImages pulls = new PulledImages(f.dataSource);
    String image = "127.0.0.1:5000/img-" + Long.toHexString(System.nanoTime()) + ":1";
    String nameA = StoreFixture.unique("a");
    UUID a = f.create(StoreFixture.withImage(f.spec(nameA, 1), image));
    UUID b = f.create(StoreFixture.withImage(f.spec(StoreFixture.unique("b"), 1), image));
    pulls.pulled(a.toString(), "elsewhere", image, "sha256:feed");
    pulls.pulled(a.toString(), f.host, image, null);
    assertRemovable(purge, b, false, "pulled onto another host, and here still under way");
    assertThat(pulls.pending(f.host, image)).isTrue();

    pulls.pulled(a.toString(), f.host, image, "sha256:beef");
    assertThat(pulls.pending(f.host, image)).isFalse();
    assertThat(pulls.pulledId(f.host, image)).contains("sha256:beef");
    assertRemovable(purge, b, false, "a still uses it");
    assertThat(purge.imageVerdict(b.toString()).reason()).startsWith("in use by " + nameA + " (" + a + ", ");
    f.deployments.transition(a, DeploymentStatus.DELETING, "bob", "test");
    f.deployments.markDeleted(a, Duration.ofHours(1), "bob", "test");
    f.deployments.transition(a, DeploymentStatus.PURGING, "bob", "test");
    f.deployments.completePurge(a, "bob", "test");
    assertRemovable(purge, b, true, "b did not pull it, but this installation did, and no one else uses it");

    pulls.forget(f.host, image);
    assertRemovable(purge, b, false, "removed since: what is there now is not ours");
  }

  void assertRemovable(StoreActivities purge, UUID id, boolean removable, String why) {
    StoreActivities.ImageVerdict verdict = purge.imageVerdict(id.toString());
    assertThat(verdict.remove()).as(why).isEqualTo(removable);
    DeletionPlan plan = DeletionPlan.of(f.queries.planFacts(id, null, null, null).orElseThrow());
    assertThat(plan.items()).filteredOn(i -> i.kind() == ArtifactOutcome.Kind.IMAGE).singleElement()
        .satisfies(i -> assertThat(i.action()).as(why).isEqualTo(removable ? DeletionPlan.Action.REMOVE : DeletionPlan.Action.RETAIN));
  }

  @Test
  void aListIsReadInTheSameNumberOfQueriesHoweverManyDeploymentsItHolds() {
    String owner = StoreFixture.unique("owner");
    AtomicInteger statements = new AtomicInteger();
    DeploymentQueries counted = new DeploymentQueries(counting(f.dataSource, statements));

    createFor(owner, 1);
    counted.list(owner, 100);
    int forOne = statements.getAndSet(0);
    createFor(owner, 5);
    List<DeploymentView> six = counted.list(owner, 100);
    // The deployments, their replicas, ports, volumes and capacity holds, and (new ones are in
    // PULL_IMAGE) the newest pull progress of those pulling.
    assertThat(statements.get()).as("statements for six deployments").isEqualTo(forOne).isEqualTo(6);

    assertThat(six).hasSize(6).allSatisfy(v -> {
      assertThat(v.replicas()).singleElement().satisfies(r -> assertThat(r.containerName()).isEqualTo("c-" + v.id()));
      assertThat(v.ports()).hasSize(2).allSatisfy(p -> assertThat(p.state()).isEqualTo("ALLOCATED"));
      assertThat(v.volumes()).singleElement().satisfies(x -> assertThat(x.name()).isEqualTo("data"));
      assertThat(v.history()).as("a list is read without history").isEmpty();
    });
    DeploymentView one = f.queries.view(UUID.fromString(six.get(0).id())).orElseThrow();
    assertThat(one.with(six.get(0).replicas(), six.get(0).ports(), six.get(0).volumes(), six.get(0).reserved(), six.get(0).pullProgress(), List.of())).isEqualTo(six.get(0));
    assertThat(one.history()).extracting(DeploymentView.HistoryEntry::newStatus).containsExactly(DeploymentStatus.CREATING);
  }

  /** Deployments of {@code owner}, each with one replica, two ports and a volume. */
  void createFor(String owner, int count) {
    for (int i = 0; i < count; i++) {
      UUID id = UUID.randomUUID();
      f.deployments.create(id, owner, f.spec(StoreFixture.unique("l"), 1), owner);
      f.allocate(id, 1, "a1", 33000, 33999);
      f.replicas.record(id, 1, List.of(new ReplicaInfo(0, "id-" + id, "c-" + id)));
    }
  }

  /** The data source, counting the statements prepared or created on its connections. */
  static DataSource counting(DataSource target, AtomicInteger statements) {
    return (DataSource) Proxy.newProxyInstance(
        DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          Object result = invoke(target, method, args);
          if (result instanceof Connection connection) {
            return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
              if (m.getName().equals("prepareStatement") || m.getName().equals("createStatement")) {
                statements.incrementAndGet();
              }
              return invoke(connection, m, a);
            });
          }
          return result;
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
