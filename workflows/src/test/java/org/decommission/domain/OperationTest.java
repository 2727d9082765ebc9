package org.decommission.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;

/** Covers which statuses each lifecycle operation may be requested from ({@link Operation#allowedFrom}). */
class OperationTest {

  @ParameterizedTest
  @EnumSource(names = {"RUNNING", "STOPPED", "FAILED", "CREATING", "MISSING", "CANCELLED"})
  void deleteIsAllowedFromLiveStatuses(DeploymentStatus status) {
    assertThat(Operation.DELETE.allowedFrom(status)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(names = {"DELETED", "DELETING", "PURGING", "PURGED"})
  void deleteIsNotAllowedOnceDeletionStarted(DeploymentStatus status) {
    assertThat(Operation.DELETE.allowedFrom(status)).isFalse();
  }

  @Test
  void restoreIsAllowedFromDeleted() {
    assertThat(Operation.RESTORE.allowedFrom(DeploymentStatus.DELETED)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(names = "DELETED", mode = Mode.EXCLUDE)
  void restoreIsNotAllowedFromAnythingElse(DeploymentStatus status) {
    assertThat(Operation.RESTORE.allowedFrom(status)).isFalse();
  }

  @Test
  void restoreIsNotAllowedFromRunningEvenThoughRunningMayBecomeMissing() {
    assertThat(DeploymentStatus.RUNNING.canBecome(Operation.RESTORE.entry())).isTrue();
    assertThat(Operation.RESTORE.allowedFrom(DeploymentStatus.RUNNING)).isFalse();
  }

  @Test
  void purgeIsAllowedFromDeleted() {
    assertThat(Operation.PURGE.allowedFrom(DeploymentStatus.DELETED)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(names = "DELETED", mode = Mode.EXCLUDE)
  void purgeIsNotAllowedFromAnythingElse(DeploymentStatus status) {
    assertThat(Operation.PURGE.allowedFrom(status)).isFalse();
  }

  @Test
  void stopIsAllowedFromRunning() {
    assertThat(Operation.STOP.allowedFrom(DeploymentStatus.RUNNING)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(names = "RUNNING", mode = Mode.EXCLUDE)
  void stopIsNotAllowedFromAnythingElse(DeploymentStatus status) {
    assertThat(Operation.STOP.allowedFrom(status)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(names = {"STOPPED", "MISSING", "FAILED", "CANCELLED"})
  void startIsAllowedFromStoppedOrBrokenStatuses(DeploymentStatus status) {
    assertThat(Operation.START.allowedFrom(status)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(names = {"RUNNING", "CREATING", "DELETING", "DELETED", "PURGING", "PURGED"})
  void startIsNotAllowedWhileRunningCreatingOrDeleted(DeploymentStatus status) {
    assertThat(Operation.START.allowedFrom(status)).isFalse();
  }

  @Test
  void entryAndOutcomeStatuses() {
    assertThat(Operation.DELETE.entry()).isEqualTo(DeploymentStatus.DELETING);
    assertThat(Operation.DELETE.outcome()).isEqualTo(DeploymentStatus.DELETED);
    assertThat(Operation.PURGE.entry()).isEqualTo(DeploymentStatus.PURGING);
    assertThat(Operation.PURGE.outcome()).isEqualTo(DeploymentStatus.PURGED);
    assertThat(Operation.RESTORE.outcome()).isEqualTo(DeploymentStatus.MISSING);
    assertThat(Operation.START.entry()).isEqualTo(DeploymentStatus.CREATING);
    assertThat(Operation.START.outcome()).isEqualTo(DeploymentStatus.RUNNING);
  }

  @ParameterizedTest
  @EnumSource(Operation.class)
  void successLeavesAStatusReachableFromTheEntryStatus(Operation op) {
    assertThat(op.entry() == null || op.outcome() == null || op.entry() == op.outcome() || op.entry().canBecome(op.outcome()))
        .as("%s: %s -> %s", op, op.entry(), op.outcome())
        .isTrue();
  }

  @Test
  void cancelOnlyInterruptsADeployInFlight() {
    assertThat(Operation.CANCEL.allowedFrom(DeploymentStatus.CREATING)).isTrue();
    for (DeploymentStatus s : DeploymentStatus.values()) {
      if (s != DeploymentStatus.CREATING) {
        assertThat(Operation.CANCEL.allowedFrom(s)).as("cancel from %s", s).isFalse();
      }
    }
  }

  @Test
  void aRevisionIsRolledOutOnlyOverARunningDeploymentWhoseStatusStays() {
    assertThat(Operation.UPDATE.entry()).isNull();
    assertThat(Operation.UPDATE.outcome()).isEqualTo(DeploymentStatus.RUNNING);
    for (DeploymentStatus s : DeploymentStatus.values()) {
      assertThat(Operation.UPDATE.allowedFrom(s)).as("update from %s", s).isEqualTo(s == DeploymentStatus.RUNNING);
    }
  }

  @Test
  void verbIsLowerCase() {
    assertThat(Operation.DELETE.verb()).isEqualTo("delete");
    assertThat(Operation.RESTORE.verb()).isEqualTo("restore");
  }
}
