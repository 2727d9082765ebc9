package org.decommission.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.decommission.activities.store.DeploymentView;
import org.decommission.activities.store.EventKind;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;
import org.decommission.domain.PullProgress;
import org.junit.jupiter.api.Test;

/** A webhook's body is the event stream's {@code data}: the same fields and values as the API's JSON mapper writes. */
class WebhookBodyTest {

  @Test
  void theBodyIsTheEventStreamsData() throws Exception {
    DeploymentView.Event event = new DeploymentView.Event(42, "7f1c2a3b-0000-4000-8000-000000000001", "web", "alice",
        DeploymentStatus.CREATING, DeploymentStatus.CREATING, Phase.PULL_IMAGE, "workflow", "pulling",
        Instant.parse("2026-12-02T10:15:30.123456Z"), EventKind.PROGRESS, new PullProgress("app:1", 4, 2, 1024, 4096));
    String stream = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(event);
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(event.toJson())).isEqualTo(json.readTree(stream));
  }
}
