package org.decommission.workflow.lifecycle;

import io.temporal.failure.CanceledFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.decommission.domain.ContainerPlan;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.Phase;
import org.decommission.domain.PortAssignment;
import org.decommission.domain.ReplicaInfo;
import org.decommission.domain.ReplicaState;
import org.decommission.workflow.HealthActivities;
import org.decommission.workflow.lifecycle.DeployAttempt.Undo;

/**
 * The deploy phases of one attempt, in order, each with the call it makes. A step that creates
 * something registers its undo just before the call, so the compensation undoes exactly what was
 * begun. A deploy resumed from a later phase asks again for what earlier phases made (the work
 * dir, the ports); those calls are idempotent.
 */
final class DeploySteps {
  /** One deploy phase and what it does. */
  record Step(Phase phase, Runnable run) {}

  private final LifecycleContext lc;
  private final DeployAttempt attempt;
  private final DeploymentSpec spec;
  private final BooleanSupplier interrupted;
  private String workdir;
  private List<PortAssignment> ports;
  /** The network the replicas join ("" for the host's), once asked for. */
  private String network;

  DeploySteps(LifecycleContext lc, DeployAttempt attempt, BooleanSupplier interrupted) {
    this.lc = lc;
    this.attempt = attempt;
    this.spec = attempt.target.spec();
    this.interrupted = interrupted;
  }

  /** Every deploy phase, in the order of {@link Phase#DEPLOY}. */
  List<Step> all() {
    return List.of(
        new Step(Phase.PULL_IMAGE, this::pullImage),
        new Step(Phase.PREPARE_WORKDIR, this::workdir),
        new Step(Phase.CREATE_VOLUMES, this::createVolumes),
        new Step(Phase.CREATE_NETWORK, this::network),
        new Step(Phase.ALLOCATE_PORTS, this::ports),
        new Step(Phase.CREATE_CONTAINERS, this::createContainers),
        new Step(Phase.START, this::start),
        new Step(Phase.HEALTH_CHECK, this::healthCheck),
        new Step(Phase.UPDATE_ROUTES, this::updateRoutes));
  }

  /**
   * Runs the phases from {@code from} on, each recorded as it begins. A delete or cancel accepted
   * meanwhile stops the attempt at the next phase boundary.
   */
  void runFrom(Phase from) {
    List<Step> steps = all();
    for (Step step : steps.subList(Phase.DEPLOY.indexOf(from), steps.size())) {
      if (interrupted.getAsBoolean()) {
        throw new CanceledFailure("interrupted before " + step.phase());
      }
      if (step.phase() == Phase.CREATE_NETWORK && !ownNetwork()) {
        continue; // the host's network: nothing to create
      }
      lc.recorder.enterPhase(step.phase());
      step.run().run();
    }
  }

  private void pullImage() {
    if (lc.deploy.pull("pull " + spec.image() + " unless it is on host " + lc.host).ensureImage(lc.id, spec.image())) {
      lc.store.recordImagePulled(lc.id);
    }
  }

  private String workdir() {
    if (workdir == null) {
      attempt.register(Undo.WORKDIR, keep -> {
        if (!keep) {
          lc.teardown.files().removeWorkdirOfAttempt(lc.id, attempt.id);
        }
      });
      workdir = lc.deploy.files().prepareWorkdir(lc.id, attempt.id);
    }
    return workdir;
  }

  private void createVolumes() {
    attempt.register(Undo.VOLUMES, keep -> {
      if (!keep) {
        lc.teardown.docker().removeAttemptVolumes(lc.id, attempt.id);
      }
    });
    lc.deploy.docker("create " + spec.volumes().size() + " volume(s)").createVolumes(lc.id, attempt.revision(), attempt.id, spec.replicaCount(), spec.volumes(), attempt.target.owner());
  }

  /**
   * The deployment's own network, created (idempotently) the first time it is asked for; "" when
   * the replicas share the host's network (an admin's spec, or a run from before networks).
   */
  private String network() {
    if (network == null) {
      if (!ownNetwork()) {
        network = "";
      } else {
        attempt.register(Undo.NETWORK, keep -> {
          if (!keep) {
            lc.teardown.docker().removeAttemptNetwork(lc.id, attempt.id);
          }
        });
        network = lc.deploy.docker("create network dcm-net-" + lc.id).createNetwork(lc.id, attempt.id);
      }
    }
    return network;
  }

  private boolean ownNetwork() {
    return !spec.hostNetwork() && Changes.networks();
  }

  private List<PortAssignment> ports() {
    if (ports == null) {
      attempt.register(Undo.PORTS, keep -> lc.store.releaseAttemptPorts(lc.id, attempt.id));
      ports = lc.store.allocatePorts(lc.id, attempt.revision(), attempt.id);
    }
    return ports;
  }

  private void createContainers() {
    String dir = workdir();
    String joins = network();
    ContainerPlan plan = ContainerPlan.of(
        lc.id, attempt.target.owner(), lc.host, attempt.revision(), spec, ports(), dir, joins.isEmpty() ? null : joins);
    attempt.register(Undo.CONTAINERS, keep -> {
      lc.teardown.docker().removeRevision(lc.id, attempt.revision(), keep);
      if (keep) {
        lc.store.setReplicaStates(lc.id, ReplicaState.STOPPED);
      } else {
        lc.store.recordReplicas(lc.id, attempt.revision(), List.of());
      }
    });
    List<ReplicaInfo> replicas = lc.deploy.docker("create " + plan.replicas().size() + " replica(s) of " + plan.image()).createContainers(plan);
    lc.store.recordReplicas(lc.id, attempt.revision(), replicas);
  }

  private void start() {
    lc.deploy.docker("start the replicas of revision " + attempt.revision()).startContainers(lc.id, attempt.revision());
    lc.store.setReplicaStates(lc.id, ReplicaState.RUNNING);
  }

  private void healthCheck() {
    DeploymentSpec.HealthCheckSpec check = spec.healthCheck();
    if (check == null || check.type() == null || check.type() == DeploymentSpec.HealthCheckType.NONE) {
      return;
    }
    lc.deploy.health("wait up to " + check.timeoutOrDefault() + "s for " + spec.replicaCount() + " replica(s) to answer " + check.type()).awaitHealthy(
        new HealthActivities.HealthProbe(
            lc.id, check.type(), hostPorts(check.port()), check.path() == null ? "/" : check.path(), check.timeoutOrDefault()));
  }

  private void updateRoutes() {
    if (spec.route() == null) {
      return;
    }
    attempt.register(Undo.ROUTE, keep -> lc.teardown.files().removeRoute(lc.id));
    lc.deploy.files().writeRoute(lc.id, spec.route().host(), hostPorts(spec.route().port()));
  }

  private List<Integer> hostPorts(String portName) {
    List<PortAssignment> assigned = ports();
    List<Integer> result = new ArrayList<>();
    for (int i = 0; i < spec.replicaCount(); i++) {
      result.add(ContainerPlan.hostPort(assigned, i, portName));
    }
    return result;
  }
}
