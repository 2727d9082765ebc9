package org.decommission.activities.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.decommission.domain.DeploymentStatus;
import org.junit.jupiter.api.Test;

/** Which events a subscription gets, and the names it may ask for. */
class WebhookTest {
  static DeploymentView.Event event(String owner, DeploymentStatus from, DeploymentStatus to, EventKind kind) {
    return new DeploymentView.Event(1, "d", "web", owner, from, to, null, "test", null, Instant.EPOCH, kind, null);
  }

  @Test
  void theNamesAreEveryNameTheEventStreamGives() {
    assertThat(DeploymentView.Event.names())
        .contains("deployment-created", "deployment-phase", "deployment-running", "deployment-failed", "deployment-deleted",
            "deployment-purged", "deployment-progress", "deployment-stuck", "deployment-restored", "deployment-missing",
            "deployment-starting")
        .allMatch(name -> name.startsWith("deployment-"))
        .hasSize(15);
  }

  @Test
  void aSubscriptionGetsItsOwnersEventsWithTheNamesItAskedFor() {
    Webhook all = new Webhook("w", "alice", false, "http://x/", List.of(), 0, Instant.EPOCH);
    Webhook deletes = new Webhook("w", "alice", false, "http://x/", List.of("deployment-deleted"), 0, Instant.EPOCH);
    Webhook everyone = new Webhook("w", "admin", true, "http://x/", List.of(), 0, Instant.EPOCH);
    var deleted = event("alice", DeploymentStatus.DELETING, DeploymentStatus.DELETED, EventKind.STATUS);
    var phase = event("alice", DeploymentStatus.CREATING, DeploymentStatus.CREATING, EventKind.PHASE);
    var bobs = event("bob", DeploymentStatus.DELETING, DeploymentStatus.DELETED, EventKind.STATUS);
    assertThat(all.wants(deleted)).isTrue();
    assertThat(all.wants(phase)).isTrue();
    assertThat(all.wants(bobs)).isFalse();
    assertThat(deletes.wants(deleted)).isTrue();
    assertThat(deletes.wants(phase)).isFalse();
    assertThat(everyone.wants(bobs)).isTrue();
  }
}
