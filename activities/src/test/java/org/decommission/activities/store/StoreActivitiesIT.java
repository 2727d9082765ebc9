package org.decommission.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.decommission.activities.Settings;
import org.decommission.domain.Phase;
import org.decommission.workflow.FailureTypes;
import org.decommission.workflow.StoreActivities;
import org.junit.jupiter.api.Test;

/**
 * Every store activity turns a store's refusal into a typed, non-retryable failure, so the
 * workflow fails that step at once instead of retrying it without end. {@code recordStuck} and
 * {@code failRevision} once let the refusal through untranslated (retried forever).
 */
class StoreActivitiesIT {
  final StoreFixture f = new StoreFixture();
  final StoreActivities store = new StoreActivitiesImpl(f.dataSource, new Settings(Path.of("/tmp"), 20000, 29999, Duration.ZERO, Duration.ZERO));

  @Test
  void aRefusalIsANonRetryableTypedFailureWhicheverActivityMetIt() {
    String unknown = UUID.randomUUID().toString();
    assertNotFound(() -> store.recordStuck(unknown, Phase.REMOVE_CONTAINERS, "daemon busy", 3));
    assertNotFound(() -> store.failRevision(unknown, 2, "revision 2 failed"));
    assertNotFound(() -> store.loadDeployment(unknown));
  }

  @Test
  void protectionCannotBeSwitchedOnADeletedDeployment() {
    UUID id = f.create(StoreFixture.unique("guard"), 1);
    store.setDeletionProtection(id.toString(), true);
    assertThat(f.jdbc.queryForObject("SELECT deletion_protection FROM deployments WHERE id = ?", Boolean.class, id)).isTrue();
    f.jdbc.update("UPDATE deployments SET status = 'DELETED' WHERE id = ?", id);
    assertThatThrownBy(() -> store.setDeletionProtection(id.toString(), false))
        .isInstanceOfSatisfying(ApplicationFailure.class, e -> {
          assertThat(e.getType()).isEqualTo(FailureTypes.ILLEGAL_TRANSITION);
          assertThat(e.isNonRetryable()).isTrue();
        });
  }

  static void assertNotFound(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(ApplicationFailure.class, e -> {
          assertThat(e.getType()).isEqualTo(FailureTypes.DEPLOYMENT_NOT_FOUND);
          assertThat(e.isNonRetryable()).isTrue();
        });
  }
}
