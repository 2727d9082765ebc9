package org.decommission.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.decommission.activities.routes.RouteProvider;
import org.decommission.activities.store.DeploymentStore;
import org.decommission.activities.store.SweepStore;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.Operation;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.SweepPlan;
import org.decommission.workflow.SweepReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** What a sweep does when something cannot be read, and in a dry run: nothing. */
class ReconcileActivitiesImplTest {
  static final DecommissionProperties.Reconcile SETTINGS =
      new DecommissionProperties.Reconcile(Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(1), false, true);
  static final String GHOST = UUID.randomUUID().toString();

  DockerClient docker = mock(DockerClient.class, RETURNS_DEEP_STUBS);
  SweepStore sweepStore = mock(SweepStore.class);
  DeploymentStore deployments = mock(DeploymentStore.class);
  LifecycleClient lifecycle = mock(LifecycleClient.class);
  RouteProvider routes = mock(RouteProvider.class);
  ReconcileActivitiesImpl sweeps;

  @BeforeEach
  void setUp() {
    when(docker.listContainersCmd().withShowAll(true).withLabelFilter(any(Map.class)).exec()).thenReturn(List.<Container>of());
    when(sweepStore.sweepRecords("local"))
        .thenReturn(List.of(new SweepPlan.Record(GHOST, DeploymentStatus.RUNNING, 1, 1, Instant.now().minusSeconds(60))));
    when(lifecycle.runningDeploymentIds()).thenReturn(Set.of(GHOST));
    sweeps = new ReconcileActivitiesImpl(Map.of("local", docker), sweepStore, deployments, lifecycle, SETTINGS, "test-installation",
        new org.decommission.activities.files.Snapshots(java.nio.file.Path.of("/nonexistent-dcm-data"), Duration.ofDays(30), 0), routes);
  }

  void assertNothingChanged() {
    verify(lifecycle, never()).containersChanged(anyString(), anyString());
    verify(lifecycle, never()).ensureRunning(any());
    verify(lifecycle, never()).request(any(), any());
    verify(docker, never()).removeContainerCmd(anyString());
  }

  @Test
  void aDatabaseThatCannotBeReadChangesNothingAndIsReported() {
    when(sweepStore.sweepRecords("local")).thenThrow(new DataAccessResourceFailureException("connection refused"));
    SweepReport report = sweeps.sweep("local", false);
    assertThat(report.errors()).singleElement().asString().startsWith("the database could not be read").contains("connection refused");
    assertThat(report.actions()).isEmpty();
    assertNothingChanged();
  }

  @Test
  void anEngineThatCannotBeReadChangesNothingAndIsReported() {
    when(lifecycle.runningDeploymentIds()).thenThrow(new IllegalStateException("UNAVAILABLE"));
    SweepReport report = sweeps.sweep("local", false);
    assertThat(report.errors()).singleElement().asString().startsWith("the Temporal engine could not be read");
    assertNothingChanged();
    verify(sweepStore).recordSweep(report);
  }

  @Test
  void aDryRunPlansAndChangesNothing() {
    SweepReport report = sweeps.sweep("local", true);
    assertThat(report.ghosts()).isEqualTo(1);
    assertThat(report.errors()).isEmpty();
    assertNothingChanged();
  }

  @Test
  void aRealRunHandsAGhostToItsWorkflow() {
    when(lifecycle.containersChanged(anyString(), anyString())).thenReturn(true);
    SweepReport report = sweeps.sweep("local", false);
    assertThat(report.ghosts()).isEqualTo(1);
    verify(lifecycle).containersChanged(org.mockito.ArgumentMatchers.eq(GHOST), org.mockito.ArgumentMatchers.startsWith("reconcile sweep: "));
  }

