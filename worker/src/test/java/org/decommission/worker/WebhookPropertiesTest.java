package org.decommission.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.decommission.workflow.WebhookSettings;
import org.junit.jupiter.api.Test;

class WebhookPropertiesTest {

  @Test
  void theSettingsAreWhatTheWorkflowDeliversWith() {
    assertThat(new WebhookProperties(8, Duration.ofSeconds(1), Duration.ofMinutes(1), 20).settings())
        .isEqualTo(new WebhookSettings(8, 1_000, 60_000));
  }

  @Test
  void aBudgetOrBackoffOutOfBoundsStopsTheStartNamingTheProperty() {
    assertThatThrownBy(() -> new WebhookProperties(0, Duration.ofSeconds(1), Duration.ofMinutes(1), 20))
        .hasMessageContaining("decommission.webhooks.attempts");
    assertThatThrownBy(() -> new WebhookProperties(8, Duration.ofMillis(1), Duration.ofMinutes(1), 20))
        .hasMessageContaining("decommission.webhooks.backoff");
    assertThatThrownBy(() -> new WebhookProperties(8, Duration.ofSeconds(2), Duration.ofSeconds(1), 20))
        .hasMessageContaining("decommission.webhooks.max-backoff");
    assertThatThrownBy(() -> new WebhookProperties(8, Duration.ofSeconds(1), Duration.ofMinutes(1), 0))
        .hasMessageContaining("decommission.webhooks.max-per-user");
  }
}
