package org.decommission.worker;

import java.util.List;
import javax.sql.DataSource;
import org.decommission.activities.Settings;
import org.decommission.activities.store.DeploymentQueries;
import org.decommission.activities.store.DeploymentStore;
import org.decommission.activities.store.HistoryStore;
import org.decommission.activities.store.ReceiptStore;
import org.decommission.activities.store.RevisionStore;
import org.decommission.activities.store.SweepStore;
import org.decommission.workflow.LifecycleSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What both processes need: settings, the database, the stores, the Temporal client. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DecommissionProperties.class)
public class CoreConfiguration {

  @Bean
  Settings settings(DecommissionProperties properties) {
    return properties.settings();
  }

  @Bean(destroyMethod = "close")
  Database database(
      DecommissionProperties properties,
      @Value("${spring.datasource.url:}") String url,
      @Value("${spring.datasource.username:postgres}") String username,
      @Value("${spring.datasource.password:}") String password) {
    return new Database(url, username, password, properties.dataDirPath());
  }

  @Bean
  DataSource dataSource(Database database) {
    return database.dataSource();
  }

  @Bean
  DeploymentStore deploymentStore(DataSource dataSource) {
    return new DeploymentStore(dataSource);
  }

  @Bean
  RevisionStore revisionStore(DataSource dataSource) {
    return new RevisionStore(dataSource);
  }

  @Bean
  org.decommission.activities.store.CapacityLedger capacityLedger(DataSource dataSource) {
    return new org.decommission.activities.store.CapacityLedger(dataSource);
  }

  @Bean
  ReceiptStore receiptStore(DataSource dataSource) {
    return new ReceiptStore(dataSource);
  }

  @Bean
  HistoryStore historyStore(DataSource dataSource) {
    return new HistoryStore(dataSource);
  }

  @Bean
  org.decommission.activities.files.Snapshots snapshots(DecommissionProperties properties) {
    return properties.snapshotStore();
  }

  @Bean
  org.decommission.activities.store.MetricsStore metricsStore(DataSource dataSource) {
    return new org.decommission.activities.store.MetricsStore(dataSource);
  }

  @Bean
  SweepStore sweepStore(DataSource dataSource) {
    return new SweepStore(dataSource);
  }

  @Bean
  DeploymentQueries deploymentQueries(DataSource dataSource) {
    return new DeploymentQueries(dataSource);
  }

  @Bean
  org.decommission.activities.store.IdempotencyKeys idempotencyKeys(DataSource dataSource) {
    return new org.decommission.activities.store.IdempotencyKeys(dataSource);
  }

  @Bean(destroyMethod = "close")
  DockerHosts dockerHosts(DecommissionProperties properties) {
    return new DockerHosts(properties.docker().hostsOrDefault());
  }

  @Bean(destroyMethod = "close")
  TemporalConnection temporalConnection(
      DecommissionProperties properties, org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> metrics) {
    return new TemporalConnection(properties.temporal(), properties.dataDirPath(), metrics.getIfAvailable());
  }

  @Bean
  ReconcileClient reconcileClient(TemporalConnection temporal, DecommissionProperties properties) {
    return new ReconcileClient(
        temporal.client(), List.copyOf(properties.docker().hostsOrDefault().keySet()), properties.reconcile());
  }

  @Bean
  org.decommission.activities.store.WebhookStore webhookStore(DataSource dataSource) {
    return new org.decommission.activities.store.WebhookStore(dataSource);
  }

  @Bean
  org.decommission.activities.store.WebhookDeliveries webhookDeliveries(DataSource dataSource) {
    return new org.decommission.activities.store.WebhookDeliveries(dataSource);
  }

  @Bean
  WebhookClient webhookClient(TemporalConnection temporal, org.decommission.activities.store.WebhookStore webhooks) {
    return new WebhookClient(temporal.client(), webhooks);
  }

  @Bean
  LifecycleClient lifecycleClient(TemporalConnection temporal, DecommissionProperties properties) {
    return new LifecycleClient(
        temporal.client(),
        new LifecycleSettings(properties.delete().stepAttempts(), properties.failed().keep(), temporal.searchAttributes()));
  }
}
