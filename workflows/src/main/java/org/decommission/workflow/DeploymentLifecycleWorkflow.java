package org.decommission.workflow;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One entity workflow per deployment, id {@code deployment-<uuid>}: it deploys, then serves
 * lifecycle requests one at a time until the deployment is purged.
 *
 * <p>Requests arrive as updates. Each validator checks the request against the status the
 * deployment will have once the requests already accepted have run, so an illegal request is
 * rejected synchronously (the API answers 409) and nothing changes. An accepted request is queued
 * and its handler returns at once; the workflow runs queued requests in order.
 */
@WorkflowInterface
public interface DeploymentLifecycleWorkflow {

  /**
   * Runs the lifecycle from the state in {@code input}: a CREATING deployment is deployed from
   * its recorded phase, a DELETING one finishes its delete, a DELETED one waits for its purge
   * time, a PURGING one finishes its purge. Returns when the deployment is PURGED.
   */
  @WorkflowMethod
  void run(LifecycleInput input);

  /** Soft delete: stops and removes the replicas and the route; keeps volumes and ports. */
  @UpdateMethod
  LifecycleAck delete(LifecycleRequest.Delete request);

  @UpdateValidatorMethod(updateName = "delete")
  void validateDelete(LifecycleRequest.Delete request);

  /** Purges a DELETED deployment now instead of at its purge time. */
  @UpdateMethod
  LifecycleAck purge(LifecycleRequest.Purge request);

  @UpdateValidatorMethod(updateName = "purge")
  void validatePurge(LifecycleRequest.Purge request);

  /** Brings a DELETED deployment back as MISSING (config, volumes and ports kept; no container). */
  @UpdateMethod
  LifecycleAck restore(LifecycleRequest.Restore request);

  @UpdateValidatorMethod(updateName = "restore")
  void validateRestore(LifecycleRequest.Restore request);

  /** Starts a STOPPED, MISSING, FAILED or CANCELLED deployment: the deploy phases run again. */
  @UpdateMethod
  LifecycleAck start(LifecycleRequest.Start request);

  @UpdateValidatorMethod(updateName = "start")
  void validateStart(LifecycleRequest.Start request);

  /**
   * Re-runs a FAILED deployment's deploy phases from {@code request.fromPhase()}, reusing what
   * earlier attempts made (every phase is idempotent).
   */
  @UpdateMethod
  LifecycleAck resume(LifecycleRequest.Resume request);

  @UpdateValidatorMethod(updateName = "resume")
  void validateResume(LifecycleRequest.Resume request);

  /** Stops a RUNNING deployment's replicas gracefully. */
  @UpdateMethod
  LifecycleAck stop(LifecycleRequest.Stop request);

  @UpdateValidatorMethod(updateName = "stop")
  void validateStop(LifecycleRequest.Stop request);

  /**
   * Cancels a deploy in flight or queued, however it was started (create, start or resume): the
   * phase running is cancelled, what the attempt created is removed, and the deployment ends
   * CANCELLED.
   */
  @UpdateMethod
  LifecycleAck cancel(LifecycleRequest.Cancel request);

  @UpdateValidatorMethod(updateName = "cancel")
  void validateCancel(LifecycleRequest.Cancel request);

  /**
   * Rolls out the stored revision {@code request.revision()} beside the one serving: its replicas
   * are created, started and health-checked, the route switches to them, and the old revision
   * is removed. If the new revision fails, only its own objects are removed and the old one
   * keeps serving throughout.
   */
  @UpdateMethod
  LifecycleAck update(LifecycleRequest.Revision request);

  @UpdateValidatorMethod(updateName = "update")
  void validateUpdate(LifecycleRequest.Revision request);

  /**
   * Switches deletion protection at once (not queued behind other requests): while it is on,
   * every delete and purge is refused, a user's, the sweep's and an admin's alike. Refused for
   * a deployment that is being deleted or is deleted.
   */
  @UpdateMethod
  boolean setDeletionProtection(ProtectionRequest request);

  @UpdateValidatorMethod(updateName = "setDeletionProtection")
  void validateSetDeletionProtection(ProtectionRequest request);

  /**
   * The deployment's containers changed out of band ({@code what}: a Docker event, a sweep). The
   * workflow looks at them once the requests queued before have run, and, when the deployment is
   * at rest, its status follows them. Signals that arrive before that look are folded into it.
   */
  @SignalMethod
  void containersChanged(String what);

  /** The workflow's view of the deployment. */
  @QueryMethod
  LifecycleView view();
}
