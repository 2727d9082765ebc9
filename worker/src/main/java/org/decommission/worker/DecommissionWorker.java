package org.decommission.worker;

import com.github.dockerjava.api.DockerClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.decommission.activities.Settings;
import org.decommission.activities.docker.DockerActivitiesImpl;
import org.decommission.activities.docker.ImageSettings;
import org.decommission.activities.files.Snapshots;
import org.decommission.activities.health.HealthActivitiesImpl;
import org.decommission.activities.files.HostFileActivitiesImpl;
import org.decommission.activities.routes.RouteProvider;
import org.decommission.activities.store.DeploymentStore;
import org.decommission.activities.store.HistoryStore;
import org.decommission.activities.store.WebhookStore;
import org.decommission.activities.webhooks.WebhookActivitiesImpl;
import org.decommission.activities.store.PortProbe;
import org.decommission.activities.store.StoreActivitiesImpl;
import org.decommission.activities.store.SweepStore;
import org.decommission.domain.DeploymentRecord;
import org.decommission.workflow.ActivityPolicies;
import org.decommission.workflow.lifecycle.DeploymentLifecycleWorkflowImpl;
import org.decommission.workflow.ReconcileWorkflowImpl;
import org.decommission.workflow.TaskQueues;
import org.decommission.workflow.teardown.TeardownActivitiesImpl;
import org.decommission.workflow.teardown.TeardownRecordsImpl;
import org.decommission.workflow.WebhookSettings;
import org.decommission.workflow.WebhookWorkflowImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The worker: workflows and database activities on the main queue, Docker and file activities on
 * one queue per Docker host. When it starts it adopts every unfinished deployment.
 */
