package org.decommission.worker;

import org.decommission.activities.Settings;
import org.decommission.activities.store.DeploymentRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The worker's beans; off when {@code decommission.worker.enabled=false} (an API-only process). */
@Configuration(proxyBeanMethods = false)
@Import(CoreConfiguration.class)
@ConditionalOnProperty(name = "decommission.worker.enabled", havingValue = "true", matchIfMissing = true)
public class WorkerConfiguration {

  @Bean
  DecommissionWorker decommissionWorker(
      LifecycleClient lifecycle, ReconcileClient reconcile, DeploymentRepository repository, Settings settings, DockerHosts dockerHosts) {
    return new DecommissionWorker(lifecycle, reconcile, repository, settings, dockerHosts.all());
  }
}
