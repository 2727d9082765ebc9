package org.decommission.activities.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.decommission.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

/** An Idempotency-Key's first answer is kept for its time to live, then forgotten. */
class IdempotencyKeysIT {
  final IdempotencyKeys keys = new IdempotencyKeys(TestPostgres.dataSource());

  @Test
  void aKeyIsClaimedOnceWithinItsTimeToLiveAndForgottenAfter() throws Exception {
    String owner = StoreFixture.unique("owner");
    Duration ttl = Duration.ofSeconds(1);
    assertThat(keys.claim(owner, "k", "POST /api/deployments a", ttl)).isTrue();
    keys.complete(owner, "k", 202, "application/json", "{}");
    assertThat(keys.claim(owner, "k", "POST /api/deployments a", ttl)).as("within the time to live").isFalse();
    assertThat(keys.find(owner, "k")).get().extracting(IdempotencyKeys.Answer::status).isEqualTo(202);
    assertThat(keys.claim(StoreFixture.unique("other"), "k", "POST /api/deployments a", ttl)).as("another owner's key").isTrue();

    Thread.sleep(1_200);
    assertThat(keys.claim(owner, "k", "POST /api/deployments b", ttl)).as("after the time to live").isTrue();
    assertThat(keys.find(owner, "k")).get().extracting(IdempotencyKeys.Answer::request).isEqualTo("POST /api/deployments b");
  }
}
