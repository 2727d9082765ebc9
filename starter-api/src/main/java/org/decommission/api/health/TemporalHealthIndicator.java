package org.decommission.api.health;

import org.decommission.worker.TemporalConnection;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** UP when the Temporal frontend answers its gRPC health check. */
@Component("temporal")
class TemporalHealthIndicator extends AbstractHealthIndicator {
  private final TemporalConnection temporal;

  TemporalHealthIndicator(TemporalConnection temporal) {
    this.temporal = temporal;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    var response = temporal.stubs().healthCheck();
    builder.withDetail("target", temporal.target()).withDetail("status", response.getStatus().name());
    if (response.getStatus().name().equals("SERVING")) {
      builder.up();
    } else {
      builder.down();
    }
  }
}
