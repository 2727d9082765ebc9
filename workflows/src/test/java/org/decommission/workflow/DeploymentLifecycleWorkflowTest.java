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
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;
import org.decommission.domain.PortAssignment;
import org.decommission.domain.ReplicaInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

  TestWorkflowEnvironment env;
  StoreActivities store;
  DockerActivities docker;
  HostFileActivities files;
  WorkflowClient client;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    store = mock(StoreActivities.class, withSettings().withoutAnnotations());
    docker = mock(DockerActivities.class, withSettings().withoutAnnotations());
    files = mock(HostFileActivities.class, withSettings().withoutAnnotations());
    when(store.loadDeployment(ID)).thenReturn(new DeploymentRecord(ID, "alice", SPEC, DeploymentStatus.CREATING, Phase.PULL_IMAGE, "local", 1, null));
    when(store.allocatePorts(ID)).thenReturn(List.of(new PortAssignment(0, "http", 20000), new PortAssignment(1, "http", 20001)));
    when(store.markDeleted(eq(ID), anyString(), anyString()))
        .thenAnswer(inv -> Instant.ofEpochMilli(env.currentTimeMillis()).plus(RETENTION));
    when(store.imageVerdict(ID)).thenReturn(new StoreActivities.ImageVerdict("app:1", false, "not ours"));
    when(store.releasePorts(ID)).thenReturn(List.of());
    when(files.prepareWorkdir(ID)).thenReturn("/data/work/" + ID);
    when(files.removeRoute(ID)).thenReturn(ArtifactOutcome.of(ArtifactOutcome.Kind.ROUTE, "r", ArtifactOutcome.Outcome.REMOVED, ""));
    when(files.removeWorkdir(ID)).thenReturn(ArtifactOutcome.of(ArtifactOutcome.Kind.WORKDIR, "w", ArtifactOutcome.Outcome.REMOVED, ""));
    when(docker.createContainers(any())).thenReturn(List.of(new ReplicaInfo(0, "c0", "n0"), new ReplicaInfo(1, "c1", "n1")));
    when(docker.removeContainers(ID)).thenReturn(List.of());
    when(docker.purgeVolumes(eq(ID), anyString(), any())).thenReturn(List.of());

    Worker main = env.newWorker(TaskQueues.MAIN);
    main.registerWorkflowImplementationTypes(DeploymentLifecycleWorkflowImpl.class);
    main.registerActivitiesImplementations(store);
    Worker host = env.newWorker(TaskQueues.docker("local"));
    host.registerActivitiesImplementations(docker, files);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  DeploymentLifecycleWorkflow start(DeploymentStatus status, Phase phase, Instant purgeAfter) {
    DeploymentLifecycleWorkflow wf =
        client.newWorkflowStub(
            DeploymentLifecycleWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId("deployment-" + ID).setTaskQueue(TaskQueues.MAIN).build());
    WorkflowClient.start(wf::run, new LifecycleInput(ID, "local", status, phase, purgeAfter));
    return wf;
  }

  DeploymentLifecycleWorkflow deployed() {
    DeploymentLifecycleWorkflow wf = start(DeploymentStatus.CREATING, Phase.PULL_IMAGE, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> wf.view().status() == DeploymentStatus.RUNNING);
    return wf;
  }

  static LifecycleRequest by(String actor) {
    return new LifecycleRequest(actor, "test");
  }

  @Test
  void deployRunsEveryPhaseInOrderThenIsRunning() {
    DeploymentLifecycleWorkflow wf = deployed();
    InOrder order = inOrder(store, docker, files);
    for (Phase phase : Phase.DEPLOY) {
      order.verify(store).enterPhase(ID, phase);
    }
    order.verify(store).transition(eq(ID), eq(DeploymentStatus.RUNNING), anyString(), anyString());
    verify(docker).createContainers(any());
    verify(files).writeRoute(ID, "web.test", List.of("http://127.0.0.1:20000", "http://127.0.0.1:20001"));
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.RUNNING);
  }

  @Test
  void purgeFiresAtTheRetentionAndNotBefore() {
    DeploymentLifecycleWorkflow wf = deployed();
    wf.delete(by("alice"));
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
    wf.delete(by("alice"));
    verify(store, timeout(5000)).markDeleted(eq(ID), anyString(), anyString());
    wf.purge(by("alice"));
    verify(store, timeout(5000)).completePurge(eq(ID), eq("alice"), anyString());
    InOrder order = inOrder(store);
    order.verify(store).transition(eq(ID), eq(DeploymentStatus.PURGING), eq("alice"), anyString());
    order.verify(store).releasePorts(ID);
    order.verify(store).completePurge(eq(ID), eq("alice"), anyString());
  }

  @Test
  void restoreCancelsThePurge() {
    DeploymentLifecycleWorkflow wf = deployed();
    wf.delete(by("alice"));
    verify(store, timeout(5000)).markDeleted(eq(ID), anyString(), anyString());
    wf.restore(by("alice"));
    verify(store, timeout(5000)).transition(eq(ID), eq(DeploymentStatus.MISSING), eq("alice"), anyString());
    env.sleep(RETENTION.plusHours(1));
    verify(store, never()).completePurge(anyString(), anyString(), anyString());
    assertThat(wf.view().status()).isEqualTo(DeploymentStatus.MISSING);
    assertThat(wf.view().purgeAfter()).isNull();
  }

  @Test
  void aRequestThatFailsFailsAloneAndThePurgeStillComes() {
    DeploymentLifecycleWorkflow wf = deployed();
    wf.delete(by("alice"));
    await().until(() -> wf.view().status() == DeploymentStatus.DELETED);
    doAnswer(inv -> {
          throw ApplicationFailure.newNonRetryableFailure("the name is held by another deployment", FailureTypes.NAME_TAKEN);
        })
        .when(store).transition(eq(ID), eq(DeploymentStatus.MISSING), anyString(), anyString());
    wf.restore(by("alice"));
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
    wf.delete(by("alice"));
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
    assertThatThrownBy(() -> wf.purge(by("alice"))).isInstanceOf(WorkflowUpdateException.class);
    assertThatThrownBy(() -> wf.restore(by("alice"))).isInstanceOf(WorkflowUpdateException.class);
    wf.delete(by("alice"));
    assertThatThrownBy(() -> wf.delete(by("alice")))
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
    doAnswer(
            inv -> {
              // A health check that never passes: it heartbeats until it is cancelled.
              while (true) {
                Activity.getExecutionContext().heartbeat("waiting");
                Thread.sleep(50);
              }
            })
        .when(docker)
        .awaitHealthy(any());
    DeploymentLifecycleWorkflow wf = start(DeploymentStatus.CREATING, Phase.PULL_IMAGE, null);
    verify(store, timeout(5000)).enterPhase(ID, Phase.HEALTH_CHECK);
    wf.delete(by("alice"));
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
    verify(docker, never()).createVolumes(anyString(), anyInt(), anyInt(), any());
    assertThat(wf.view().lastError()).contains("ImageNotFound").contains("app:1");
  }

  @Test
  void aFailedDeploymentResumesFromANamedPhaseAndOnlyAFailedOne() {
    when(docker.ensureImage(ID, "app:1"))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("image app:1 is not on host local", FailureTypes.IMAGE_NOT_FOUND))
        .thenReturn(false);
    DeploymentLifecycleWorkflow wf = start(DeploymentStatus.CREATING, Phase.PULL_IMAGE, null);
    await().until(() -> wf.view().status() == DeploymentStatus.FAILED);
    assertThatThrownBy(() -> wf.resume(LifecycleRequest.resumeFrom("alice", "x", Phase.RETENTION)))
        .isInstanceOf(WorkflowUpdateException.class);
    assertThatThrownBy(() -> wf.resume(new LifecycleRequest("alice", "no phase"))).isInstanceOf(WorkflowUpdateException.class);

    wf.resume(LifecycleRequest.resumeFrom("alice", "image built", Phase.PULL_IMAGE));
    await().until(() -> wf.view().status() == DeploymentStatus.RUNNING);
    verify(docker, org.mockito.Mockito.times(2)).ensureImage(ID, "app:1");
    verify(docker).createContainers(any());
    assertThatThrownBy(() -> wf.resume(LifecycleRequest.resumeFrom("alice", "again", Phase.PULL_IMAGE)))
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
    verify(docker, never()).createVolumes(anyString(), anyInt(), anyInt(), any());
    verify(docker).createContainers(any());
  }

  /**
   * Records the history that {@link LifecycleReplayTest} replays: deploy, delete, restore, start,
   * stop, delete, purge. Run it after a deliberate, compatible change of the workflow:
   * {@code mvn -pl workflows test -Dtest=DeploymentLifecycleWorkflowTest#recordHistory -Drecord.history=true}.
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "record.history", matches = "true")
  void recordHistory() throws Exception {
    DeploymentLifecycleWorkflow wf = deployed();
    wf.delete(by("alice"));
    await().until(() -> wf.view().status() == DeploymentStatus.DELETED);
    wf.restore(by("alice"));
    await().until(() -> wf.view().status() == DeploymentStatus.MISSING);
    wf.start(by("alice"));
    await().until(() -> wf.view().status() == DeploymentStatus.RUNNING);
    wf.stop(by("alice"));
    await().until(() -> wf.view().status() == DeploymentStatus.STOPPED);
    wf.delete(by("alice"));
    await().until(() -> wf.view().status() == DeploymentStatus.DELETED);
    env.sleep(RETENTION.plusMinutes(1));
    client.newUntypedWorkflowStub("deployment-" + ID).getResult(Void.class);
    String json = client.fetchHistory("deployment-" + ID).toJson(true);
    java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources/histories/lifecycle.json"), json);
  }
}
