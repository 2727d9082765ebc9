package org.decommission.api.health;

import com.github.dockerjava.api.DockerClient;
import java.util.Map;
import org.decommission.worker.DockerHosts;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** UP when every configured Docker host answers a ping. */
@Component("docker")
class DockerHealthIndicator extends AbstractHealthIndicator {
  private final DockerHosts hosts;

  DockerHealthIndicator(DockerHosts hosts) {
    this.hosts = hosts;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.up();
    for (Map.Entry<String, DockerClient> host : hosts.all().entrySet()) {
      try {
        host.getValue().pingCmd().exec();
        builder.withDetail(host.getKey(), "UP");
      } catch (RuntimeException e) {
        builder.down().withDetail(host.getKey(), "DOWN: " + e.getMessage());
      }
    }
  }
}
