package org.decommission.workflow;

import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.ContainerPlan;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Drift;
import org.decommission.domain.Naming;
import org.decommission.domain.Operation;
import org.decommission.domain.Phase;
import org.decommission.domain.PortAssignment;
import org.decommission.domain.ReplicaInfo;
import org.decommission.domain.VolumePurge;
import org.slf4j.Logger;

/** See {@link DeploymentLifecycleWorkflow}. Deterministic: activities and {@code Workflow.*} only. */
public class DeploymentLifecycleWorkflowImpl implements DeploymentLifecycleWorkflow {
  private static final Logger log = Workflow.getLogger(DeploymentLifecycleWorkflowImpl.class);
  private static final String SYSTEM = "system";
  /** Long lives continue as new once their history grows past this many events. */
  static final int HISTORY_LIMIT = 2_000;
  /** When a timed purge fails for good, the next try comes this much later. */
  static final Duration PURGE_RETRY = Duration.ofHours(1);
  /** A stuck delete or purge is tried again this much later, unless an admin forces it first. */
  static final Duration STUCK_RETRY = Duration.ofHours(1);

  private final StoreActivities store = Workflow.newLocalActivityStub(StoreActivities.class, ActivityPolicies.store());

  private record Queued(Operation operation, LifecycleRequest request) {}

  private final Deque<Queued> queue = new ArrayDeque<>();
  private String id;
  private String host;
  private DeploymentStatus status;
  private DeploymentStatus projected;
  private Phase phase;
  private Instant purgeAfter;
  private String lastError;
  private CancellationScope deployScope;
  /** A delete or cancel was accepted: the deploy under way, or about to begin, stops. */
  private boolean interruptRequested;
  /** The deploy phase the last failed attempt failed in. */
  private Phase failedPhase;
  /** What the last compensation could not remove ("" when it removed everything). */
  private String cleanupProblems = "";

  private DockerActivities deployDocker;
  private DockerActivities teardownDocker;
  private HostFileActivities deployFiles;
  private HostFileActivities teardownFiles;
  private DockerActivities forcedDocker;
  private HostFileActivities forcedFiles;
  private LifecycleSettings settings;
  /** A delete or purge step failed after its retry budget; it is tried again after STUCK_RETRY. */
  private boolean stuck;

