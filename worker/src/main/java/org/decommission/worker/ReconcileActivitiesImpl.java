package org.decommission.worker;

import com.github.dockerjava.api.DockerClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.decommission.activities.docker.DockerErrors;
import org.decommission.activities.routes.RouteProvider;
import org.decommission.activities.store.DeploymentStore;
import org.decommission.activities.store.SweepStore;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.Labels;
import org.decommission.domain.SweepPlan;
import org.decommission.workflow.LifecycleRequest;
import org.decommission.workflow.ReconcileActivities;
import org.decommission.workflow.SweepReport;
import org.decommission.activities.files.Snapshots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@link ReconcileActivities}: reads Docker (one label-filtered list), the database (one query)
 * and the engine (the running lifecycle workflows, a page per thousand), side by side ({@link
 * SweepInputs}), plans with {@link SweepPlan}, and acts through the deployments' workflows, so
 * that every status change still goes through one place. Only an orphan container or network is removed here, after checking
 * its labels once more, and a stale route, after reading its deployment's status once more. The
 * routes are read apart: a proxy that cannot be read is reported, and the rest of the sweep goes on.
 */
public class ReconcileActivitiesImpl implements ReconcileActivities {
  private static final Logger log = LoggerFactory.getLogger(ReconcileActivitiesImpl.class);
  static final String ACTOR = "reconciler";

  private final Map<String, DockerClient> hosts;
  private final SweepStore sweeps;
  private final DeploymentStore deployments;
  private final LifecycleClient lifecycle;
  private final Duration errorRetention;
  private final Duration orphanGrace;
  /** This installation's id: another's containers on a shared host are never looked at. */
  private final String installation;
  /** The snapshots under this worker's data dir: each sweep removes those past their retention. */
  private final Snapshots snapshots;
  private final StaleRoutes routes;
  private final SweepInputs inputs;

  public ReconcileActivitiesImpl(
      Map<String, DockerClient> hosts, SweepStore sweeps, DeploymentStore deployments, LifecycleClient lifecycle,
      DecommissionProperties.Reconcile settings, String installation, Snapshots snapshots, RouteProvider routes) {
    this.installation = installation;
    this.snapshots = snapshots;
    this.routes = new StaleRoutes(routes, sweeps);
    this.inputs = new SweepInputs(sweeps, lifecycle, this.routes, installation);
    this.hosts = hosts;
    this.sweeps = sweeps;
    this.deployments = deployments;
    this.lifecycle = lifecycle;
    this.errorRetention = settings.errorRetention();
    this.orphanGrace = settings.orphanGrace();
  }

  @Override
  public SweepReport sweep(String host, boolean dryRun) {
    MDC.put("phase", "RECONCILE");
    try {
      return sweepHost(host, dryRun);
    } finally {
      MDC.remove("phase");
    }
  }

