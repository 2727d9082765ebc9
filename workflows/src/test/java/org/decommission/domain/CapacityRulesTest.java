package org.decommission.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a spec reserves of its host, and what a host with limited capacity refuses. */
class CapacityRulesTest {
  static DeploymentSpec spec(int replicas, Resources resources) {
    return new DeploymentSpec("web", "app:1", replicas, null, null, null, null, null, null, null, null, null, resources);
  }

  @Test
  void aSpecReservesItsReplicasCpuAndMemoryAndItsStorageOnce() {
    Reservation r = Reservation.of(spec(3, new Resources(0.5, 256, 100, 10)));
    assertThat(r).isEqualTo(new Reservation(1500, 768, 10));
    assertThat(r.compute()).isEqualTo(new Reservation(1500, 768, 0));
    assertThat(r.describe()).isEqualTo("1.5 cpu, 768 MiB memory, 10 GiB storage");
    assertThat(Reservation.of(spec(3, null))).as("a spec from before resources reserves nothing").isEqualTo(Reservation.NONE);
    assertThat(Reservation.NONE.isEmpty()).isTrue();
  }

  @Test
  void aHostRefusesWhatDoesNotFitAndNamesEachResourceThatIsShort() {
    HostCapacity host = new HostCapacity(2000L, 1024L, null);
    Reservation held = new Reservation(1500, 512, 50);
    assertThat(host.shortfall("local", held, new Reservation(500, 512, 1000))).as("exactly full, storage not limited").isEmpty();
    String text = host.shortfall("local", held, new Reservation(1000, 1024, 0)).orElseThrow();
    assertThat(text).contains("host local").contains("cpu 0.5 free of 2, 1 needed").contains("memory 512 MiB free of 1024 MiB, 1024 MiB needed")
        .doesNotContain("storage").contains("decommission.capacity");
    assertThat(HostCapacity.UNLIMITED.shortfall("local", held, new Reservation(1_000_000, 1_000_000, 1_000_000))).isEmpty();
    assertThat(host.free(held)).isEqualTo(new HostCapacity(500L, 512L, null));
  }

  @Test
  void resourcesNotGivenAreTheDefaults() {
    Resources defaults = new Resources(1.0, 512, 512, 1);
    assertThat(new Resources(0.25, null, null, 5).orElse(defaults)).isEqualTo(new Resources(0.25, 512, 512, 5));
    assertThat(spec(1, null).withResourceDefaults(defaults).resources()).isEqualTo(defaults);
  }

  @Test
  void containersGetTheirSpecsLimits() {
    Resources limits = new Resources(0.5, 256, 128, 1);
    ContainerPlan plan = ContainerPlan.of("3f2a9c1e-7b4d-4e6f-8a90-123456789abc", "alice", "local", 1, spec(1, limits), List.of(), null, null);
    assertThat(plan.limits()).isEqualTo(limits);
    assertThat(limits.cpuMillis()).isEqualTo(500);
  }
}
