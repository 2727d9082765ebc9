package org.decommission.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.decommission.api.ApiException;
import org.junit.jupiter.api.Test;

/** The event names a subscription may ask for. */
class WebhookServiceTest {

  @Test
  void knownNamesAreKeptOnceInTheirOrderAndNoneMeansEvery() {
    assertThat(WebhookService.events(List.of("deployment-purged", "deployment-deleted", "deployment-purged")))
        .containsExactly("deployment-purged", "deployment-deleted");
    assertThat(WebhookService.events(null)).isEmpty();
    assertThat(WebhookService.events(List.of())).isEmpty();
  }

  @Test
  void anUnknownNameIsRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> WebhookService.events(Arrays.asList("deployment-deleted", "deployment-exploded", null)))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status().value()).isEqualTo(400);
          assertThat(e.getMessage()).contains("[deployment-exploded, null]").contains("known: [deployment-cancelled, deployment-created");
        });
  }
}