  private SweepReport sweepHost(String host, boolean dryRun) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    List<String> errors = new ArrayList<>();
    DockerClient docker = hosts.get(host);
    SweepInputs.Read read = inputs.read(docker, host);
    if (read.unreadable() != null) {
      return unreadable(host, dryRun, started, t0, read.unreadable());
    }
    if (read.routesError() != null) {
      errors.add(read.routesError());
      log.warn("[reconcile {}] {}", host, read.routesError());
    }
    List<SweepPlan.Record> records = read.records();
    SweepPlan plan = SweepPlan.plan(
        records, read.containers(), read.networks(), read.routes(), read.withWorkflow(), Instant.now(), errorRetention, orphanGrace);
    Freed freed = new Freed();
    if (!dryRun) {
      for (SweepPlan.Action action : plan.actions()) {
        try {
          apply(docker, host, action, freed);
        } catch (RuntimeException e) {
          errors.add(action.kind() + " " + (action.containerName() != null ? action.containerName() : action.deploymentId()) + ": " + e.getMessage());
          log.warn("[reconcile {}] {} of {} failed: {}", host, action.kind(), action.deploymentId(), e.getMessage());
        }
      }
    }
    if (!dryRun) {
      expireSnapshots(host, errors);
    }
    SweepReport report = new SweepReport(
        host, dryRun, started, (System.nanoTime() - t0) / 1_000_000, records.size(), read.containers().size(),
        plan.count(SweepPlan.Kind.GHOST), plan.count(SweepPlan.Kind.DRIFT), plan.count(SweepPlan.Kind.EXPIRE_FAILED),
        plan.count(SweepPlan.Kind.REMOVE_ORPHAN), plan.count(SweepPlan.Kind.REMOVE_ORPHAN_NETWORK), plan.count(SweepPlan.Kind.REMOVE_STALE_ROUTE),
        plan.count(SweepPlan.Kind.ADOPT), freed.names, 0, errors, plan.actions());
    record(report);
    return report;
  }

  /**
   * What the sweep's actions freed: counted as each step is accepted, so a refused step counts
   * nothing. No port is freed by a sweep: an expired failure is deleted, and its ports stay
   * retained until its purge, at the end of the retention window.
   */
  private static final class Freed {
    long names;
  }

  private void apply(DockerClient docker, String host, SweepPlan.Action action, Freed freed) {
    switch (action.kind()) {
      case GHOST, DRIFT -> {
        String what = "reconcile sweep: " + action.detail();
        if (!lifecycle.containersChanged(action.deploymentId(), what)) {
          lifecycle.ensureRunning(load(action.deploymentId()));
          lifecycle.containersChanged(action.deploymentId(), what);
        }
      }
      case EXPIRE_FAILED -> expire(action, freed);
      case REMOVE_ORPHAN -> removeOrphan(docker, host, action);
      case ADOPT -> lifecycle.ensureRunning(load(action.deploymentId()));
      case REMOVE_ORPHAN_NETWORK -> removeOrphanNetwork(docker, host, action);
      case REMOVE_STALE_ROUTE -> routes.remove(action);
    }
    log.info("[reconcile {}] {} {}: {}", host, action.kind(), action.containerName() != null ? action.containerName() : action.deploymentId(), action.detail());
  }

  /**
   * Deletes an expired failure: its name is free once the delete is accepted (a deleted
   * deployment holds no name). It is not purged at once: like every delete it keeps its data
   * for the retention window, and the workflow's timer purges it then (or a user, before).
   */
  private void expire(SweepPlan.Action action, Freed freed) {
    lifecycle.request(load(action.deploymentId()), new LifecycleRequest.Delete(ACTOR, action.detail()));
    freed.names++;
  }

  /**
   * Removes an orphan, after reading its labels again: never one that is not this installation's
   * and this host's.
   */
  private void removeOrphan(DockerClient docker, String host, SweepPlan.Action action) {
    // A container removed meanwhile has reached the goal: "already gone" is success.
    DockerErrors.ignoringMissing(() -> {
      Map<String, String> labels = docker.inspectContainerCmd(action.containerId()).exec().getConfig().getLabels();
      if (labels == null || !"true".equals(labels.get(Labels.MANAGED)) || !host.equals(labels.get(Labels.HOST))
          || Labels.claim(labels, installation) != Labels.Claim.OURS) {
        throw new IllegalStateException("container " + action.containerName() + " is not ours on host " + host + "; left alone");
      }
      docker.removeContainerCmd(action.containerId()).withForce(true).withRemoveVolumes(false).exec();
    });
  }

  /**
   * Removes an orphan network, after reading its labels again. Docker refuses while a container
   * is attached; the next sweep tries again.
   */
  private void removeOrphanNetwork(DockerClient docker, String host, SweepPlan.Action action) {
    DockerErrors.ignoringMissing(() -> {
      Map<String, String> labels = docker.inspectNetworkCmd().withNetworkId(action.containerId()).exec().getLabels();
      if (labels == null || !"true".equals(labels.get(Labels.MANAGED)) || !host.equals(labels.get(Labels.HOST))
          || Labels.claim(labels, installation) != Labels.Claim.OURS) {
        throw new IllegalStateException("network " + action.containerName() + " is not ours on host " + host + "; left alone");
      }
      docker.removeNetworkCmd(action.containerId()).exec();
    });
  }

  private void expireSnapshots(String host, List<String> errors) {
    try {
      int expired = snapshots.expire(Instant.now());
      if (expired > 0) {
        log.info("[reconcile {}] {} snapshot(s) past decommission.snapshots.retention removed", host, expired);
      }
    } catch (RuntimeException e) {
      errors.add("EXPIRE_SNAPSHOTS: " + e.getMessage());
    }
  }

  private DeploymentRecord load(String id) {
    return deployments.load(UUID.fromString(id));
  }

  private SweepReport unreadable(String host, boolean dryRun, Instant started, long t0, String error) {
    log.error("[reconcile {}] sweep changed nothing: {}", host, error);
    SweepReport report = new SweepReport(host, dryRun, started, (System.nanoTime() - t0) / 1_000_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        List.of(error), List.of());
    record(report);
    return report;
  }

  private void record(SweepReport report) {
    try {
      sweeps.recordSweep(report);
    } catch (RuntimeException e) {
      log.error("[reconcile {}] the sweep could not be recorded: {}", report.host(), e.getMessage());
    }
  }
}
