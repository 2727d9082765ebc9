package org.decommission.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.ContainerPlan;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;
import org.decommission.domain.ReplicaState;
import org.decommission.domain.PortAssignment;
import org.decommission.domain.ReplicaInfo;
import org.decommission.workflow.lifecycle.DeploymentLifecycleWorkflowImpl;
import org.decommission.workflow.teardown.TeardownActivitiesImpl;
import org.decommission.workflow.teardown.TeardownRecordsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/** The lifecycle workflow against mocked activities, on the test server with time skipping. */
class DeploymentLifecycleWorkflowTest {
  static final String ID = "7f1c2a3b-0000-4000-8000-000000000001";
  static final Duration RETENTION = Duration.ofHours(24);
  static final DeploymentSpec SPEC =
      new DeploymentSpec(
          "web", "app:1", 2, List.of(), null, "host",
          List.of(new DeploymentSpec.PortSpec("http", 8080)),
          List.of(new DeploymentSpec.VolumeSpec("data", "/data", null)),
          new DeploymentSpec.HealthCheckSpec(DeploymentSpec.HealthCheckType.HTTP, "http", "/", 5),
          new DeploymentSpec.RouteSpec("web.test", "http"),
          null);

  /** The same deployment on a network of its own, as every user's spec is. */
  static final DeploymentSpec BRIDGED =
      new DeploymentSpec(SPEC.name(), SPEC.image(), SPEC.replicas(), SPEC.command(), SPEC.env(), null, SPEC.ports(), SPEC.volumes(),
          SPEC.healthCheck(), SPEC.route(), null);
  static final String NETWORK = "dcm-net-" + ID;

  TestWorkflowEnvironment env;
  StoreActivities store;
  DockerActivities docker;
  HostFileActivities files;
  HealthActivities health;
  WorkflowClient client;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    for (var key : DeploymentSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    store = mock(StoreActivities.class, withSettings().withoutAnnotations());
    docker = mock(DockerActivities.class, withSettings().withoutAnnotations());
    files = mock(HostFileActivities.class, withSettings().withoutAnnotations());
    health = mock(HealthActivities.class, withSettings().withoutAnnotations());
    when(store.loadDeployment(ID)).thenReturn(new DeploymentRecord(ID, "alice", SPEC, DeploymentStatus.CREATING, Phase.PULL_IMAGE, "local", 1, null));
    when(store.allocatePorts(eq(ID), eq(1), anyString()))
        .thenReturn(List.of(new PortAssignment(0, "http", 20000), new PortAssignment(1, "http", 20001)));
    when(store.allocatePorts(eq(ID), eq(2), anyString()))
        .thenReturn(List.of(new PortAssignment(0, "http", 20002), new PortAssignment(1, "http", 20003)));
    when(store.loadRevision(ID, 2)).thenReturn(new DeploymentRecord(ID, "alice", SPEC, DeploymentStatus.RUNNING, Phase.UPDATE_ROUTES, "local", 2, null));
    when(store.markDeleted(eq(ID), anyString(), anyString()))
        .thenAnswer(inv -> Instant.ofEpochMilli(env.currentTimeMillis()).plus(RETENTION));
    when(store.imageVerdict(ID)).thenReturn(new StoreActivities.ImageVerdict("app:1", false, "not ours"));
    when(store.releasePorts(ID)).thenReturn(List.of());
    when(files.prepareWorkdir(eq(ID), anyString())).thenReturn("/data/work/" + ID);
    when(files.removeRoute(ID)).thenReturn(ArtifactOutcome.of(ArtifactOutcome.Kind.ROUTE, "r", ArtifactOutcome.Outcome.REMOVED, "", java.time.Instant.EPOCH));
    when(files.removeWorkdir(ID)).thenReturn(ArtifactOutcome.of(ArtifactOutcome.Kind.WORKDIR, "w", ArtifactOutcome.Outcome.REMOVED, "", java.time.Instant.EPOCH));
    when(docker.createContainers(any())).thenReturn(List.of(new ReplicaInfo(0, "c0", "n0"), new ReplicaInfo(1, "c1", "n1")));
    when(docker.removeContainers(ID)).thenReturn(List.of());
    when(docker.purgeVolumes(eq(ID), anyString(), any())).thenReturn(List.of());
    when(docker.createNetwork(eq(ID), anyString())).thenReturn(NETWORK);
    when(docker.removeNetwork(ID)).thenReturn(ArtifactOutcome.of(ArtifactOutcome.Kind.NETWORK, NETWORK, ArtifactOutcome.Outcome.REMOVED, "", Instant.EPOCH));
    when(docker.removeAttemptNetwork(eq(ID), anyString()))
        .thenReturn(ArtifactOutcome.of(ArtifactOutcome.Kind.NETWORK, NETWORK, ArtifactOutcome.Outcome.REMOVED, "", Instant.EPOCH));

    Worker main = env.newWorker(TaskQueues.MAIN);
    main.registerWorkflowImplementationTypes(DeploymentLifecycleWorkflowImpl.class);
    main.registerActivitiesImplementations(store, new TeardownRecordsImpl(store));
    Worker host = env.newWorker(TaskQueues.docker("local"));
    host.registerActivitiesImplementations(docker, files, health, new TeardownActivitiesImpl(docker, files, store));
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  DeploymentLifecycleWorkflow start(DeploymentStatus status, Phase phase, Instant purgeAfter) {
    return start(status, phase, purgeAfter, LifecycleSettings.DEFAULTS);
  }

  DeploymentLifecycleWorkflow start(DeploymentStatus status, Phase phase, Instant purgeAfter, LifecycleSettings settings) {
    DeploymentLifecycleWorkflow wf =
        client.newWorkflowStub(
            DeploymentLifecycleWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId("deployment-" + ID).setTaskQueue(TaskQueues.MAIN).build());
    WorkflowClient.start(wf::run, new LifecycleInput(ID, "local", status, phase, purgeAfter, settings));
    return wf;
  }

  static final LifecycleSettings WITH_SEARCH_ATTRIBUTES = new LifecycleSettings(0, 0, true);

  @Test
  void theSearchAttributesFollowStatusAndPhase() {
    DeploymentLifecycleWorkflow wf = start(DeploymentStatus.CREATING, Phase.PULL_IMAGE, null, WITH_SEARCH_ATTRIBUTES);
    await().until(() -> wf.view().status() == DeploymentStatus.RUNNING);
    var attributes = client.newUntypedWorkflowStub("deployment-" + ID).describe().getTypedSearchAttributes();
    assertThat(attributes.get(DeploymentSearchAttributes.DEPLOYMENT_ID)).isEqualTo(ID);
    assertThat(attributes.get(DeploymentSearchAttributes.HOST)).isEqualTo("local");
    assertThat(attributes.get(DeploymentSearchAttributes.STATUS)).isEqualTo("RUNNING");
    assertThat(attributes.get(DeploymentSearchAttributes.PHASE)).isEqualTo("UPDATE_ROUTES");
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.DELETED);
    var deleted = client.newUntypedWorkflowStub("deployment-" + ID).describe().getTypedSearchAttributes();
    assertThat(deleted.get(DeploymentSearchAttributes.STATUS)).isEqualTo("DELETED");
    assertThat(deleted.get(DeploymentSearchAttributes.PHASE)).isEqualTo("RETENTION");
  }