  @Override
  public void run(LifecycleInput input) {
    id = input.deploymentId();
    host = input.host();
    status = input.status();
    projected = status;
    phase = input.phase();
    purgeAfter = input.purgeAfter();
    ActivityOptions deploy = ActivityPolicies.deploy(host);
    settings = input.settingsOrDefaults();
    ActivityOptions teardown = ActivityPolicies.teardown(host, settings.teardownAttemptsOrDefault());
    ActivityOptions forced = ActivityPolicies.forced(host);
    deployDocker = Workflow.newActivityStub(DockerActivities.class, deploy);
    teardownDocker = Workflow.newActivityStub(DockerActivities.class, teardown);
    forcedDocker = Workflow.newActivityStub(DockerActivities.class, forced);
    deployFiles = Workflow.newActivityStub(HostFileActivities.class, deploy);
    teardownFiles = Workflow.newActivityStub(HostFileActivities.class, teardown);
    forcedFiles = Workflow.newActivityStub(HostFileActivities.class, forced);
    publish();

    resumeWhatWasUnderWay();
    while (status != DeploymentStatus.PURGED) {
      if (stuck) {
        if (!Workflow.await(STUCK_RETRY, () -> !queue.isEmpty())) {
          stuck = false;
          log.info("[{} {}] trying the stuck step again", id, phase);
          resumeWhatWasUnderWay();
          continue;
        }
      } else if (!awaitRequestOrPurgeTime()) {
        perform(Operation.PURGE, new LifecycleRequest(SYSTEM, "retention elapsed"));
        if (status == DeploymentStatus.DELETED) {
          // The purge failed for a reason no retry mends (lastError says which): try again later
          // rather than at once, in a loop.
          purgeAfter = Instant.ofEpochMilli(Workflow.currentTimeMillis()).plus(PURGE_RETRY);
        }
        continue;
      }
      Queued next = queue.poll();
      perform(next.operation(), next.request());
      if (queue.isEmpty()) {
        projected = status;
        if (Workflow.getInfo().getHistoryLength() > HISTORY_LIMIT && status != DeploymentStatus.PURGED) {
          Workflow.await(Workflow::isEveryHandlerFinished);
          Workflow.continueAsNew(new LifecycleInput(id, host, status, phase, purgeAfter, settings));
        }
      }
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    log.info("[{} {}] lifecycle complete: deployment purged", id, phase);
  }

  /** After a restart (adoption) or continue-as-new, finishes the step the database says was running. */
  private void resumeWhatWasUnderWay() {
    switch (status) {
      case CREATING -> deploy(phase != null && phase.isDeploy() ? phase : Phase.PULL_IMAGE, SYSTEM, "deploy");
      case DELETING -> attempt("delete", () -> softDelete(new LifecycleRequest(SYSTEM, "delete resumed")));
      case PURGING -> attempt("purge", () -> purge(SYSTEM, "purge resumed", false, false));
      default -> {}
    }
    if (queue.isEmpty()) {
      projected = status;
    }
  }

  /** Waits for a request; for a DELETED deployment only until its purge time. False: purge now. */
  private boolean awaitRequestOrPurgeTime() {
    if (status != DeploymentStatus.DELETED || purgeAfter == null) {
      Workflow.await(() -> !queue.isEmpty());
      return true;
    }
    long waitMillis = purgeAfter.toEpochMilli() - Workflow.currentTimeMillis();
    log.info("[{} {}] deleted; purge at {} unless restored or purged before", id, phase, purgeAfter);
    return waitMillis > 0 && Workflow.await(Duration.ofMillis(waitMillis), () -> !queue.isEmpty());
  }

  private void perform(Operation operation, LifecycleRequest request) {
    if (operation == Operation.OBSERVE && !operation.allowedFrom(status)) {
      return; // a deployment in the middle of a step is changing its containers itself
    }
    if (!operation.allowedFrom(status, request.forced())) {
      // Accepted against a projected status that an earlier request did not reach.
      lastError = operation.verb() + " skipped: the deployment is " + status;
      log.warn("[{} {}] {}", id, phase, lastError);
      return;
    }
    if (operation == Operation.DELETE || operation == Operation.CANCEL) {
      interruptRequested = false;
    }
    String actor = request.actor() == null ? SYSTEM : request.actor();
    String reason = request.reason() == null ? operation.verb() + " requested" : request.reason();
    attempt(operation.verb(), () -> execute(operation, request, actor, reason));
  }

  /**
   * Runs one step so that its failure fails it alone (a restore whose name was taken meanwhile,
   * a purge refused by the database): the workflow, and with it the purge timer, lives on, and
   * the failure is kept as the last error.
   */
  private void attempt(String what, Runnable step) {
    try {
      step.run();
    } catch (ActivityFailure failure) {
      lastError = what + " failed: " + describe(failure);
      log.error("[{} {}] {}", id, phase, lastError);
      if (status == DeploymentStatus.DELETING || status == DeploymentStatus.PURGING) {
        // A delete or purge is half-done: say so loudly, and try again later.
        stuck = true;
        int attempts = failure.getRetryState() == io.temporal.api.enums.v1.RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED ? settings.teardownAttemptsOrDefault() : 1;
        store.recordStuck(id, phase, describe(failure), attempts);
      }
    }
  }

  private void execute(Operation operation, LifecycleRequest request, String actor, String reason) {
    switch (operation) {
      case DELETE -> softDelete(new LifecycleRequest(actor, reason, request.graceSeconds()));
      case PURGE -> {
        if (request.forced()) {
          forcePurge(actor, reason);
        } else {
          purge(actor, reason, request.keepsData(), false);
        }
      }
      case RESTORE -> {
        setStatus(DeploymentStatus.MISSING, actor, reason);
        purgeAfter = null;
      }
      case START -> deploy(Phase.PULL_IMAGE, actor, reason);
      case RESUME -> deploy(request.fromPhase(), actor, reason);
      case CANCEL -> setStatus(DeploymentStatus.CANCELLED, actor, reason);
      case OBSERVE -> followContainers(reason);
      case UPDATE -> update(request.revision(), actor, reason);
      case STOP -> {
        enterPhase(Phase.STOP_REPLICAS);
        teardownDocker.stopContainers(id, request.graceSeconds());
        store.setReplicaStates(id, "STOPPED");
        setStatus(DeploymentStatus.STOPPED, actor, reason);
      }
    }
  }

  // ---- deploy ----------------------------------------------------------------------------

  /** Deploys (a first deploy, a start, a resume): CREATING, then RUNNING, FAILED or interrupted. */
  private void deploy(Phase from, String actor, String reason) {
    setStatus(DeploymentStatus.CREATING, actor, reason);
    // Containers an earlier failure kept for debugging go first: this attempt makes its own.
    for (StoreActivities.KeptFailure kept : store.releaseKept(id)) {
      removeKept(kept);
    }
    try {
      runAttempt(store.loadDeployment(id), from, false);
      setStatus(DeploymentStatus.RUNNING, SYSTEM, "all deploy phases done");
      lastError = null;
    } catch (TemporalFailure failure) {
      if (interruptRequested) {
        log.info("[{} {}] deploy interrupted by a queued request; what it created is removed", id, phase);
        return;
      }
      lastError = describe(failure);
      log.error("[{} {}] deploy failed: {}", id, phase, lastError);
      setStatus(DeploymentStatus.FAILED, SYSTEM, failedPhase + " failed: " + lastError + cleanupProblems);
    }
  }

  /**
   * Rolls out a stored revision beside the serving one. The status stays RUNNING throughout: on
   * failure only the new revision's objects are removed and the old revision serves on.
   */
  private void update(int revision, String actor, String reason) {
    DeploymentRecord serving = store.loadDeployment(id);
    DeploymentRecord target = store.loadRevision(id, revision);
    log.info("[{} {}] rolling out revision {} beside revision {} ({}: {})", id, phase, revision, serving.revision(), actor, reason);
    try {
      runAttempt(target, Phase.PULL_IMAGE, true);
    } catch (TemporalFailure failure) {
      if (interruptRequested) {
        store.failRevision(id, revision, "revision " + revision + " cancelled mid-rollout by a queued request");
        return;
      }
      lastError = "revision " + revision + " failed in " + failedPhase + ": " + describe(failure);
      log.error("[{} {}] {}; revision {} keeps serving", id, phase, lastError, serving.revision());
      store.failRevision(id, revision, lastError + cleanupProblems + "; revision " + serving.revision() + " keeps serving");
      return;
    }
    // The route serves the new revision: record that, then retire the old one.
    store.activateRevision(id, revision, actor);
    enterPhase(Phase.RETIRE_REVISION);
    teardownDocker.removeRevision(id, serving.revision(), false);
    store.releaseRevisionPorts(id, serving.revision());
    lastError = null;
    log.info("[{} {}] revision {} serves; revision {} removed", id, phase, revision, serving.revision());
  }

  /**
   * One deploy attempt of {@code target}'s revision from {@code from}. When it fails or is
   * cancelled, the undo steps it registered run in a detached scope (a cancellation does not stop
   * them), and the failure is rethrown.
   */
  private void runAttempt(DeploymentRecord target, Phase from, boolean replacing) {
    DeployAttempt attempt = new DeployAttempt(Workflow.randomUUID().toString(), target, replacing);
    failedPhase = null;
    deployScope = Workflow.newCancellationScope(() -> runDeployPhases(attempt, from));
    if (interruptRequested) {
      // A delete or cancel was accepted before this attempt began: it does not begin.
      deployScope.cancel("interrupted before it began");
    }
    try {
      deployScope.run();
    } catch (TemporalFailure failure) {
      failedPhase = phase;
      Workflow.newDetachedCancellationScope(() -> cleanupProblems = compensate(attempt)).run();
      throw failure;
    } finally {
      deployScope = null;
    }
  }

  private void runDeployPhases(DeployAttempt attempt, Phase from) {
    DeploymentSpec spec = attempt.target.spec();
    int revision = attempt.revision();
    String workdir = null;
    List<PortAssignment> ports = null;
    for (Phase p : Phase.DEPLOY.subList(Phase.DEPLOY.indexOf(from), Phase.DEPLOY.size())) {
      enterPhase(p);
      switch (p) {
        case PULL_IMAGE -> {
          if (deployDocker.ensureImage(id, spec.image())) {
            store.recordImagePulled(id);
          }
        }
        case PREPARE_WORKDIR -> workdir = prepareWorkdir(attempt);
        case CREATE_VOLUMES -> {
          attempt.register(DeployAttempt.Undo.VOLUMES);
          deployDocker.createVolumes(id, revision, attempt.id, spec.replicaCount(), spec.volumes());
        }
        case ALLOCATE_PORTS -> ports = allocatePorts(attempt);
        case CREATE_CONTAINERS -> {
          // A resumed deploy asks again for what earlier phases made; both calls are idempotent.
          workdir = workdir != null ? workdir : prepareWorkdir(attempt);
          ports = ports != null ? ports : allocatePorts(attempt);
          attempt.register(DeployAttempt.Undo.CONTAINERS);
          List<ReplicaInfo> replicas =
              deployDocker.createContainers(ContainerPlan.of(id, host, revision, spec, ports, workdir));
          store.recordReplicas(id, revision, replicas);
        }
        case START -> {
          deployDocker.startContainers(id, revision);
          store.setReplicaStates(id, "RUNNING");
        }
        case HEALTH_CHECK -> {
          if (spec.healthCheck() != null && spec.healthCheck().type() != null
              && spec.healthCheck().type() != DeploymentSpec.HealthCheckType.NONE) {
            ports = ports != null ? ports : allocatePorts(attempt);
            deployDocker.awaitHealthy(
                new DockerActivities.HealthProbe(
                    id,
                    spec.healthCheck().type(),
                    hostPorts(spec, ports, spec.healthCheck().port()),
                    spec.healthCheck().path() == null ? "/" : spec.healthCheck().path(),
                    spec.healthCheck().timeoutOrDefault()));
          }
        }
        case UPDATE_ROUTES -> {
          if (spec.route() != null) {
            ports = ports != null ? ports : allocatePorts(attempt);
            List<String> urls = new ArrayList<>();
            for (int hostPort : hostPorts(spec, ports, spec.route().port())) {
              urls.add("http://127.0.0.1:" + hostPort);
            }
            attempt.register(DeployAttempt.Undo.ROUTE);
            deployFiles.writeRoute(id, spec.route().host(), urls);
          }
        }
        default -> throw new IllegalStateException("not a deploy phase: " + p);
      }
    }
  }

  private String prepareWorkdir(DeployAttempt attempt) {
    attempt.register(DeployAttempt.Undo.WORKDIR);
    return deployFiles.prepareWorkdir(id, attempt.id);
  }

  private List<PortAssignment> allocatePorts(DeployAttempt attempt) {
    attempt.register(DeployAttempt.Undo.PORTS);
    return store.allocatePorts(id, attempt.revision(), attempt.id);
  }

  /**
   * Removes what a failed or cancelled attempt created, last created first. A step that fails
   * after its retry budget does not stop the others; the returned text names what is left
   * ("" when nothing is). What is left carries the deployment's labels, so its delete and purge
   * remove it.
   *
   * <p>With {@code decommission.failed.keep}, a failed first deploy (not a cancelled one, not a
   * revision update) keeps its containers stopped, with their volumes and work dir, for
   * debugging; the oldest kept failure beyond the limit is then removed in its place.
   */
  private String compensate(DeployAttempt attempt) {
    List<DeployAttempt.Undo> steps = attempt.undoSteps();
    if (steps.isEmpty()) {
      return "";
    }
    boolean keep = settings.keepFailed() > 0 && !attempt.replacing && !interruptRequested && steps.contains(DeployAttempt.Undo.CONTAINERS);
    enterPhase(Phase.COMPENSATE);
    log.warn("[{} {}] removing what the attempt on revision {} created: {}{}", id, phase, attempt.revision(), steps,
        keep ? " (containers, volumes and work dir kept for debugging)" : "");
    StringBuilder problems = new StringBuilder();
    for (DeployAttempt.Undo step : steps) {
      try {
        switch (step) {
          case ROUTE -> teardownFiles.removeRoute(id);
          case CONTAINERS -> {
            teardownDocker.removeRevision(id, attempt.revision(), keep);
            if (keep) {
              store.setReplicaStates(id, "STOPPED");
            } else {
              store.recordReplicas(id, attempt.revision(), List.of());
            }
          }
          case PORTS -> store.releaseAttemptPorts(id, attempt.id);
          case VOLUMES -> {
            if (!keep) {
              teardownDocker.removeAttemptVolumes(id, attempt.id);
            }
          }
          case WORKDIR -> {
            if (!keep) {
              teardownFiles.removeWorkdirOfAttempt(id, attempt.id);
            }
          }
        }
      } catch (ActivityFailure failure) {
        log.error("[{} {}] could not undo {}: {}", id, phase, step, describe(failure));
        problems.append("; cleanup left ").append(step).append(" behind: ").append(describe(failure));
      }
    }
    if (keep) {
      for (StoreActivities.KeptFailure pushedOut : store.keepFailure(id, host, attempt.revision(), attempt.id, settings.keepFailed())) {
        removeKept(pushedOut);
      }
    }
    return problems.toString();
  }

  /**
   * Removes what a kept failure kept: its containers, and the volumes and work dir its attempt
   * created. It may be another deployment's (pushed out by this one's failure), on another host.
   */
  private void removeKept(StoreActivities.KeptFailure kept) {
    ActivityOptions options = ActivityPolicies.teardown(kept.host(), settings.teardownAttemptsOrDefault());
    DockerActivities docker = Workflow.newActivityStub(DockerActivities.class, options);
    HostFileActivities files = Workflow.newActivityStub(HostFileActivities.class, options);
    log.info("[{} {}] removing the containers kept for debugging of deployment {}", id, phase, kept.deploymentId());
    try {
      docker.removeRevision(kept.deploymentId(), kept.revision(), false);
      store.recordReplicas(kept.deploymentId(), kept.revision(), List.of());
      docker.removeAttemptVolumes(kept.deploymentId(), kept.attempt());
      files.removeWorkdirOfAttempt(kept.deploymentId(), kept.attempt());
    } catch (ActivityFailure failure) {
      // What is left carries that deployment's labels: its delete and purge remove it.
      log.error("[{} {}] the kept containers of {} were not all removed: {}", id, phase, kept.deploymentId(), describe(failure));
    }
  }

  private static List<Integer> hostPorts(DeploymentSpec spec, List<PortAssignment> ports, String portName) {
    List<Integer> result = new ArrayList<>();
    for (int i = 0; i < spec.replicaCount(); i++) {
      result.add(ContainerPlan.hostPort(ports, i, portName));
    }
    return result;
  }

  // ---- drift ---------------------------------------------------------------------------

  /** Looks at the containers, and lets the status follow them when they changed out of band. */
  private void followContainers(String what) {
    DeploymentRecord record = store.loadDeployment(id);
    DeploymentSpec spec = record.spec();
    List<String> volumes = new ArrayList<>();
    for (DeploymentSpec.VolumeSpec v : spec.volumes()) {
      if (v.scopeOrDefault() != DeploymentSpec.VolumeScope.SHARED) {
        volumes.addAll(Naming.volumeNames(id, v, spec.replicaCount()));
      }
    }
    DockerActivities.Observation seen = deployDocker.observe(id, volumes);
    java.util.Optional<DeploymentStatus> next = Drift.follow(status, spec.replicaCount(), record.revision(), seen.containers());
    if (next.isEmpty()) {
      return;
    }
    boolean dataExists = seen.missingVolumes().isEmpty();
    String reason = "containers changed out of band (" + what + ")";
    if (next.get() == DeploymentStatus.MISSING) {
      reason += dataExists ? "; its data volumes are still on the host" : "; volumes gone: " + seen.missingVolumes();
    }
    setStatus(next.get(), SYSTEM, reason);
    if (next.get() == DeploymentStatus.MISSING) {
      store.recordDataExists(id, dataExists);
    } else {
      store.setReplicaStates(id, next.get() == DeploymentStatus.RUNNING ? "RUNNING" : "STOPPED");
    }
  }

  // ---- delete and purge ------------------------------------------------------------------

  private void softDelete(LifecycleRequest request) {
    setStatus(DeploymentStatus.DELETING, request.actor(), request.reason());
    enterPhase(Phase.STOP_REPLICAS);
    // The route is withdrawn while the replicas stop, so the proxy stops sending them traffic.
    Promise<ArtifactOutcome> route = Async.function(teardownFiles::removeRoute, id);
    teardownDocker.stopContainers(id, request.graceSeconds());
    store.setReplicaStates(id, "STOPPED");
    enterPhase(Phase.REMOVE_CONTAINERS);
    // Each outcome is receipted as soon as it is known: a route that cannot be removed must not
    // hide that the containers were.
    store.recordOutcomes(id, teardownDocker.removeContainers(id));
    store.recordOutcomes(id, List.of(route.get()));
    purgeAfter = store.markDeleted(id, request.actor(), request.reason());
    status = DeploymentStatus.DELETED;
    phase = Phase.RETENTION;
    publish();
    log.info("[{} {}] deleted by {}; volumes and ports retained until {}", id, phase, request.actor(), purgeAfter);
  }

  /**
   * An admin finishes a delete that is stuck (or under way): each remaining step is tried twice,
   * and what still fails is left behind and receipted as such, so the deployment ends PURGED.
   */
  private void forcePurge(String actor, String reason) {
    stuck = false;
    log.warn("[{} {}] forced purge by {} from {}: what cannot be removed is left behind and receipted", id, phase, actor, status);
    if (status == DeploymentStatus.DELETING) {
      DeploymentRecord record = store.loadDeployment(id);
      List<ArtifactOutcome> outcomes = new ArrayList<>();
      outcomes.addAll(
          leftBehindOnFailure(true, ArtifactOutcome.Kind.CONTAINER, containerNames(record), () -> {
            forcedDocker.stopContainers(id, 0);
            return forcedDocker.removeContainers(id);
          }));
      outcomes.addAll(
          leftBehindOnFailure(true, ArtifactOutcome.Kind.ROUTE, List.of(Naming.routeFileName(id)), () -> List.of(forcedFiles.removeRoute(id))));
      store.recordOutcomes(id, outcomes);
      purgeAfter = store.markDeleted(id, actor, reason);
      status = DeploymentStatus.DELETED;
      publish();
    }
    purge(actor, reason, false, true);
  }

  /**
   * The purge. Forced, each step is tried twice and a step that still fails becomes FAILED
   * receipt lines ("left behind") for the artifacts it was to remove, instead of stopping the
   * purge.
   */
  private void purge(String actor, String reason, boolean keepData, boolean force) {
    DockerActivities docker = force ? forcedDocker : teardownDocker;
    HostFileActivities files = force ? forcedFiles : teardownFiles;
    setStatus(DeploymentStatus.PURGING, actor, reason);
    DeploymentRecord record = store.loadDeployment(id);
    List<ArtifactOutcome> outcomes = new ArrayList<>();
    enterPhase(Phase.PURGE_VOLUMES);
    // The files go while Docker removes the volumes; PURGE_FILES collects their outcome.
    Promise<ArtifactOutcome> workdir = Async.function(files::removeWorkdir, id);
    Promise<ArtifactOutcome> route = Async.function(files::removeRoute, id);
    // Containers went at delete time; removing again is a no-op unless something recreated them.
    outcomes.addAll(leftBehindOnFailure(force, ArtifactOutcome.Kind.CONTAINER, containerNames(record), () -> docker.removeContainers(id)));
    VolumePurge volumes = VolumePurge.of(id, record.spec(), keepData);
    List<String> volumeNames = new ArrayList<>(volumes.remove());
    volumeNames.addAll(volumes.snapshot());
    outcomes.addAll(
        leftBehindOnFailure(force, ArtifactOutcome.Kind.VOLUME, volumeNames, () -> docker.purgeVolumes(id, record.spec().image(), volumes)));
    for (VolumePurge.Retained kept : volumes.retain()) {
      outcomes.add(new ArtifactOutcome(ArtifactOutcome.Kind.VOLUME, kept.name(), ArtifactOutcome.Outcome.RETAINED_BY_POLICY,
          kept.reason(), Instant.ofEpochMilli(Workflow.currentTimeMillis())));
    }
    store.recordOutcomes(id, outcomes);
    enterPhase(Phase.PURGE_IMAGE);
    StoreActivities.ImageVerdict verdict = store.imageVerdict(id);
    List<ArtifactOutcome> image =
        verdict.remove()
            ? leftBehindOnFailure(force, ArtifactOutcome.Kind.IMAGE, List.of(verdict.image()), () -> List.of(docker.removeImage(verdict.image())))
            : List.of(new ArtifactOutcome(
                ArtifactOutcome.Kind.IMAGE,
                verdict.image(),
                ArtifactOutcome.Outcome.RETAINED_BY_POLICY,
                verdict.reason(),
                Instant.ofEpochMilli(Workflow.currentTimeMillis())));
    store.recordOutcomes(id, image);
    enterPhase(Phase.PURGE_FILES);
    List<ArtifactOutcome> fileOutcomes = new ArrayList<>();
    fileOutcomes.addAll(leftBehindOnFailure(force, ArtifactOutcome.Kind.WORKDIR, List.of(Naming.workdirName(id)), () -> List.of(workdir.get())));
    fileOutcomes.addAll(leftBehindOnFailure(force, ArtifactOutcome.Kind.ROUTE, List.of(Naming.routeFileName(id)), () -> List.of(route.get())));
    store.recordOutcomes(id, fileOutcomes);
    enterPhase(Phase.RELEASE_PORTS);
    store.recordOutcomes(id, store.releasePorts(id));
    enterPhase(Phase.WRITE_RECEIPT);
    store.completePurge(id, actor, reason);
    status = DeploymentStatus.PURGED;
    publish();
    log.info("[{} {}] purged by {}{}; receipt written", id, phase, actor, force ? " (forced)" : "");
  }

  /**
   * Runs a teardown step. Unforced, its failure propagates. Forced, a failure becomes one FAILED
   * receipt line per artifact the step was to remove: they are left behind, and the receipt says
   * so.
   */
  private List<ArtifactOutcome> leftBehindOnFailure(
      boolean force, ArtifactOutcome.Kind kind, List<String> names, java.util.function.Supplier<List<ArtifactOutcome>> step) {
    if (!force) {
      return step.get();
    }
    try {
      return step.get();
    } catch (ActivityFailure failure) {
      String detail = "left behind by a forced purge: " + describe(failure);
      log.warn("[{} {}] {} {}", id, phase, names, detail);
      Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
      return names.stream().map(n -> new ArtifactOutcome(kind, n, ArtifactOutcome.Outcome.FAILED, detail, now)).toList();
    }
  }

  /** The containers of the deployment's current revision, by name. */
  private static List<String> containerNames(DeploymentRecord record) {
    List<String> names = new ArrayList<>();
    for (int r = 0; r < record.spec().replicaCount(); r++) {
      names.add(Naming.containerName(record.id(), record.spec().name(), record.revision(), r));
    }
    return names;
  }

  // ---- state -----------------------------------------------------------------------------

  private void enterPhase(Phase next) {
    phase = next;
    publish();
    log.info("[{} {}] phase started", id, next);
    store.enterPhase(id, next);
  }

  private void setStatus(DeploymentStatus next, String actor, String reason) {
    if (status == next) {
      return;
    }
    log.info("[{} {}] {} -> {} ({}: {})", id, phase, status, next, actor, reason);
    store.transition(id, next, actor, reason);
    status = next;
    publish();
  }

  /** Keeps the workflow's search attributes (the Temporal UI's columns) at the current state. */
  private void publish() {
    if (!settings.searchAttributes()) {
      return;
    }
    Workflow.upsertTypedSearchAttributes(
        DeploymentSearchAttributes.DEPLOYMENT_ID.valueSet(id),
        DeploymentSearchAttributes.HOST.valueSet(host),
        status == null ? DeploymentSearchAttributes.STATUS.valueUnset() : DeploymentSearchAttributes.STATUS.valueSet(status.name()),
        phase == null ? DeploymentSearchAttributes.PHASE.valueUnset() : DeploymentSearchAttributes.PHASE.valueSet(phase.name()));
  }

  private static String describe(TemporalFailure failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && (cause instanceof ActivityFailure || cause instanceof CanceledFailure)) {
      cause = cause.getCause();
    }
    if (cause instanceof ApplicationFailure app) {
      return app.getType() + ": " + app.getOriginalMessage();
    }
    return cause.getMessage();
  }

