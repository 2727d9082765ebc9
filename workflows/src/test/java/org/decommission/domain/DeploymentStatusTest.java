package org.decommission.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.decommission.domain.DeploymentStatus.*;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Covers the legal status transitions of a deployment and which statuses still hold the name. */
class DeploymentStatusTest {

  @Test
  void purgedIsFinalAndCanBecomeNothing() {
    assertThat(PURGED.isFinal()).isTrue();
    assertThat(PURGED.next()).isEmpty();
    for (DeploymentStatus s : DeploymentStatus.values()) {
      assertThat(PURGED.canBecome(s)).as("PURGED -> %s", s).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(value = DeploymentStatus.class, names = "PURGED", mode = EnumSource.Mode.EXCLUDE)
  void onlyPurgedIsFinal(DeploymentStatus status) {
    assertThat(status.isFinal()).isFalse();
  }

  @Test
  void deletedCannotBeDeletedAgain() {
    assertThat(DELETED.canBecome(DELETING)).isFalse();
  }

  @Test
  void deletedMayBeRestoredOrPurged() {
    assertThat(DELETED.canBecome(MISSING)).isTrue();
    assertThat(DELETED.canBecome(PURGING)).isTrue();
    assertThat(DELETED.next()).containsExactlyInAnyOrder(MISSING, PURGING);
  }

  @Test
  void creatingMayBeDeletedMidDeploy() {
    assertThat(CREATING.canBecome(DELETING)).isTrue();
  }

  @Test
  void holdsNameIsFalseExactlyForDeletedPurgingAndPurged() {
    var withoutName = EnumSet.of(DELETED, PURGING, PURGED);
    for (DeploymentStatus s : DeploymentStatus.values()) {
      assertThat(s.holdsName()).as("%s.holdsName()", s).isEqualTo(!withoutName.contains(s));
    }
  }

  @ParameterizedTest
  @EnumSource(value = DeploymentStatus.class, names = "PURGED", mode = EnumSource.Mode.EXCLUDE)
  void everyStatusButPurgedHasANextStatus(DeploymentStatus status) {
    assertThat(status.next()).isNotEmpty();
  }

  @Test
  void nextMatchesCanBecome() {
    for (DeploymentStatus from : DeploymentStatus.values()) {
      for (DeploymentStatus to : DeploymentStatus.values()) {
        assertThat(from.canBecome(to)).as("%s -> %s", from, to).isEqualTo(from.next().contains(to));
      }
    }
  }

  @Test
  void noStatusBecomesItself() {
    for (DeploymentStatus s : DeploymentStatus.values()) {
      assertThat(s.canBecome(s)).as("%s -> %s", s, s).isFalse();
    }
  }
}
