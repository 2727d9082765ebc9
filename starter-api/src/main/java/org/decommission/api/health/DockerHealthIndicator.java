package org.decommission.api.health;

import com.github.dockerjava.api.DockerClient;
import java.util.Map;
import org.decommission.worker.DecommissionWorker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** UP when every Docker host this process serves answers a ping. */
@Component("docker")
class DockerHealthIndicator extends AbstractHealthIndicator {
  private final ObjectProvider<DecommissionWorker> worker;

  DockerHealthIndicator(ObjectProvider<DecommissionWorker> worker) {
    this.worker = worker;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.up();
    DecommissionWorker local = worker.getIfAvailable();
    if (local == null) {
      builder.withDetail("hosts", "none: this process runs no worker");
      return;
    }
    for (Map.Entry<String, DockerClient> host : local.dockerHosts().entrySet()) {
      try {
        host.getValue().pingCmd().exec();
        builder.withDetail(host.getKey(), "UP");
      } catch (RuntimeException e) {
        builder.down().withDetail(host.getKey(), "DOWN: " + e.getMessage());
      }
    }
  }
}