  // ---- updates ---------------------------------------------------------------------------

  private LifecycleAck accept(Operation operation, LifecycleRequest request) {
    queue.add(new Queued(operation, request == null ? new LifecycleRequest(SYSTEM, null) : request));
    projected = operation.outcome();
    if (operation == Operation.DELETE || operation == Operation.CANCEL) {
      interruptRequested = true;
      if (deployScope != null) {
        log.info("[{} {}] {} requested mid-deploy: cancelling the phase in flight", id, phase, operation.verb());
        deployScope.cancel(operation.verb() + " requested");
      }
    }
    return new LifecycleAck(id, operation, operation.outcome());
  }

  private void check(Operation operation) {
    if (projected == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the deployment's workflow is starting; try again in a moment", FailureTypes.ILLEGAL_TRANSITION);
    }
    if (!operation.allowedFrom(projected)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot " + operation.verb() + " a deployment that is " + projected
              + (queue.isEmpty() ? "" : " once the requests already queued have run"),
          FailureTypes.ILLEGAL_TRANSITION,
          projected.name());
    }
  }

  @Override
  public LifecycleAck delete(LifecycleRequest request) {
    return accept(Operation.DELETE, request);
  }

  @Override
  public void validateDelete(LifecycleRequest request) {
    check(Operation.DELETE);
  }

  @Override
  public LifecycleAck purge(LifecycleRequest request) {
    return accept(Operation.PURGE, request);
  }

  @Override
  public void validatePurge(LifecycleRequest request) {
    if (request != null && request.forced()) {
      if (projected == null || !Operation.PURGE.allowedFrom(projected, true)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "a forced purge finishes a delete: the deployment must be " + Operation.FORCED_PURGE_FROM + ", but it is " + projected,
            FailureTypes.ILLEGAL_TRANSITION);
      }
      return;
    }
    check(Operation.PURGE);
  }

  @Override
  public LifecycleAck restore(LifecycleRequest request) {
    return accept(Operation.RESTORE, request);
  }

  @Override
  public void validateRestore(LifecycleRequest request) {
    check(Operation.RESTORE);
  }

  @Override
  public LifecycleAck start(LifecycleRequest request) {
    return accept(Operation.START, request);
  }

  @Override
  public void validateStart(LifecycleRequest request) {
    check(Operation.START);
  }

  @Override
  public LifecycleAck resume(LifecycleRequest request) {
    return accept(Operation.RESUME, request);
  }

  @Override
  public void validateResume(LifecycleRequest request) {
    if (request == null || request.fromPhase() == null || !request.fromPhase().isDeploy()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "resume needs a deploy phase to start from, one of " + Phase.DEPLOY, FailureTypes.ILLEGAL_TRANSITION);
    }
    check(Operation.RESUME);
  }

  @Override
  public LifecycleAck stop(LifecycleRequest request) {
    return accept(Operation.STOP, request);
  }

  @Override
  public void validateStop(LifecycleRequest request) {
    check(Operation.STOP);
  }

  @Override
  public LifecycleAck cancel(LifecycleRequest request) {
    return accept(Operation.CANCEL, request);
  }

  @Override
  public void validateCancel(LifecycleRequest request) {
    check(Operation.CANCEL);
  }

  @Override
  public LifecycleAck update(LifecycleRequest request) {
    return accept(Operation.UPDATE, request);
  }

  @Override
  public void validateUpdate(LifecycleRequest request) {
    if (request == null || request.revision() == null) {
      throw ApplicationFailure.newNonRetryableFailure("an update needs the revision to roll out", FailureTypes.ILLEGAL_TRANSITION);
    }
    check(Operation.UPDATE);
  }

  @Override
  public void containersChanged(String what) {
    if (queue.stream().noneMatch(q -> q.operation() == Operation.OBSERVE)) {
      queue.add(new Queued(Operation.OBSERVE, new LifecycleRequest(SYSTEM, what == null ? "a container changed" : what)));
    }
  }

  @Override
  public LifecycleView view() {
    return new LifecycleView(id, status, phase, purgeAfter, lastError, queue.stream().map(Queued::operation).toList());
  }
}
