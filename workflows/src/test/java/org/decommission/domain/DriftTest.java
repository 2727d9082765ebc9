package org.decommission.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DriftTest {
  static Drift.Seen running(int revision) {
    return new Drift.Seen("c", revision, true);
  }

  static Drift.Seen stopped(int revision) {
    return new Drift.Seen("c", revision, false);
  }

  @Test
  void aStoppedReplicaStopsARunningDeployment() {
    assertThat(Drift.follow(DeploymentStatus.RUNNING, 2, 1, List.of(running(1), stopped(1)))).contains(DeploymentStatus.STOPPED);
  }

  @Test
  void allReplicasRunningAgainMakeAStoppedOrMissingDeploymentRunning() {
    assertThat(Drift.follow(DeploymentStatus.STOPPED, 2, 1, List.of(running(1), running(1)))).contains(DeploymentStatus.RUNNING);
    assertThat(Drift.follow(DeploymentStatus.MISSING, 2, 1, List.of(running(1), running(1)))).contains(DeploymentStatus.RUNNING);
  }

  @Test
  void aRemovedReplicaMakesItMissingAndOtherRevisionsDoNotCount() {
    assertThat(Drift.follow(DeploymentStatus.RUNNING, 2, 1, List.of(running(1)))).contains(DeploymentStatus.MISSING);
    assertThat(Drift.follow(DeploymentStatus.STOPPED, 1, 1, List.of())).contains(DeploymentStatus.MISSING);
    assertThat(Drift.follow(DeploymentStatus.RUNNING, 2, 2, List.of(running(1), running(1)))).contains(DeploymentStatus.MISSING);
  }

  @Test
  void nothingChangesWhenTheContainersAgreeOrTheMoveIsIllegal() {
    assertThat(Drift.follow(DeploymentStatus.RUNNING, 2, 1, List.of(running(1), running(1)))).isEmpty();
    // MISSING cannot become STOPPED: a start brings it back.
    assertThat(Drift.follow(DeploymentStatus.MISSING, 1, 1, List.of(stopped(1)))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = DeploymentStatus.class, names = {"RUNNING", "STOPPED", "MISSING"}, mode = EnumSource.Mode.EXCLUDE)
  void aDeploymentInTheMiddleOfAStepDoesNotFollowItsContainers(DeploymentStatus status) {
    assertThat(Drift.follow(status, 1, 1, List.of())).isEmpty();
    assertThat(Drift.follow(status, 1, 1, List.of(running(1)))).isEmpty();
  }
}