public class DecommissionWorker implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(DecommissionWorker.class);

  private final WorkerFactory factory;
  private final DeploymentStore deployments;
  private final LifecycleClient lifecycle;
  private final Map<String, DockerClient> dockerHosts;
  private final Settings settings;
  private final ReconcileClient reconcile;
  private volatile boolean running;
  private final java.util.List<DockerEventListener> listeners = new java.util.ArrayList<>();
  /** This installation's id, stamped on every Docker object its activities make. */
  private final String installation;
  /** One per Docker host; each owns a thread pool, closed when the worker stops. */
  private final java.util.List<DockerActivitiesImpl> dockerActivities = new java.util.ArrayList<>();

  private final PurgeBackstop backstop;
  private final WebhookClient webhooks;
  private final WebhookNotifier webhookNotifier;

  public DecommissionWorker(
      LifecycleClient lifecycle, ReconcileClient reconcile, PurgeBackstop backstop, DataSource dataSource, Settings settings,
      Map<String, DockerClient> dockerHosts, String installation, PortProbe ports, ImageSettings images,
      Snapshots snapshots, RouteProvider routes, WebhookClient webhooks, WebhookSettings webhookSettings) {
    this.backstop = backstop;
    this.webhooks = webhooks;
    this.webhookNotifier = new WebhookNotifier(new HistoryStore(dataSource), new WebhookStore(dataSource), webhooks);
    this.installation = installation;
    this.lifecycle = lifecycle;
    this.reconcile = reconcile;
    this.deployments = new DeploymentStore(dataSource);
    this.dockerHosts = dockerHosts;
    this.settings = settings;
    this.factory = WorkerFactory.newInstance(lifecycle.workflowClient());
    Worker main = factory.newWorker(TaskQueues.MAIN);
    main.registerWorkflowImplementationTypes(
        DeploymentLifecycleWorkflowImpl.class, ReconcileWorkflowImpl.class, org.decommission.workflow.PurgeBackstopWorkflowImpl.class,
        WebhookWorkflowImpl.class);
    StoreActivitiesImpl store = new StoreActivitiesImpl(dataSource, settings, ports);
    main.registerActivitiesImplementations(
        store, new TeardownRecordsImpl(store), new PurgeBackstopActivitiesImpl(new SweepStore(dataSource), deployments, lifecycle),
        new WebhookActivitiesImpl(dataSource, webhookSettings));
    for (Map.Entry<String, DockerClient> host : dockerHosts.entrySet()) {
      Worker hostWorker =
          factory.newWorker(
              TaskQueues.docker(host.getKey()),
              WorkerOptions.newBuilder().setMaxHeartbeatThrottleInterval(ActivityPolicies.HEARTBEAT_THROTTLE).build());
      DockerActivitiesImpl docker = new DockerActivitiesImpl(
          host.getKey(), host.getValue(), settings.stopGrace(), settings.dataDir(), installation, settings.publishIp(), images, snapshots);
      dockerActivities.add(docker);
      HostFileActivitiesImpl files = new HostFileActivitiesImpl(settings.dataDir(), settings.reachableIp(), routes);
      hostWorker.registerActivitiesImplementations(
          docker,
          new HealthActivitiesImpl(settings.reachableIp()),
          files,
          new TeardownActivitiesImpl(docker, files, store),
          new ReconcileActivitiesImpl(
              dockerHosts, new SweepStore(dataSource), deployments, lifecycle, reconcile.settings(), installation, snapshots, routes));
    }
  }

  @Override
  public void start() {
    warnIfPoolIsEphemeral();
    factory.start();
    for (Map.Entry<String, DockerClient> host : reconcile.settings().events() ? dockerHosts.entrySet() : Map.<String, DockerClient>of().entrySet()) {
      DockerEventListener listener = new DockerEventListener(host.getKey(), host.getValue(), lifecycle, deployments::status, installation);
      listener.start();
      listeners.add(listener);
    }
    running = true;
    log.info("worker of installation {} polling {} and {}", installation, TaskQueues.MAIN, dockerHosts.keySet().stream().map(TaskQueues::docker).toList());
    adoptUnfinished();
    try {
      reconcile.ensureLoops();
      log.info("reconcile loops run for {} every {}{}", reconcile.hosts(), reconcile.settings().interval(),
          reconcile.settings().dryRun() ? " (dry run)" : "");
    } catch (RuntimeException e) {
      log.error("could not start the reconcile loops: {}", e.getMessage());
    }
    try {
      backstop.ensure();
    } catch (RuntimeException e) {
      log.error("could not keep the purge backstop's schedule {}: {}", PurgeBackstop.ID, e.getMessage());
    }
    ensureWebhooks();
  }

  /** Every active webhook subscription gets its workflow back if it has none; then new rows wake them. */
  private void ensureWebhooks() {
    try {
      log.info("webhooks: {} active subscription(s) have a running workflow", webhooks.ensureActive());
    } catch (RuntimeException e) {
      log.error("could not start the webhook workflows: {}", e.getMessage());
    }
    webhookNotifier.start();
  }

  /**
   * A pool port inside the kernel's ephemeral range can be held at any moment as the source port
   * of an outgoing connection, and a replica then fails to listen on it. Say so at start.
   */
  private void warnIfPoolIsEphemeral() {
    try {
      String[] range = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      int low = Integer.parseInt(range[0]);
      int high = Integer.parseInt(range[1]);
      if (settings.portLow() <= high && settings.portHigh() >= low) {
        log.warn("decommission.ports.range {}-{} overlaps the kernel's ephemeral port range {}-{}: a replica may find its"
            + " port taken by an outgoing connection. Choose a pool outside it (the default 20000-29999 is).",
            settings.portLow(), settings.portHigh(), low, high);
      }
    } catch (java.io.IOException | RuntimeException unknown) {
      log.debug("ephemeral port range unknown: {}", unknown.getMessage());
    }
  }

  /**
   * Starts the workflow of every deployment that is not final and has none running; each resumes
   * from the status and phase recorded in the database. The running ones are read from the
   * engine first, in one visibility query: after a plain restart every workflow still runs, and
   * a start call for each (one round trip apiece, in turn) kept a thousand deployments' start
   * waiting half a minute. An engine that cannot say is asked about each deployment instead.
   */
  public int adoptUnfinished() {
    java.util.Set<String> running = runningOrUnknown();
    int adopted = 0;
    int started = 0;
    for (DeploymentRecord record : deployments.findUnfinished()) {
      if (running.contains(record.id())) {
        adopted++;
        continue;
      }
      try {
        lifecycle.ensureRunning(record);
        adopted++;
        started++;
      } catch (RuntimeException e) {
        log.error("[{} {}] could not adopt the deployment: {}", record.id(), record.phase(), e.getMessage());
      }
    }
    log.info("adoption: {} unfinished deployment(s) have a running workflow ({} started again)", adopted, started);
    return adopted;
  }

  /** The deployments whose workflow runs, or none when the engine cannot say (each is then asked in turn). */
  private java.util.Set<String> runningOrUnknown() {
    try {
      return lifecycle.runningDeploymentIds();
    } catch (RuntimeException e) {
      log.warn("adoption: the engine could not list the running workflows ({}); every unfinished deployment is asked in turn", e.getMessage());
      return java.util.Set.of();
    }
  }

  @Override
  public void stop() {
    running = false;
    webhookNotifier.close();
    listeners.forEach(DockerEventListener::close);
    listeners.clear();
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    // The Docker activities' pools end last, once the engine no longer hands them work.
    dockerActivities.forEach(DockerActivitiesImpl::close);
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