  /** A FAILED record past the error retention (one second here). */
  DeploymentRecord expiredFailure() {
    String id = UUID.randomUUID().toString();
    when(sweepStore.sweepRecords("local"))
        .thenReturn(List.of(new SweepPlan.Record(id, DeploymentStatus.FAILED, 1, 1, Instant.now().minusSeconds(60))));
    when(lifecycle.runningDeploymentIds()).thenReturn(Set.of(id));
    DeploymentRecord record = new DeploymentRecord(id, "alice", null, DeploymentStatus.FAILED, null, "local", 1, null);
    when(deployments.load(UUID.fromString(id))).thenReturn(record);
    return record;
  }

  /**
   * An expired failure is deleted, which frees its name; it is not purged: its data and ports
   * stay for the retention window, and only its timer or a user purges it.
   */
  @Test
  void anExpiredFailureIsDeletedNotPurgedAndFreesItsName() {
    DeploymentRecord record = expiredFailure();
    SweepReport report = sweeps.sweep("local", false);
    verify(lifecycle).request(eq(record), org.mockito.ArgumentMatchers.argThat(r -> r.operation() == Operation.DELETE));
    verify(lifecycle, never()).request(any(), org.mockito.ArgumentMatchers.argThat(r -> r.operation() == Operation.PURGE));
    assertThat(report.errors()).isEmpty();
    assertThat(report.namesFreed()).isEqualTo(1);
    assertThat(report.portsFreed()).isZero();
  }

  /** A delete the workflow refuses (deletion protection, say) frees nothing. */
  @Test
  void aDeleteTheWorkflowRefusesFreesNothing() {
    DeploymentRecord record = expiredFailure();
    when(lifecycle.request(eq(record), any())).thenThrow(new IllegalStateException("refused"));
    SweepReport report = sweeps.sweep("local", false);
    assertThat(report.errors()).singleElement().asString().contains("refused");
    assertThat(report.namesFreed()).isZero();
  }

  @Test
  void routesThatCannotBeReadAreReportedAndTheRestOfTheSweepGoesOn() {
    when(routes.deploymentIds()).thenThrow(new IllegalStateException("Caddy's admin API at http://127.0.0.1:2019 did not answer"));
    when(lifecycle.containersChanged(anyString(), anyString())).thenReturn(true);
    SweepReport report = sweeps.sweep("local", false);
    assertThat(report.errors()).singleElement().asString().startsWith("the routes could not be read").contains("did not answer");
    assertThat(report.staleRoutesRemoved()).isZero();
    verify(lifecycle).containersChanged(eq(GHOST), anyString());
    verify(routes, never()).remove(anyString());
  }

  /**
   * A route whose deployment has no record, or a deleted one, is withdrawn; one whose deployment
   * was restored since the sweep read it is kept, and the report says why.
   */
  @Test
  void aStaleRouteIsWithdrawnAndOneWhoseDeploymentCameBackIsKept() {
    String stale = UUID.randomUUID().toString();
    String live = UUID.randomUUID().toString();
    String restored = UUID.randomUUID().toString();
    when(routes.deploymentIds()).thenReturn(List.of(stale, live, restored));
    when(routes.name(anyString())).thenAnswer(inv -> "route of " + inv.getArgument(0));
    when(sweepStore.statuses(List.of(stale, live, restored)))
        .thenReturn(Map.of(live, DeploymentStatus.RUNNING, restored, DeploymentStatus.DELETED));
    when(sweepStore.statuses(List.of(restored))).thenReturn(Map.of(restored, DeploymentStatus.MISSING));
    when(sweepStore.statuses(List.of(stale))).thenReturn(Map.of());
    SweepReport report = sweeps.sweep("local", false);
    assertThat(report.staleRoutesRemoved()).isEqualTo(2);
    assertThat(report.actions()).filteredOn(a -> a.kind() == SweepPlan.Kind.REMOVE_STALE_ROUTE)
        .extracting(SweepPlan.Action::containerName).containsExactly("route of " + stale, "route of " + restored);
    verify(routes).remove(stale);
    verify(routes, never()).remove(live);
    verify(routes, never()).remove(restored);
    assertThat(report.errors()).singleElement().asString().contains("is MISSING now; its route is kept");
  }
}
