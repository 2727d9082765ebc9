package org.decommission.api.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.decommission.activities.Settings;
import org.decommission.activities.store.SweepStore;
import org.decommission.worker.DecommissionProperties;
import org.decommission.worker.ReconcileClient;
import org.decommission.workflow.SweepReport;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** System endpoints, for admins only (the security configuration says so for /api/system/**). */
@RestController
@RequestMapping("/api/system")
class SystemController {
  private final Settings settings;
  private final DecommissionProperties properties;
  private final ReconcileClient reconcile;
  private final SweepStore sweeps;

  SystemController(Settings settings, DecommissionProperties properties, ReconcileClient reconcile, SweepStore sweeps) {
    this.settings = settings;
    this.properties = properties;
    this.reconcile = reconcile;
    this.sweeps = sweeps;
  }

  record SweepReports(List<SweepReport> reports) {}

  /**
   * Sweeps every Docker host now and answers with what each sweep found and did; with {@code
   * ?dryRun=true} (or {@code decommission.reconcile.dry-run}) it only reports.
   */
  @PostMapping("/cleanup/run")
  SweepReports runCleanup(@RequestParam(required = false) Boolean dryRun) {
    boolean dry = dryRun != null ? dryRun : properties.reconcile().dryRun();
    return new SweepReports(reconcile.sweepNow(dry));
  }

  record ReconcileSettings(Duration interval, Duration errorRetention, Duration orphanGrace, boolean dryRun, boolean events, List<String> hosts) {}

  record Totals(long runs, long ghosts, long drift, long failedExpired, long orphansRemoved, long orphanNetworksRemoved,
      long staleRoutesRemoved, long adopted, long namesFreed, long portsFreed, long errors) {}

  record CleanupStats(ReconcileSettings settings, Totals totals, List<SweepReport> lastRuns) {}

  /** The reconciler's settings, the totals of its last runs, and those runs (newest first). */
  @GetMapping("/cleanup/stats")
  CleanupStats cleanupStats(@RequestParam(defaultValue = "20") int limit) {
    List<SweepReport> runs = sweeps.lastSweeps(Math.max(1, Math.min(limit, 500)));
    Totals totals = new Totals(
        runs.size(),
        runs.stream().mapToLong(SweepReport::ghosts).sum(),
        runs.stream().mapToLong(SweepReport::drift).sum(),
        runs.stream().mapToLong(SweepReport::failedExpired).sum(),
        runs.stream().filter(r -> !r.dryRun()).mapToLong(SweepReport::orphansRemoved).sum(),
        runs.stream().filter(r -> !r.dryRun()).mapToLong(SweepReport::orphanNetworksRemoved).sum(),
        runs.stream().filter(r -> !r.dryRun()).mapToLong(SweepReport::staleRoutesRemoved).sum(),
        runs.stream().mapToLong(SweepReport::adopted).sum(),
        runs.stream().mapToLong(SweepReport::namesFreed).sum(),
        runs.stream().mapToLong(SweepReport::portsFreed).sum(),
        runs.stream().mapToLong(r -> r.errors().size()).sum());
    DecommissionProperties.Reconcile r = properties.reconcile();
    return new CleanupStats(
        new ReconcileSettings(r.interval(), r.errorRetention(), r.orphanGrace(), r.dryRun(), r.events(), reconcile.hosts()), totals, runs);
  }

  record SettingsView(String dataDir, String portRange, String portHostIp, boolean hostNetworkAllowed, Duration retention,
      Duration stopGrace, Map<String, String> dockerHosts, String temporalTarget, String temporalNamespace, boolean worker,
      String pullPolicy, List<String> registriesWithCredentials, Duration snapshotRetention, long snapshotMinFreeBytes, String routeProvider,
      org.decommission.worker.WebhookProperties webhooks) {}

  /** The settings in force, as this process read them. */
  @GetMapping("/settings")
  SettingsView settings() {
    return new SettingsView(
        settings.dataDir().toString(),
        settings.portLow() + "-" + settings.portHigh(),
        settings.publishIp(),
        properties.network().allowHost(),
        settings.retention(),
        settings.stopGrace(),
        properties.docker().hostsOrDefault(),
        properties.temporal().ownEngine() ? properties.temporal().embedded() + " on 127.0.0.1:" + properties.temporal().embeddedPort()
            : properties.temporal().target(),
        properties.temporal().namespace(),
        properties.worker().enabled(),
        properties.images().pullPolicy(),
        // The hosts only: a registry's credentials are never shown.
        properties.registries() == null ? List.of() : properties.registries().keySet().stream().sorted().toList(),
        properties.snapshots().retention(),
        properties.snapshots().minFree().toBytes(),
        properties.routes().provider(),
        properties.webhooks());
  }
}
