package org.decommission.activities.store;

import static org.decommission.activities.Failures.deploymentId;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.decommission.activities.Failures;
import org.decommission.activities.Settings;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Phase;
import org.decommission.domain.PortAssignment;
import org.decommission.domain.ReplicaInfo;
import org.decommission.domain.ReplicaState;
import org.decommission.workflow.FailureTypes;
import org.decommission.workflow.StoreActivities;

/**
 * {@link StoreActivities} on PostgreSQL through the stores. Every method goes through {@link
 * #store}, so a malformed id and a {@link StoreException} become the same non-retryable failures
 * whichever activity meets them.
 */
public class StoreActivitiesImpl implements StoreActivities {
  private final DeploymentStore deployments;
  private final ReplicaRows replicas;
  private final RevisionStore revisions;
  private final PortAllocations ports;
  private final ReceiptStore receipts;
  private final KeptFailures kept;
  private final DeploymentQueries queries;
  private final Settings settings;

  public StoreActivitiesImpl(DataSource dataSource, Settings settings) {
    this(dataSource, settings, PortProbe.NONE);
  }

  /** @param probe tells a host port something outside Decommission holds: ALLOCATE_PORTS skips it */
  public StoreActivitiesImpl(DataSource dataSource, Settings settings, PortProbe probe) {
    this.deployments = new DeploymentStore(dataSource);
    this.replicas = new ReplicaRows(dataSource);
    this.revisions = new RevisionStore(dataSource);
    this.ports = new PortAllocations(dataSource, probe);
    this.receipts = new ReceiptStore(dataSource);
    this.kept = new KeptFailures(dataSource);
    this.queries = new DeploymentQueries(dataSource);
    this.settings = settings;
  }

  /** Runs one store call on the deployment, translating its refusals in this one place. */
  private static <T> T store(String id, Function<UUID, T> call) {
    return Failures.store(() -> call.apply(deploymentId(id)));
  }

  private static void update(String id, Consumer<UUID> call) {
    store(id, uuid -> {
      call.accept(uuid);
      return null;
    });
  }

  @Override
  public DeploymentRecord loadDeployment(String id) {
    return store(id, deployments::load);
  }

  @Override
  public void enterPhase(String id, Phase phase) {
    update(id, uuid -> deployments.enterPhase(uuid, phase));
  }

  @Override
  public void transition(String id, DeploymentStatus to, String actor, String reason) {
    update(id, uuid -> deployments.transition(uuid, to, actor, reason));
  }

  @Override
  public Instant markDeleted(String id, String actor, String reason) {
    return store(id, uuid -> deployments.markDeleted(uuid, settings.retention(), actor, reason));
  }

  @Override
  public void recordImagePulled(String id) {
    update(id, deployments::recordImagePulled);
  }

  @Override
  public DeploymentRecord loadRevision(String id, int revision) {
    return store(id, uuid -> revisions.loadRevision(uuid, revision));
  }

  @Override
  public List<PortAssignment> allocatePorts(String id, int revision, String attempt) {
    return store(id, uuid -> ports.allocate(revisions.loadRevision(uuid, revision), attempt, settings.portLow(), settings.portHigh()));
  }

  @Override
  public List<ArtifactOutcome> releaseAttemptPorts(String id, String attempt) {
    return store(id, uuid -> ports.releaseAttempt(uuid, attempt));
  }

  @Override
  public List<ArtifactOutcome> releaseRevisionPorts(String id, int revision) {
    return store(id, uuid -> ports.releaseRevision(uuid, revision));
  }

  @Override
  public void activateRevision(String id, int revision, String actor) {
    update(id, uuid -> revisions.activateRevision(uuid, revision, actor));
  }

  @Override
  public List<KeptFailure> keepFailure(String id, String host, int revision, String attempt, int keep) {
    return store(id, uuid -> kept.keep(uuid, host, revision, attempt, keep));
  }

  @Override
  public List<KeptFailure> releaseKept(String id) {
    return store(id, kept::release);
  }

  @Override
  public void recordDataExists(String id, boolean dataExists) {
    update(id, uuid -> deployments.recordDataExists(uuid, dataExists));
  }

  @Override
  public void setDeletionProtection(String id, boolean enabled) {
    update(id, uuid -> {
      if (!deployments.setDeletionProtection(uuid, enabled)) {
        throw new StoreException(FailureTypes.ILLEGAL_TRANSITION,
            "deletion protection can only be switched on a deployment that is not deleted; " + id + " is deleted or gone");
      }
    });
  }

  @Override
  public void recordStuck(String id, Phase phase, String error, int attempts) {
    update(id, uuid -> deployments.recordStuck(uuid, phase, error, attempts));
  }

  @Override
  public void failRevision(String id, int revision, String error) {
    update(id, uuid -> revisions.failRevision(uuid, revision, error));
  }

  @Override
  public void recordReplicas(String id, int revision, List<ReplicaInfo> replicas) {
    update(id, uuid -> this.replicas.record(uuid, revision, replicas));
  }

  @Override
  public void setReplicaStates(String id, ReplicaState state) {
    update(id, uuid -> replicas.setStates(uuid, state));
  }

  @Override
  public void recordOutcomes(String id, List<ArtifactOutcome> outcomes) {
    update(id, uuid -> receipts.recordOutcomes(uuid, outcomes));
  }

  @Override
  public ImageVerdict imageVerdict(String id) {
    return store(id, queries::imageVerdict);
  }

  @Override
  public List<ArtifactOutcome> releasePorts(String id) {
    return store(id, ports::release);
  }

  @Override
  public void completePurge(String id, String actor, String reason) {
    update(id, uuid -> deployments.completePurge(uuid, actor, reason));
  }
}