  /**
   * With {@code -Drecord.history=true}, writes the history of the workflow's current run to
   * {@code histories/lifecycle-<name>.json}, which {@link LifecycleReplayTest} replays. Record
   * again after a deliberate, compatible change of the workflow:
   * {@code mvn -pl workflows test -Dtest=DeploymentLifecycleWorkflowTest -Drecord.history=true}.
   */
  void recordHistory(String name) throws java.io.IOException {
    if (Boolean.getBoolean("record.history")) {
      String json = client.fetchHistory("deployment-" + ID).toJson(true);
      java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources/histories/lifecycle-" + name + ".json"), json);
    }
  }

  DeploymentLifecycleWorkflow deployed() {
    DeploymentLifecycleWorkflow wf = start(DeploymentStatus.CREATING, Phase.PULL_IMAGE, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> wf.view().status() == DeploymentStatus.RUNNING);
    return wf;
  }

  @Test
  void deployRunsEveryPhaseInOrderThenIsRunning() {
    DeploymentLifecycleWorkflow wf = deployed();
    InOrder order = inOrder(store, docker, files);
    for (Phase phase : Phase.DEPLOY) {
      if (phase != Phase.CREATE_NETWORK) {
        order.verify(store).enterPhase(ID, phase);
      }
    }
    order.verify(store).transition(eq(ID), eq(DeploymentStatus.RUNNING), anyString(), anyString());
    verify(store, never()).enterPhase(ID, Phase.CREATE_NETWORK);
    verify(docker, never()).createNetwork(anyString(), anyString());
    verify(docker).createContainers(org.mockito.ArgumentMatchers.argThat(ContainerPlan::hostNetwork));
    verify(files).writeRoute(ID, "web.test", List.of(20000, 20001));
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.RUNNING);
  }

  @Test
  void purgeFiresAtTheRetentionAndNotBefore() {
    DeploymentLifecycleWorkflow wf = deployed();
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    verify(store, timeout(5000)).markDeleted(eq(ID), eq("alice"), anyString());
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.DELETED);

    env.sleep(RETENTION.minusMinutes(1));
    verify(store, never()).completePurge(anyString(), anyString(), anyString());
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.DELETED);

    env.sleep(Duration.ofMinutes(2));
    verify(store, timeout(5000)).completePurge(eq(ID), eq("system"), eq("retention elapsed"));
    verify(docker, atLeastOnce()).purgeVolumes(eq(ID), anyString(), any());
    verify(store).releasePorts(ID);
  }

  @Test
  void purgeNowEndsTheWait() {
    DeploymentLifecycleWorkflow wf = deployed();
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    verify(store, timeout(5000)).markDeleted(eq(ID), anyString(), anyString());
    wf.purge(new LifecycleRequest.Purge("alice", "test"));
    verify(store, timeout(5000)).completePurge(eq(ID), eq("alice"), anyString());
    InOrder order = inOrder(store);
    order.verify(store).transition(eq(ID), eq(DeploymentStatus.PURGING), eq("alice"), anyString());
    order.verify(store).releasePorts(ID);
    order.verify(store).completePurge(eq(ID), eq("alice"), anyString());
  }

  @Test
  void restoreCancelsThePurge() {
    DeploymentLifecycleWorkflow wf = deployed();
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    verify(store, timeout(5000)).markDeleted(eq(ID), anyString(), anyString());
    wf.restore(new LifecycleRequest.Restore("alice", "test"));
    verify(store, timeout(5000)).transition(eq(ID), eq(DeploymentStatus.MISSING), eq("alice"), anyString());
    env.sleep(RETENTION.plusHours(1));
    verify(store, never()).completePurge(anyString(), anyString(), anyString());
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.MISSING);
    assertThat(wf.view().purgeAfter()).isNull();
  }

  @Test
  void aRequestThatFailsFailsAloneAndThePurgeStillComes() {
    DeploymentLifecycleWorkflow wf = deployed();
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.DELETED);
    doAnswer(inv -> {
          throw ApplicationFailure.newNonRetryableFailure("the name is held by another deployment", FailureTypes.NAME_TAKEN);
        })
        .when(store).transition(eq(ID), eq(DeploymentStatus.MISSING), anyString(), anyString());
    wf.restore(new LifecycleRequest.Restore("alice", "test"));
    await().until(() -> wf.view().lastError() != null);
    assertThat(wf.view().lastError()).contains("restore failed").contains("NameTaken");
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.DELETED);

    env.sleep(RETENTION.plusMinutes(1));
    verify(store, timeout(5000)).completePurge(eq(ID), eq("system"), eq("retention elapsed"));
  }

  @Test
  void aTimedPurgeThatFailsForGoodIsRetriedAnHourLaterNotInALoop() {
    DeploymentLifecycleWorkflow wf = deployed();
    doAnswer(inv -> {
          throw ApplicationFailure.newNonRetryableFailure("refused", FailureTypes.ILLEGAL_TRANSITION);
        })
        .when(store).transition(eq(ID), eq(DeploymentStatus.PURGING), anyString(), anyString());
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.DELETED);
    env.sleep(RETENTION.plusMinutes(1));
    await().until(() -> wf.view().lastError() != null);
    env.sleep(Duration.ofMinutes(30));
    verify(store, org.mockito.Mockito.times(1)).transition(eq(ID), eq(DeploymentStatus.PURGING), anyString(), anyString());
    env.sleep(Duration.ofMinutes(40));
    verify(store, timeout(5000).times(2)).transition(eq(ID), eq(DeploymentStatus.PURGING), anyString(), anyString());
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.DELETED);
    assertThat(wf.view().lastError()).contains("purge failed");
  }

  @Test
  void illegalRequestsAreRejectedSynchronously() {
    DeploymentLifecycleWorkflow wf = deployed();
    assertThatThrownBy(() -> wf.purge(new LifecycleRequest.Purge("alice", "test"))).isInstanceOf(WorkflowUpdateException.class);
    assertThatThrownBy(() -> wf.restore(new LifecycleRequest.Restore("alice", "test"))).isInstanceOf(WorkflowUpdateException.class);
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    assertThatThrownBy(() -> wf.delete(new LifecycleRequest.Delete("alice", "test")))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getOriginalMessage()).isEqualTo("cannot delete a deployment that is DELETED"));
    verify(store, timeout(5000)).markDeleted(eq(ID), anyString(), anyString());
    verify(docker).stopContainers(eq(ID), any());
  }

  @Test
  void deleteMidDeployCancelsThePhaseInFlightThenDeletes() {
    healthCheckNeverPasses();
    DeploymentLifecycleWorkflow wf = start(DeploymentStatus.CREATING, Phase.PULL_IMAGE, null);
    verify(store, timeout(5000)).enterPhase(ID, Phase.HEALTH_CHECK);
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    verify(store, timeout(10000)).markDeleted(eq(ID), eq("alice"), anyString());
    verify(store, never()).transition(eq(ID), eq(DeploymentStatus.RUNNING), anyString(), anyString());
    verify(store, never()).enterPhase(ID, Phase.UPDATE_ROUTES);
    InOrder order = inOrder(store, docker);
    order.verify(store).transition(eq(ID), eq(DeploymentStatus.DELETING), eq("alice"), anyString());
    order.verify(docker).stopContainers(eq(ID), any());
    order.verify(docker).removeContainers(ID);
  }

  @Test
  void missingImageFailsFastWithoutCreatingAnything() {
    when(docker.ensureImage(ID, "app:1"))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("image app:1 is not on host local", FailureTypes.IMAGE_NOT_FOUND));
    DeploymentLifecycleWorkflow wf = start(DeploymentStatus.CREATING, Phase.PULL_IMAGE, null);
    verify(store, timeout(5000)).transition(eq(ID), eq(DeploymentStatus.FAILED), anyString(), anyString());
    verify(docker).ensureImage(ID, "app:1");
    verify(docker, never()).createContainers(any());
    verify(docker, never()).createVolumes(anyString(), anyInt(), anyString(), anyInt(), any(), any());
    assertThat(wf.view().lastError()).contains("ImageNotFound").contains("app:1");
  }

  @Test
  void aFailedDeploymentResumesFromANamedPhaseAndOnlyAFailedOne() {
    when(docker.ensureImage(ID, "app:1"))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("image app:1 is not on host local", FailureTypes.IMAGE_NOT_FOUND))
        .thenReturn(false);
    DeploymentLifecycleWorkflow wf = start(DeploymentStatus.CREATING, Phase.PULL_IMAGE, null);
    await().until(() -> wf.view().status() == DeploymentStatus.FAILED);
    assertThatThrownBy(() -> wf.resume(new LifecycleRequest.Resume("alice", "x", Phase.RETENTION)))
        .isInstanceOf(WorkflowUpdateException.class);
    assertThatThrownBy(() -> wf.resume(new LifecycleRequest.Resume("alice", "no phase", null))).isInstanceOf(WorkflowUpdateException.class);

    wf.resume(new LifecycleRequest.Resume("alice", "image built", Phase.PULL_IMAGE));
    await().until(() -> wf.view().status() == DeploymentStatus.RUNNING);
    verify(docker, org.mockito.Mockito.times(2)).ensureImage(ID, "app:1");
    verify(docker).createContainers(any());
    assertThatThrownBy(() -> wf.resume(new LifecycleRequest.Resume("alice", "again", Phase.PULL_IMAGE)))
        .isInstanceOf(WorkflowUpdateException.class);
  }

  @Test
  void adoptedDeleteResumesAndAdoptedOverduePurgeRunsAtOnce() {
    Instant past = Instant.ofEpochMilli(env.currentTimeMillis()).minusSeconds(60);
    when(store.markDeleted(eq(ID), anyString(), anyString())).thenReturn(past);
    start(DeploymentStatus.DELETING, Phase.STOP_REPLICAS, null);
    verify(docker, timeout(5000)).stopContainers(eq(ID), any());
    verify(store, timeout(5000)).completePurge(eq(ID), eq("system"), eq("retention elapsed"));
  }

  @Test
  void adoptedDeployResumesFromTheRecordedPhase() {
    start(DeploymentStatus.CREATING, Phase.CREATE_CONTAINERS, null);
    verify(store, timeout(5000)).transition(eq(ID), eq(DeploymentStatus.RUNNING), anyString(), anyString());
    verify(docker, never()).ensureImage(anyString(), anyString());
    verify(docker, never()).createVolumes(anyString(), anyInt(), anyString(), anyInt(), any(), any());
    verify(docker).createContainers(any());
  }

  /** Where a deploy fails, and what its compensation must then have undone. */
  enum FailurePoint {
    PORT_POOL_EXHAUSTED(Phase.ALLOCATE_PORTS, FailureTypes.PORTS_EXHAUSTED, false, false),
    CONTAINER_START(Phase.START, FailureTypes.CONTAINER_START_FAILED, true, false),
    HEALTH_CHECK_TIMEOUT(Phase.HEALTH_CHECK, FailureTypes.HEALTH_CHECK_FAILED, true, false),
    ROUTE_WRITE(Phase.UPDATE_ROUTES, "IOException", true, true);

    final Phase phase;
    final String type;
    final boolean containersCreated;
    final boolean routeWritten;

    FailurePoint(Phase phase, String type, boolean containersCreated, boolean routeWritten) {
      this.phase = phase;
      this.type = type;
      this.containersCreated = containersCreated;
      this.routeWritten = routeWritten;
    }

    ApplicationFailure failure() {
      return ApplicationFailure.newNonRetryableFailure(name() + " in the test", type);
    }

    void arm(StoreActivities store, DockerActivities docker, HostFileActivities files, HealthActivities health) {
      switch (this) {
        case PORT_POOL_EXHAUSTED -> when(store.allocatePorts(eq(ID), eq(1), anyString())).thenThrow(failure());
        case CONTAINER_START -> doThrow(failure()).when(docker).startContainers(ID, 1);
        case HEALTH_CHECK_TIMEOUT -> doThrow(failure()).when(health).awaitHealthy(any());
        case ROUTE_WRITE -> doThrow(failure()).when(files).writeRoute(eq(ID), anyString(), any());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(FailurePoint.class)
  void aFailedDeployRemovesWhatItsAttemptCreatedLastFirstThenIsFailed(FailurePoint point) {
    point.arm(store, docker, files, health);
    DeploymentLifecycleWorkflow wf = start(DeploymentStatus.CREATING, Phase.PULL_IMAGE, null);
    verify(store, timeout(5000)).transition(eq(ID), eq(DeploymentStatus.FAILED), anyString(), org.mockito.ArgumentMatchers.contains(point.type));
    assertThat(wf.view().lastError()).contains(point.type).contains(point.name());

    ArgumentCaptor<String> attempt = ArgumentCaptor.forClass(String.class);
    verify(docker).createVolumes(eq(ID), eq(1), attempt.capture(), eq(2), any(), eq("alice"));
    String created = attempt.getValue();
    InOrder order = inOrder(store, docker, files);
    order.verify(store).enterPhase(ID, point.phase);
    order.verify(store).enterPhase(ID, Phase.COMPENSATE);
    if (point.routeWritten) {
      order.verify(files).removeRoute(ID);
    }
    if (point.containersCreated) {
      order.verify(docker).removeRevision(ID, 1, false);
      order.verify(store).recordReplicas(ID, 1, List.of());
    }
    order.verify(store).releaseAttemptPorts(ID, created);
    order.verify(docker).removeAttemptVolumes(ID, created);
    order.verify(files).removeWorkdirOfAttempt(ID, created);
    order.verify(store).transition(eq(ID), eq(DeploymentStatus.FAILED), anyString(), anyString());
    if (!point.containersCreated) {
      verify(docker, never()).removeRevision(anyString(), anyInt(), org.mockito.ArgumentMatchers.anyBoolean());
    }
    if (!point.routeWritten) {
      verify(files, never()).removeRoute(anyString());
    }
    // The deployment's own delete path is not what cleans up after a failed attempt.
    verify(docker, never()).removeContainers(anyString());
    verify(store, never()).releasePorts(anyString());
  }

  @Test
  void aFailureBeforeAnythingWasCreatedHasNothingToUndo() {
    when(docker.ensureImage(ID, "app:1"))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("image app:1 is not on host local", FailureTypes.IMAGE_NOT_FOUND));
    start(DeploymentStatus.CREATING, Phase.PULL_IMAGE, null);
    verify(store, timeout(5000)).transition(eq(ID), eq(DeploymentStatus.FAILED), anyString(), anyString());
    verify(store, never()).enterPhase(ID, Phase.COMPENSATE);
    verify(docker, never()).removeAttemptVolumes(anyString(), anyString());
  }

  /** A health check that never passes: it heartbeats until it is cancelled. */
  void healthCheckNeverPasses() {
    doAnswer(
            inv -> {
              while (true) {
                Activity.getExecutionContext().heartbeat("waiting");
                Thread.sleep(50);
              }
            })
        .when(health)
        .awaitHealthy(any());
  }

  @Test
  void cancelMidDeployRemovesWhatTheAttemptCreatedThenIsCancelled() throws Exception {
    healthCheckNeverPasses();
    DeploymentLifecycleWorkflow wf = start(DeploymentStatus.CREATING, Phase.PULL_IMAGE, null);
    verify(store, timeout(5000)).enterPhase(ID, Phase.HEALTH_CHECK);
    assertThat(wf.cancel(new LifecycleRequest.Cancel("alice", "test")).expected()).isEqualTo(DeploymentStatus.CANCELLED);
    verify(store, timeout(10000)).transition(eq(ID), eq(DeploymentStatus.CANCELLED), eq("alice"), anyString());
    InOrder order = inOrder(store, docker, files);
    order.verify(store).enterPhase(ID, Phase.COMPENSATE);
    order.verify(docker).removeRevision(ID, 1, false);
    order.verify(store).releaseAttemptPorts(eq(ID), anyString());
    order.verify(docker).removeAttemptVolumes(eq(ID), anyString());
    order.verify(files).removeWorkdirOfAttempt(eq(ID), anyString());
    order.verify(store).transition(eq(ID), eq(DeploymentStatus.CANCELLED), eq("alice"), anyString());
    verify(store, never()).transition(eq(ID), eq(DeploymentStatus.FAILED), anyString(), anyString());
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.CANCELLED);
    // Only a deploy in flight can be cancelled.
    assertThatThrownBy(() -> wf.cancel(new LifecycleRequest.Cancel("alice", "test"))).isInstanceOf(WorkflowUpdateException.class);
    recordHistory("cancel");
  }

  @Test
  void aNewRevisionThatBecomesHealthyReplacesTheOldOne() {
    DeploymentLifecycleWorkflow wf = deployed();
    wf.update(new LifecycleRequest.Revision("alice", "new image", 2));
    verify(store, timeout(5000)).activateRevision(ID, 2, "alice");
    verify(store, timeout(5000)).releaseRevisionPorts(ID, 1);
    InOrder order = inOrder(store, docker, files);
    order.verify(docker).createContainers(org.mockito.ArgumentMatchers.argThat(plan -> plan.revision() == 2));
    order.verify(docker).startContainers(ID, 2);
    order.verify(files).writeRoute(ID, "web.test", List.of(20002, 20003));
    order.verify(store).activateRevision(ID, 2, "alice");
    order.verify(docker).removeRevision(ID, 1, false);
    order.verify(store).releaseRevisionPorts(ID, 1);
    verify(docker, never()).removeRevision(ID, 2, false);
    verify(store, never()).transition(eq(ID), eq(DeploymentStatus.CREATING), anyString(), anyString());
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.RUNNING);
  }

  @Test
  void aNewRevisionThatFailsIsRemovedAloneAndTheOldOneKeepsServing() {
    DeploymentLifecycleWorkflow wf = deployed();
    doThrow(ApplicationFailure.newNonRetryableFailure("not healthy", FailureTypes.HEALTH_CHECK_FAILED))
        .when(health)
        .awaitHealthy(org.mockito.ArgumentMatchers.argThat(probe -> probe.hostPorts().contains(20002)));
    wf.update(new LifecycleRequest.Revision("alice", "bad image", 2));
    verify(store, timeout(5000)).failRevision(eq(ID), eq(2), org.mockito.ArgumentMatchers.contains("HealthCheckFailed"));
    verify(docker).removeRevision(ID, 2, false);
    verify(docker, never()).removeRevision(ID, 1, false);
    verify(docker, never()).stopContainers(anyString(), any());
    verify(docker, never()).removeContainers(anyString());
    verify(files, never()).removeRoute(anyString());
    verify(files, never()).removeWorkdirOfAttempt(anyString(), anyString());
    verify(store, never()).activateRevision(anyString(), anyInt(), anyString());
    verify(store, never()).releaseRevisionPorts(anyString(), anyInt());
    verify(store, never()).transition(eq(ID), eq(DeploymentStatus.FAILED), anyString(), anyString());
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(wf.view().lastError()).contains("revision 2").contains("HealthCheckFailed");
  }

  @Test
  void anUpdateIsOnlyForARunningDeploymentAndNeedsARevision() {
    DeploymentLifecycleWorkflow wf = deployed();
    assertThatThrownBy(() -> wf.update(new LifecycleRequest.Revision("alice", "test", null))).isInstanceOf(WorkflowUpdateException.class);
    wf.stop(new LifecycleRequest.Stop("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.STOPPED);
    assertThatThrownBy(() -> wf.update(new LifecycleRequest.Revision("alice", "x", 2))).isInstanceOf(WorkflowUpdateException.class);
  }

  @Test
  void withKeepFailedTheContainersOfAFailedDeployStayStoppedUntilTheNextFailurePushesThemOut() throws Exception {
    String other = "7f1c2a3b-0000-4000-8000-000000000002";
    when(store.keepFailure(eq(ID), eq("local"), eq(1), anyString(), eq(1)))
        .thenReturn(List.of(new StoreActivities.KeptFailure(other, "local", 3, "older-attempt")));
    doThrow(ApplicationFailure.newNonRetryableFailure("not healthy", FailureTypes.HEALTH_CHECK_FAILED))
        .doNothing()
        .when(health)
        .awaitHealthy(any());
    DeploymentLifecycleWorkflow wf =
        client.newWorkflowStub(
            DeploymentLifecycleWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId("deployment-" + ID).setTaskQueue(TaskQueues.MAIN).build());
    WorkflowClient.start(wf::run, new LifecycleInput(ID, "local", DeploymentStatus.CREATING, Phase.PULL_IMAGE, null, new LifecycleSettings(0, 1)));
    verify(store, timeout(5000)).transition(eq(ID), eq(DeploymentStatus.FAILED), anyString(), anyString());

    ArgumentCaptor<String> attempt = ArgumentCaptor.forClass(String.class);
    verify(docker).createVolumes(eq(ID), eq(1), attempt.capture(), eq(2), any(), eq("alice"));
    verify(docker).removeRevision(ID, 1, true);
    verify(store).setReplicaStates(ID, org.decommission.domain.ReplicaState.STOPPED);
    verify(store).releaseAttemptPorts(ID, attempt.getValue());
    verify(docker, never()).removeAttemptVolumes(eq(ID), anyString());
    verify(files, never()).removeWorkdirOfAttempt(eq(ID), anyString());
    // The older kept failure is pushed out: everything its attempt made goes.
    verify(docker).removeRevision(other, 3, false);
    verify(store).recordReplicas(other, 3, List.of());
    verify(docker).removeAttemptVolumes(other, "older-attempt");
    verify(files).removeWorkdirOfAttempt(other, "older-attempt");

    // Resumed, the kept containers go before the new attempt makes its own.
    when(store.releaseKept(ID)).thenReturn(List.of(new StoreActivities.KeptFailure(ID, "local", 1, attempt.getValue())));
    wf.resume(new LifecycleRequest.Resume("alice", "fixed", Phase.PULL_IMAGE));
    await().until(() -> wf.view().status() == DeploymentStatus.RUNNING);
    InOrder order = inOrder(store, docker, files);
    order.verify(store).releaseKept(ID);
    order.verify(docker).removeRevision(ID, 1, false);
    order.verify(docker).removeAttemptVolumes(ID, attempt.getValue());
    order.verify(files).removeWorkdirOfAttempt(ID, attempt.getValue());
    order.verify(docker).ensureImage(ID, "app:1");
    recordHistory("kept-failure");
  }

  @Test
  void aCancelledDeployIsNeverKeptForDebugging() {
    healthCheckNeverPasses();
    DeploymentLifecycleWorkflow wf =
        client.newWorkflowStub(
            DeploymentLifecycleWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId("deployment-" + ID).setTaskQueue(TaskQueues.MAIN).build());
    WorkflowClient.start(wf::run, new LifecycleInput(ID, "local", DeploymentStatus.CREATING, Phase.PULL_IMAGE, null, new LifecycleSettings(0, 3)));
    verify(store, timeout(5000)).enterPhase(ID, Phase.HEALTH_CHECK);
    wf.cancel(new LifecycleRequest.Cancel("alice", "test"));
    verify(store, timeout(10000)).transition(eq(ID), eq(DeploymentStatus.CANCELLED), eq("alice"), anyString());
    verify(docker).removeRevision(ID, 1, false);
    verify(docker).removeAttemptVolumes(eq(ID), anyString());
    verify(store, never()).keepFailure(anyString(), anyString(), anyInt(), anyString(), anyInt());
  }

  @Test
  void aRunningDeploymentFollowsContainersChangedOutOfBandAndOneMidStepDoesNot() throws Exception {
    DeploymentLifecycleWorkflow wf = deployed();
    when(docker.observe(eq(ID), any()))
        .thenReturn(new DockerActivities.Observation(
            List.of(new org.decommission.domain.Drift.Seen("n0", 1, true), new org.decommission.domain.Drift.Seen("n1", 1, false)), List.of()))
        .thenReturn(new DockerActivities.Observation(List.of(new org.decommission.domain.Drift.Seen("n0", 1, true)), List.of()));
    wf.containersChanged("die n1");
    verify(store, timeout(5000)).transition(eq(ID), eq(DeploymentStatus.STOPPED), eq("system"), org.mockito.ArgumentMatchers.contains("die n1"));
    await().until(() -> wf.view().status() == DeploymentStatus.STOPPED);

    wf.containersChanged("destroy n1");
    verify(store, timeout(5000)).transition(eq(ID), eq(DeploymentStatus.MISSING), eq("system"), anyString());
    verify(store, timeout(5000)).recordDataExists(ID, true);
    verify(docker, org.mockito.Mockito.times(2)).observe(ID, List.of("dcm-7f1c2a3b-data"));

    // Mid-delete, the deployment changes its containers itself: it does not look.
    org.mockito.Mockito.clearInvocations(docker);
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    wf.containersChanged("stop n0");
    await().until(() -> wf.view().status() == DeploymentStatus.DELETED);
    verify(docker, never()).observe(anyString(), any());
    recordHistory("drift");
  }

  static List<ArtifactOutcome> receiptLines(StoreActivities store) {
    @SuppressWarnings("unchecked")
    ArgumentCaptor<List<ArtifactOutcome>> lines = ArgumentCaptor.forClass(List.class);
    verify(store, atLeastOnce()).recordOutcomes(eq(ID), lines.capture());
    return lines.getAllValues().stream().flatMap(List::stream).toList();
  }

  @Test
  void aDeleteStepThatKeepsFailingIsReportedStuckAndAnAdminsForcedPurgeFinishesIt() throws Exception {
    DeploymentLifecycleWorkflow wf = deployed();
    when(files.removeRoute(ID)).thenThrow(ApplicationFailure.newFailure("the routes directory is broken", "IOException"));
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    env.sleep(Duration.ofMinutes(2)); // the retries' backoff
    verify(store, timeout(10000)).recordStuck(
        eq(ID), eq(Phase.REMOVE_CONTAINERS), org.mockito.ArgumentMatchers.contains("routes directory is broken"),
        eq(ActivityPolicies.TEARDOWN_ATTEMPTS));
    // One try before the stop (which goes on without it), then the step's whole retry budget.
    verify(files, org.mockito.Mockito.times(ActivityPolicies.TEARDOWN_ATTEMPTS + 1)).removeRoute(ID);
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.DELETING);
    verify(store, never()).markDeleted(anyString(), anyString(), anyString());

    // Only a forced purge finishes it; what it cannot remove is left behind, and receipted.
    assertThatThrownBy(() -> wf.purge(new LifecycleRequest.Purge("alice", "test"))).isInstanceOf(WorkflowUpdateException.class);
    wf.purge(LifecycleRequest.Purge.forcedBy("root", "give up on the route"));
    verify(store, timeout(10000)).completePurge(eq(ID), eq("root"), anyString());
    verify(store).markDeleted(eq(ID), eq("root"), anyString());
    assertThat(receiptLines(store))
        .filteredOn(o -> o.kind() == ArtifactOutcome.Kind.ROUTE)
        .isNotEmpty()
        .allSatisfy(o -> {
          assertThat(o.outcome()).isEqualTo(ArtifactOutcome.Outcome.FAILED);
          assertThat(o.detail()).startsWith("left behind by a forced purge").contains("routes directory is broken");
        });
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.PURGED);
    recordHistory("stuck-forced-purge");
  }

  @Test
  void aRemovalThatKeepsFailingIsStuckInItsOwnPhaseAfterTheStop() {
    DeploymentLifecycleWorkflow wf = deployed();
    when(docker.removeContainers(ID)).thenThrow(ApplicationFailure.newFailure("device or resource busy", "ConflictException"));
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    env.sleep(Duration.ofMinutes(2)); // the retries' backoff
    // The host activity stopped the replicas and entered REMOVE_CONTAINERS; the stuck mark names that phase.
    verify(store, timeout(10000)).recordStuck(
        eq(ID), eq(Phase.REMOVE_CONTAINERS), org.mockito.ArgumentMatchers.contains("ConflictException: device or resource busy"),
        eq(ActivityPolicies.TEARDOWN_ATTEMPTS));
    verify(store, atLeastOnce()).setReplicaStates(ID, ReplicaState.STOPPED);
    assertThat(wf.view().phase()).isEqualTo(Phase.REMOVE_CONTAINERS);
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.DELETING);
    verify(store, never()).markDeleted(anyString(), anyString(), anyString());
  }

  @Test
  void aStuckDeleteIsTriedAgainAnHourLaterAndThenFinishes() {
    DeploymentLifecycleWorkflow wf = deployed();
    when(files.removeRoute(ID))
        .thenThrow(ApplicationFailure.newFailure("the routes directory is broken", "IOException"))
        .thenThrow(ApplicationFailure.newFailure("the routes directory is broken", "IOException"))
        .thenThrow(ApplicationFailure.newFailure("the routes directory is broken", "IOException"))
        .thenThrow(ApplicationFailure.newFailure("the routes directory is broken", "IOException"))
        .thenThrow(ApplicationFailure.newFailure("the routes directory is broken", "IOException"))
        .thenThrow(ApplicationFailure.newFailure("the routes directory is broken", "IOException"))
        .thenThrow(ApplicationFailure.newFailure("the routes directory is broken", "IOException"))
        .thenThrow(ApplicationFailure.newFailure("the routes directory is broken", "IOException"))
        .thenThrow(ApplicationFailure.newFailure("the routes directory is broken", "IOException"))
        .thenReturn(ArtifactOutcome.of(ArtifactOutcome.Kind.ROUTE, "r", ArtifactOutcome.Outcome.REMOVED, "mended", java.time.Instant.EPOCH));
    // Nine failures: the try before the stop, then the step's eight attempts.
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    env.sleep(Duration.ofMinutes(2)); // the retries' backoff
    verify(store, timeout(10000)).recordStuck(eq(ID), any(), anyString(), anyInt());
    env.sleep(DeploymentLifecycleWorkflowImpl.STUCK_RETRY.minusMinutes(1));
    verify(store, never()).markDeleted(anyString(), anyString(), anyString());
    env.sleep(Duration.ofMinutes(2));
    verify(store, timeout(10000)).markDeleted(eq(ID), eq("system"), anyString());
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.DELETED);
  }

  @Test
  void aForcedPurgeIsOnlyForADelete() {
    DeploymentLifecycleWorkflow wf = deployed();
    assertThatThrownBy(() -> wf.purge(LifecycleRequest.Purge.forcedBy("root", "x"))).isInstanceOf(WorkflowUpdateException.class);
  }

  @Test
  void aDeployStartedByAResumeCanBeCancelled() {
    when(docker.ensureImage(ID, "app:1"))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("image app:1 is not on host local", FailureTypes.IMAGE_NOT_FOUND))
        .thenReturn(false);
    DeploymentLifecycleWorkflow wf = start(DeploymentStatus.CREATING, Phase.PULL_IMAGE, null);
    await().until(() -> wf.view().status() == DeploymentStatus.FAILED);
    healthCheckNeverPasses();
    wf.resume(new LifecycleRequest.Resume("alice", "image built", Phase.PULL_IMAGE));
    verify(store, timeout(5000)).enterPhase(ID, Phase.HEALTH_CHECK);
    assertThat(wf.cancel(new LifecycleRequest.Cancel("alice", "wrong image")).expected()).isEqualTo(DeploymentStatus.CANCELLED);
    verify(store, timeout(10000)).transition(eq(ID), eq(DeploymentStatus.CANCELLED), eq("alice"), anyString());
    verify(docker).removeRevision(ID, 1, false);
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.CANCELLED);
  }

  @Test
  void aDeployStartedByAStartCanBeCancelled() {
    DeploymentLifecycleWorkflow wf = deployed();
    wf.stop(new LifecycleRequest.Stop("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.STOPPED);
    healthCheckNeverPasses();
    wf.start(new LifecycleRequest.Start("alice", "test"));
    // While the start runs, a stop is refused: the deployment is CREATING, not RUNNING.
    assertThatThrownBy(() -> wf.stop(new LifecycleRequest.Stop("alice", "test"))).isInstanceOf(WorkflowUpdateException.class);
    verify(store, timeout(5000).times(2)).enterPhase(ID, Phase.HEALTH_CHECK);
    wf.cancel(new LifecycleRequest.Cancel("alice", "changed my mind"));
    verify(store, timeout(10000)).transition(eq(ID), eq(DeploymentStatus.CANCELLED), eq("alice"), anyString());
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.CANCELLED);
    verify(docker, timeout(5000)).removeRevision(ID, 1, false);
  }

  /**
   * A cancel right behind a start, whose phases end in milliseconds: the attempt stops at a
   * phase boundary. Cancelling an activity as it completes once wedged the workflow on the test
   * server; short phases are therefore never cancelled in flight.
   */
  @Test
  void aCancelRightBehindAStartStopsItAtAPhaseBoundary() {
    DeploymentLifecycleWorkflow wf = deployed();
    wf.stop(new LifecycleRequest.Stop("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.STOPPED);
    for (int i = 0; i < 3; i++) {
      wf.start(new LifecycleRequest.Start("alice", "test"));
      wf.cancel(new LifecycleRequest.Cancel("alice", "changed my mind"));
      await().atMost(Duration.ofSeconds(10)).until(() -> wf.view().status() == DeploymentStatus.CANCELLED);
    }
    verify(store, org.mockito.Mockito.times(1)).transition(eq(ID), eq(DeploymentStatus.RUNNING), eq("system"), anyString());
  }

  @Test
  void aLongLifeContinuesAsNewWithItsWholeStateEvenWhileStuck() throws Exception {
    // Three failures: the try before the stop, then the step's two attempts.
    when(files.removeRoute(ID))
        .thenThrow(ApplicationFailure.newFailure("the routes directory is broken", "IOException"))
        .thenThrow(ApplicationFailure.newFailure("the routes directory is broken", "IOException"))
        .thenThrow(ApplicationFailure.newFailure("the routes directory is broken", "IOException"))
        .thenReturn(ArtifactOutcome.of(ArtifactOutcome.Kind.ROUTE, "r", ArtifactOutcome.Outcome.REMOVED, "mended", java.time.Instant.EPOCH));
    // At most 20 events a run: every run that comes to rest continues as new (the deploy's, then the
    // stuck delete's), however the engine batches the tasks of its steps.
    start(DeploymentStatus.CREATING, Phase.PULL_IMAGE, null, new LifecycleSettings(2, 0, false, 20));
    // A stub on the workflow id alone follows the runs as they continue as new.
    DeploymentLifecycleWorkflow wf = client.newWorkflowStub(DeploymentLifecycleWorkflow.class, "deployment-" + ID);
    await().until(() -> wf.view().status() == DeploymentStatus.RUNNING);
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    env.sleep(Duration.ofMinutes(1)); // the retries' backoff
    verify(store, timeout(10000)).recordStuck(eq(ID), eq(Phase.REMOVE_CONTAINERS), anyString(), eq(2));
    // The stuck run continued as new: the new run knows it is stuck and why, and waits.
    await().until(() -> latestRunInput().contains("routes directory is broken"));
    assertThat(latestRunInput()).doesNotContain("\"stuckRetryAt\":null").contains("\"status\":\"DELETING\"");
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.DELETING);
    assertThat(wf.view().lastError()).contains("delete failed").contains("routes directory is broken");
    verify(store, org.mockito.Mockito.times(1)).recordStuck(anyString(), any(), anyString(), anyInt());
    env.sleep(DeploymentLifecycleWorkflowImpl.STUCK_RETRY);
    verify(store, timeout(10000)).markDeleted(eq(ID), eq("system"), anyString());
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.DELETED);
    recordHistory("continue-as-new");
  }

  /** The input of the workflow's latest run, as JSON: what the run before it handed on. */
  String latestRunInput() {
    var started = client.fetchHistory("deployment-" + ID).getHistory().getEvents(0).getWorkflowExecutionStartedEventAttributes();
    return started.getInput().getPayloadsList().stream().map(p -> p.getData().toStringUtf8()).reduce("", String::concat);
  }

  @Test
  void deletionProtectionIsEnforcedByTheWorkflowForEveryDeleteAndPurge() {
    DeploymentLifecycleWorkflow wf = deployed();
    assertThat(wf.setDeletionProtection(new ProtectionRequest("alice", true))).isTrue();
    verify(store).setDeletionProtection(ID, true);
    assertThatThrownBy(() -> wf.delete(new LifecycleRequest.Delete("system", "sweep: expired")))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(Refusals.isDeletionProtected(f.getOriginalMessage())).isTrue());
    assertThatThrownBy(() -> wf.purge(LifecycleRequest.Purge.forcedBy("root", "x"))).isInstanceOf(WorkflowUpdateException.class);
    verify(docker, never()).stopContainers(anyString(), any());

    wf.setDeletionProtection(new ProtectionRequest("alice", false));
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.DELETED);
    assertThatThrownBy(() -> wf.setDeletionProtection(new ProtectionRequest("alice", true)))
        .as("a deleted deployment's purge is scheduled").isInstanceOf(WorkflowUpdateException.class);
  }

  @Test
  void aProtectedDeploymentAdoptedFromTheDatabaseStaysProtected() {
    DeploymentLifecycleWorkflow wf =
        client.newWorkflowStub(
            DeploymentLifecycleWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId("deployment-" + ID).setTaskQueue(TaskQueues.MAIN).build());
    WorkflowClient.start(wf::run, new LifecycleInput(ID, "local", LifecycleState.of(DeploymentStatus.FAILED, Phase.PULL_IMAGE, null, true), null));
    assertThatThrownBy(() -> wf.delete(new LifecycleRequest.Delete("system", "sweep: expired"))).isInstanceOf(WorkflowUpdateException.class);
    verify(store, never()).transition(eq(ID), eq(DeploymentStatus.DELETING), anyString(), anyString());
  }

  /** A store that refuses to record the switch leaves the workflow's own flag as it was. */
  @Test
  void aProtectionTheStoreRefusesIsNotHalfSwitched() {
    DeploymentLifecycleWorkflow wf = deployed();
    doThrow(ApplicationFailure.newNonRetryableFailure("refused", FailureTypes.ILLEGAL_TRANSITION)).when(store).setDeletionProtection(ID, true);
    assertThatThrownBy(() -> wf.setDeletionProtection(new ProtectionRequest("alice", true))).isInstanceOf(WorkflowUpdateException.class);
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.DELETED);
  }

  @Test
  void aStopWithdrawsTheRouteAndAStartWritesItAgain() {
    DeploymentLifecycleWorkflow wf = deployed();
    wf.stop(new LifecycleRequest.Stop("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.STOPPED);
    verify(files).removeRoute(ID);
    wf.start(new LifecycleRequest.Start("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.RUNNING);
    InOrder order = inOrder(files);
    order.verify(files).writeRoute(ID, "web.test", List.of(20000, 20001));
    order.verify(files).removeRoute(ID);
    order.verify(files).writeRoute(ID, "web.test", List.of(20000, 20001));
  }

  /**
   * A delete and a stop withdraw the route before any replica stops, so the proxy answers 404 for
   * the host instead of sending requests to stopping replicas.
   */
  @Test
  void aDeleteAndAStopWithdrawTheRouteBeforeTheReplicasStop() {
    when(files.removeRoute(ID)).thenAnswer(inv -> {
      Thread.sleep(300); // a slow proxy: the stop must still wait for it
      return ArtifactOutcome.of(ArtifactOutcome.Kind.ROUTE, "r", ArtifactOutcome.Outcome.REMOVED, "", Instant.EPOCH);
    });
    DeploymentLifecycleWorkflow wf = deployed();
    wf.stop(new LifecycleRequest.Stop("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.STOPPED);
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.DELETED);
    InOrder order = inOrder(files, docker);
    order.verify(files).removeRoute(ID);
    order.verify(docker).stopContainers(eq(ID), any());
    order.verify(files).removeRoute(ID);
    order.verify(docker).stopContainers(eq(ID), any());
  }

  /** A route that cannot be withdrawn does not hold the stop up: the replicas stop, then the delete is stuck on the route. */
  @Test
  void aRouteThatCannotBeWithdrawnDoesNotHoldTheStopUp() {
    DeploymentLifecycleWorkflow wf = deployed();
    when(files.removeRoute(ID)).thenThrow(ApplicationFailure.newFailure("Caddy did not answer", FailureTypes.ROUTE_PROXY_UNREACHABLE));
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    env.sleep(Duration.ofMinutes(2)); // the retries' backoff
    verify(store, timeout(10000)).recordStuck(
        eq(ID), eq(Phase.REMOVE_CONTAINERS), org.mockito.ArgumentMatchers.contains("Caddy did not answer"), eq(ActivityPolicies.TEARDOWN_ATTEMPTS));
    verify(docker).stopContainers(eq(ID), any());
    verify(docker).removeContainers(ID);
  }

  /**
   * A container event during a deploy queues a look at the containers behind it; a stop sent the
   * moment the deploy ends (GET said RUNNING) is checked against RUNNING, not against the deploy.
   * Seen on a real server: the stop was refused as "a deployment that is CREATING".
   */
  @Test
  void aStopSentAsTheDeployEndsIsAcceptedThoughAContainerEventIsQueuedBehindIt() throws Exception {
    java.util.concurrent.CountDownLatch observing = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    when(docker.observe(eq(ID), any())).thenAnswer(inv -> {
      observing.countDown();
      release.await();
      return new DockerActivities.Observation(
          List.of(new org.decommission.domain.Drift.Seen("n0", 1, true), new org.decommission.domain.Drift.Seen("n1", 1, true)), List.of());
    });
    doAnswer(inv -> {
      client.newWorkflowStub(DeploymentLifecycleWorkflow.class, "deployment-" + ID).containersChanged("container started");
      return null;
    }).when(docker).startContainers(ID, 1);
    DeploymentLifecycleWorkflow wf = start(DeploymentStatus.CREATING, Phase.PULL_IMAGE, null);
    assertThat(observing.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the look runs after the deploy").isTrue();
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.RUNNING);
    wf.stop(new LifecycleRequest.Stop("alice", "test"));
    release.countDown();
    await().until(() -> wf.view().status() == DeploymentStatus.STOPPED);
  }

  void bridged() {
    when(store.loadDeployment(ID)).thenReturn(new DeploymentRecord(ID, "alice", BRIDGED, DeploymentStatus.CREATING, Phase.PULL_IMAGE, "local", 1, null));
    when(store.loadRevision(ID, 2)).thenReturn(new DeploymentRecord(ID, "alice", BRIDGED, DeploymentStatus.RUNNING, Phase.UPDATE_ROUTES, "local", 2, null));
  }

  @Test
  void aDeploymentGetsItsOwnNetworkBeforeItsPortsAndTheReplicasJoinIt() {
    bridged();
    DeploymentLifecycleWorkflow wf = deployed();
    InOrder order = inOrder(store, docker);
    for (Phase phase : Phase.DEPLOY) {
      order.verify(store).enterPhase(ID, phase);
    }
    InOrder steps = inOrder(store, docker);
    steps.verify(docker).createVolumes(eq(ID), eq(1), anyString(), eq(2), any(), eq("alice"));
    steps.verify(docker).createNetwork(eq(ID), anyString());
    steps.verify(store).allocatePorts(eq(ID), eq(1), anyString());
    ArgumentCaptor<ContainerPlan> plan = ArgumentCaptor.forClass(ContainerPlan.class);
    verify(docker).createContainers(plan.capture());
    assertThat(plan.getValue().network()).isEqualTo(NETWORK);
    assertThat(plan.getValue().replicas().get(1).published()).containsExactly(new ContainerPlan.Published(8080, 20001));
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.RUNNING);
  }

  @Test
  void aFailedDeployRemovesTheNetworkItsAttemptCreatedAfterItsContainers() {
    bridged();
    doThrow(ApplicationFailure.newNonRetryableFailure("not healthy", FailureTypes.HEALTH_CHECK_FAILED)).when(health).awaitHealthy(any());
    DeploymentLifecycleWorkflow wf = start(DeploymentStatus.CREATING, Phase.PULL_IMAGE, null);
    await().until(() -> wf.view().status() == DeploymentStatus.FAILED);
    ArgumentCaptor<String> attempt = ArgumentCaptor.forClass(String.class);
    verify(docker).createNetwork(eq(ID), attempt.capture());
    InOrder order = inOrder(docker, store);
    order.verify(docker).removeRevision(ID, 1, false);
    order.verify(store).releaseAttemptPorts(ID, attempt.getValue());
    order.verify(docker).removeAttemptNetwork(ID, attempt.getValue());
    order.verify(docker).removeAttemptVolumes(ID, attempt.getValue());
  }

  @Test
  void theNetworkOutlivesTheDeleteAndGoesWithThePurgeAfterTheContainers() {
    bridged();
    DeploymentLifecycleWorkflow wf = deployed();
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.DELETED);
    verify(docker, never()).removeNetwork(anyString());
    wf.purge(new LifecycleRequest.Purge("alice", "test"));
    verify(store, timeout(5000)).completePurge(eq(ID), eq("alice"), anyString());
    InOrder order = inOrder(docker, store);
    order.verify(docker).removeContainers(ID);
    order.verify(docker).removeNetwork(ID);
    ArgumentCaptor<List<ArtifactOutcome>> lines = ArgumentCaptor.forClass(List.class);
    verify(store, atLeastOnce()).recordOutcomes(eq(ID), lines.capture());
    assertThat(lines.getAllValues()).flatMap(l -> l).extracting(ArtifactOutcome::kind).contains(ArtifactOutcome.Kind.NETWORK);
  }

  /**
   * Records the history that {@link LifecycleReplayTest} replays: a deploy that fails and is
   * compensated, a resume, an update to revision 2, delete, restore, start, stop, delete, purge. Run it after a deliberate, compatible change of the workflow:
   * {@code mvn -pl workflows test -Dtest=DeploymentLifecycleWorkflowTest#recordHistory -Drecord.history=true}.
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "record.history", matches = "true")
  void recordHistory() throws Exception {
    recordWholeLifecycle("lifecycle.json");
  }

  /** The same lifecycle of a deployment on a network of its own: {@code lifecycle-network.json}. */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "record.history", matches = "true")
  void recordNetworkHistory() throws Exception {
    bridged();
    recordWholeLifecycle("lifecycle-network.json");
  }

  private void recordWholeLifecycle(String file) throws Exception {
    doThrow(ApplicationFailure.newNonRetryableFailure("not healthy", FailureTypes.HEALTH_CHECK_FAILED))
        .doNothing()
        .when(health)
        .awaitHealthy(any());
    DeploymentLifecycleWorkflow wf = start(DeploymentStatus.CREATING, Phase.PULL_IMAGE, null, WITH_SEARCH_ATTRIBUTES);
    await().until(() -> wf.view().status() == DeploymentStatus.FAILED);
    wf.resume(new LifecycleRequest.Resume("alice", "fixed", Phase.PULL_IMAGE));
    await().until(() -> wf.view().status() == DeploymentStatus.RUNNING);
    wf.update(new LifecycleRequest.Revision("alice", "new image", 2));
    verify(store, timeout(5000)).releaseRevisionPorts(ID, 1);
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.DELETED);
    wf.restore(new LifecycleRequest.Restore("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.MISSING);
    wf.start(new LifecycleRequest.Start("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.RUNNING);
    wf.stop(new LifecycleRequest.Stop("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.STOPPED);
    wf.delete(new LifecycleRequest.Delete("alice", "test"));
    await().until(() -> wf.view().status() == DeploymentStatus.DELETED);
    env.sleep(RETENTION.plusMinutes(1));
    client.newUntypedWorkflowStub("deployment-" + ID).getResult(Void.class);
    String json = client.fetchHistory("deployment-" + ID).toJson(true);
    java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources/histories/" + file), json);
  }
}
