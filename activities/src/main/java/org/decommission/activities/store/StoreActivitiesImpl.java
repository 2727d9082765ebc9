package org.decommission.activities.store;

import static org.decommission.activities.Failures.deploymentId;
import static org.decommission.activities.Failures.store;

import java.time.Instant;
import java.util.List;
import org.decommission.activities.Settings;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.ImagePolicy;
import org.decommission.domain.Phase;
import org.decommission.domain.PortAssignment;
import org.decommission.domain.ReplicaInfo;
import org.decommission.domain.ReplicaState;
import org.decommission.workflow.StoreActivities;

/** {@link StoreActivities} on PostgreSQL through {@link DeploymentRepository}. */
public class StoreActivitiesImpl implements StoreActivities {
  private final DeploymentRepository repository;
  private final Settings settings;

  public StoreActivitiesImpl(DeploymentRepository repository, Settings settings) {
    this.repository = repository;
    this.settings = settings;
  }

  @Override
  public DeploymentRecord loadDeployment(String id) {
    return store(() -> repository.load(deploymentId(id)));
  }

  @Override
  public void enterPhase(String id, Phase phase) {
    repository.enterPhase(deploymentId(id), phase);
  }

  @Override
  public void transition(String id, DeploymentStatus to, String actor, String reason) {
    store(
        () -> {
          repository.transition(deploymentId(id), to, actor, reason);
          return null;
        });
  }

  @Override
  public Instant markDeleted(String id, String actor, String reason) {
    return store(() -> repository.markDeleted(deploymentId(id), settings.retention(), actor, reason));
  }

  @Override
  public void recordImagePulled(String id) {
    repository.recordImagePulled(deploymentId(id));
  }

  @Override
  public DeploymentRecord loadRevision(String id, int revision) {
    return store(() -> repository.loadRevision(deploymentId(id), revision));
  }

  @Override
  public List<PortAssignment> allocatePorts(String id, int revision, String attempt) {
    return store(() -> repository.allocatePorts(deploymentId(id), revision, attempt, settings.portLow(), settings.portHigh()));
  }

  @Override
  public List<ArtifactOutcome> releaseAttemptPorts(String id, String attempt) {
    return repository.releaseAttemptPorts(deploymentId(id), attempt);
  }

  @Override
  public List<ArtifactOutcome> releaseRevisionPorts(String id, int revision) {
    return repository.releaseRevisionPorts(deploymentId(id), revision);
  }

  @Override
  public void activateRevision(String id, int revision, String actor) {
    store(
        () -> {
          repository.activateRevision(deploymentId(id), revision, actor);
          return null;
        });
  }

  @Override
  public List<KeptFailure> keepFailure(String id, String host, int revision, String attempt, int keep) {
    return repository.keepFailure(deploymentId(id), host, revision, attempt, keep);
  }

  @Override
  public List<KeptFailure> releaseKept(String id) {
    return repository.releaseKept(deploymentId(id));
  }

  @Override
  public void recordDataExists(String id, boolean dataExists) {
    repository.recordDataExists(deploymentId(id), dataExists);
  }

  @Override
  public void recordStuck(String id, Phase phase, String error, int attempts) {
    repository.recordStuck(deploymentId(id), phase, error, attempts);
  }

  @Override
  public void failRevision(String id, int revision, String error) {
    repository.failRevision(deploymentId(id), revision, error);
  }

  @Override
  public void recordReplicas(String id, int revision, List<ReplicaInfo> replicas) {
    repository.recordReplicas(deploymentId(id), revision, replicas);
  }

  @Override
  public void setReplicaStates(String id, ReplicaState state) {
    repository.setReplicaStates(deploymentId(id), state.name());
  }

  @Override
  public void recordOutcomes(String id, List<ArtifactOutcome> outcomes) {
    repository.recordOutcomes(deploymentId(id), outcomes);
  }

  @Override
  public ImageVerdict imageVerdict(String id) {
    String image = loadDeployment(id).spec().image();
    ImagePolicy.Decision decision =
        ImagePolicy.decide(repository.imagePulled(deploymentId(id)), repository.imageUsedElsewhere(deploymentId(id), image));
    return new ImageVerdict(image, decision.remove(), decision.reason());
  }

  @Override
  public List<ArtifactOutcome> releasePorts(String id) {
    return repository.releasePorts(deploymentId(id));
  }

  @Override
  public void completePurge(String id, String actor, String reason) {
    store(
        () -> {
          repository.completePurge(deploymentId(id), actor, reason);
          return null;
        });
  }
}
