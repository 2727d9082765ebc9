package org.decommission.worker;

import javax.sql.DataSource;
import org.decommission.activities.Settings;
import org.decommission.activities.store.PortProbe;
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
      LifecycleClient lifecycle, ReconcileClient reconcile, DataSource dataSource, Settings settings, DockerHosts dockerHosts,
      DecommissionProperties properties, org.decommission.activities.files.Snapshots snapshots, WebhookClient webhooks) {
    var schedules = io.temporal.client.schedules.ScheduleClient.newInstance(lifecycle.workflowClient().getWorkflowServiceStubs(),
        io.temporal.client.schedules.ScheduleClientOptions.newBuilder().setNamespace(lifecycle.workflowClient().getOptions().getNamespace()).build());
    return new DecommissionWorker(lifecycle, reconcile, new PurgeBackstop(schedules, properties.delete().backstopInterval()), dataSource, settings,
        dockerHosts.all(), properties.installationId(dataSource), PortProbe.localBind(properties.docker().localHosts()),
        properties.imageSettings(new org.decommission.activities.store.PulledImages(dataSource)), snapshots,
        properties.routes().provider(settings.dataDir()), webhooks, properties.webhooks().settings());
  }
}
