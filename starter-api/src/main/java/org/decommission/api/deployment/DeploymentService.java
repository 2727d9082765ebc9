package org.decommission.api.deployment;

import io.temporal.client.WorkflowUpdateException;
import java.util.List;
import java.util.UUID;
import org.decommission.activities.store.DeploymentQueries;
import org.decommission.activities.store.DeploymentStore;
import org.decommission.activities.store.DeploymentView;
import org.decommission.activities.store.ReceiptStore;
import org.decommission.activities.store.RevisionStore;
import org.decommission.activities.store.StoreException;
import org.decommission.api.ApiException;
import org.decommission.api.Ids;
import org.decommission.api.auth.Caller;
import org.decommission.domain.DeletionPlan;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Naming;
import org.decommission.domain.Operation;
import org.decommission.domain.Phase;
import org.decommission.domain.SpecValidator;
import org.decommission.workflow.LifecycleAck;
import org.decommission.workflow.FailureTypes;
import org.decommission.workflow.LifecycleRequest;
import org.decommission.workflow.ProtectionRequest;
import org.decommission.worker.DecommissionProperties;
import org.decommission.worker.LifecycleClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * What the deployment endpoints do: validate, check ownership, write the database, and hand the
 * work to the deployment's workflow. A deployment another user owns is reported as not found.
 */
@Service
class DeploymentService {
  private static final Logger log = LoggerFactory.getLogger(DeploymentService.class);

  private final DeploymentStore deployments;
  private final RevisionStore revisions;
  private final ReceiptStore receipts;
  private final DeploymentQueries queries;
  private final LifecycleClient lifecycle;
  private final SpecChecks specs;
  private final DeletionPlans plans;
  private final Capacity capacity;
  private final org.decommission.api.metrics.LifecycleMetrics metrics;
  private final DecommissionProperties.Temporal temporal;

  DeploymentService(
      DeploymentStore deployments, RevisionStore revisions, ReceiptStore receipts, DeploymentQueries queries, LifecycleClient lifecycle,
      DecommissionProperties properties, DeletionPlans plans, Capacity capacity, org.decommission.api.metrics.LifecycleMetrics metrics) {
    this.capacity = capacity;
    this.metrics = metrics;
    this.temporal = properties.temporal();
    this.deployments = deployments;
    this.revisions = revisions;
    this.receipts = receipts;
    this.queries = queries;
    this.lifecycle = lifecycle;
    this.specs = new SpecChecks(properties.docker().hostsOrDefault().keySet(), queries, properties.network().allowHost(),
        properties.resources().defaults().resources(), properties.resources().max().resources());
    this.plans = plans;
  }

  /** What a delete and a purge would do now; changes nothing. */
  DeletionPlan plan(Caller caller, String id) {
    DeploymentRecord record = visible(caller, id);
    return plans.plan(UUID.fromString(record.id()), record.host());
  }

  /**
   * A delete that happens only if the plan is still the one the caller saw ({@code If-Match}).
   *
   * @throws ApiException 412 when the plan changed since
   */
  LifecycleAck delete(Caller caller, String id, String ifMatch, String reason, Integer graceSeconds) {
    if (ifMatch != null && !ifMatch.isBlank() && !ifMatch.trim().equals("*")) {
      DeletionPlan now = plan(caller, id);
      if (!now.etag().equals(ifMatch.trim())) {
        throw new ApiException(HttpStatus.PRECONDITION_FAILED, "Plan changed",
            "the deletion plan of " + id + " is now " + now.etag() + ", not " + ifMatch.trim()
                + "; GET the deletion plan again, check it, and delete with its ETag");
      }
    }
    return request(caller, id, new LifecycleRequest.Delete(caller.user(), reason, graceSeconds));
  }

  /** Switches deletion protection of a live deployment. */
  DeploymentView setDeletionProtection(Caller caller, String id, boolean enabled) {
    DeploymentRecord record = visible(caller, id);
    if (record.status() == DeploymentStatus.PURGED) {
      throw ApiException.conflict("Illegal transition", "deployment " + id + " was purged; see its receipt");
    }
    try {
      lifecycle.setDeletionProtection(record, new ProtectionRequest(caller.user(), enabled));
    } catch (WorkflowUpdateException e) {
      throw ApiException.conflict("Illegal transition", UpdateRefusals.message(e));
    }
    log.info("[{} {}] deletion protection {} by {}", id, record.phase(), enabled ? "on" : "off", caller.user());
    return get(caller, id);
  }

  DeploymentRecord visible(Caller caller, String id) {
    UUID uuid = Ids.deploymentId(id);
    return deployments.find(uuid).filter(r -> caller.mayAccess(r.owner())).orElseThrow(() -> ApiException.notFound(id));
  }

  record Created(String id, String workflowId, DeploymentStatus status) {}

  record RevisionAccepted(String deploymentId, int revision, Operation operation, DeploymentStatus expected) {}

  /**
   * Stores a new revision's spec and asks the workflow to roll it out.
   *
   * @throws ApiException 400 for an invalid spec or one that renames or moves the deployment; 409
   *     when the deployment is not RUNNING
   */
  RevisionAccepted revise(Caller caller, String id, DeploymentSpec spec, String reason) {
    DeploymentRecord record = visible(caller, id);
    List<SpecValidator.FieldError> errors = specs.errors(caller, spec);
    if (spec != null && spec.name() != null && !spec.name().equals(record.spec().name())) {
      errors.add(new SpecValidator.FieldError("name", "a revision keeps the deployment's name '" + record.spec().name() + "'"));
    }
    if (spec != null && !spec.hostOrDefault().equals(record.host())) {
      errors.add(new SpecValidator.FieldError("host", "a revision keeps the deployment's host '" + record.host() + "'"));
    }
    SpecChecks.rejectIfInvalid(errors);
    if (record.status() != DeploymentStatus.RUNNING) {
      throw ApiException.conflict("Illegal transition",
          "cannot roll out a revision of deployment " + id + ": it is " + record.status() + "; only a RUNNING deployment is updated");
    }
    UUID uuid = UUID.fromString(record.id());
    specs.refuseTakenRouteHost(spec, uuid);
    DeploymentSpec stored = specs.normalised(spec);
    int revision = Capacity.reserving(() -> revisions.requestRevision(uuid, stored, caller.user(), capacity.of(record.host())));
    try {
      LifecycleAck ack = request(caller, id, new LifecycleRequest.Revision(caller.user(), reason, revision));
      return new RevisionAccepted(ack.deploymentId(), revision, ack.operation(), ack.expected());
    } catch (RuntimeException refused) {
      revisions.discardRevision(uuid, revision);
      throw refused;
    }
  }

  Created create(Caller caller, DeploymentSpec asked) {
    SpecChecks.rejectIfInvalid(specs.errors(caller, asked));
    DeploymentSpec spec = specs.normalised(asked);
    UUID id = UUID.randomUUID();
    DeploymentRecord record;
    try {
      record = Capacity.reserving(() -> deployments.create(id, caller.user(), spec, caller.user(), capacity.of(spec.hostOrDefault())));
    } catch (StoreException e) {
      if (FailureTypes.ROUTE_HOST_TAKEN.equals(e.type())) {
        throw ApiException.conflict("Route host taken", e.getMessage());
      }
      throw ApiException.conflict("Name taken", e.getMessage() + "; delete it or choose another name");
    }
    try {
      lifecycle.ensureRunning(record);
    } catch (RuntimeException e) {
      log.warn("[{} PULL_IMAGE] recorded, but its workflow could not be started: {}", id, e.getMessage());
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Engine unavailable",
          "deployment " + id + " is recorded (CREATING) but the Temporal engine did not answer (" + e.getMessage()
              + "); it will be deployed when a worker starts and adopts it. Check /actuator/health.");
    }
    log.info("[{} PULL_IMAGE] deployment '{}' created by {}", id, spec.name(), caller.user());
    return new Created(id.toString(), Naming.workflowId(id.toString()), DeploymentStatus.CREATING);
  }

  DeploymentView get(Caller caller, String id) {
    UUID uuid = Ids.deploymentId(id);
    return queries.view(uuid).filter(v -> caller.mayAccess(v.owner())).map(this::linked).orElseThrow(() -> ApiException.notFound(id));
  }

  List<DeploymentView> list(Caller caller, int limit) {
    return queries.list(caller.admin() ? null : caller.user(), limit).stream().map(this::linked).toList();
  }

  private DeploymentView linked(DeploymentView view) {
    return view.withTemporalUi(temporal.uiBaseUrl(), temporal.namespace());
  }

  DeploymentView.Receipt receipt(Caller caller, String id) {
    UUID uuid = Ids.deploymentId(id);
    return receipts.receipt(uuid)
        .filter(r -> caller.mayAccess(r.owner()))
        .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "No receipt", "deployment " + id + " has no receipt visible to you; a receipt is written by the purge"));
  }

  /** A restore, start, stop or cancel. */
  LifecycleAck request(Caller caller, String id, Operation operation, String reason) {
    return request(caller, id, LifecycleRequest.of(operation, caller.user(), reason));
  }

  /**
   * Resumes a FAILED deployment from a named deploy phase.
   *
   * @throws ApiException 409 for a phase that is not a deploy phase, or a deployment not FAILED
   */
  LifecycleAck resume(Caller caller, String id, String fromPhase, String reason) {
    Phase phase;
    try {
      phase = fromPhase == null ? null : Phase.valueOf(fromPhase.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      phase = null;
    }
    if (phase == null || !phase.isDeploy()) {
      throw ApiException.conflict("Unknown phase",
          "cannot resume from '" + fromPhase + "': give fromPhase, one of " + Phase.DEPLOY);
    }
    return request(caller, id, new LifecycleRequest.Resume(caller.user(), reason, phase));
  }

  /**
   * A purge; forced, it finishes a stuck delete or purge.
   *
   * @throws ApiException 403 when a non-admin forces; 400 when a forced purge is asked to keep data
   */
  LifecycleAck purge(Caller caller, String id, String reason, boolean keepData, boolean force) {
    if (!force) {
      return request(caller, id, new LifecycleRequest.Purge(caller.user(), reason, keepData, false));
    }
    if (!caller.admin()) {
      throw new ApiException(HttpStatus.FORBIDDEN, "Forbidden",
          "only an admin may force a purge: it ends a delete even when artifacts cannot be removed");
    }
    if (keepData) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid purge", "a forced purge removes the data; leave out keepData");
    }
    LifecycleAck accepted = request(caller, id, LifecycleRequest.Purge.forcedBy(caller.user(), reason));
    metrics.forcedPurge();
    return accepted;
  }

  private LifecycleAck request(Caller caller, String id, LifecycleRequest lifecycleRequest) {
    Operation operation = lifecycleRequest.operation();
    DeploymentRecord record = visible(caller, id);
    UUID uuid = UUID.fromString(record.id());
    if (record.status() == DeploymentStatus.PURGED) {
      throw ApiException.conflict(
          "Illegal transition", "cannot " + operation.verb() + " deployment " + id + ": it was purged; see its receipt");
    }
    if (operation == Operation.RESTORE) {
      specs.refuseTakenRouteHost(record.spec(), uuid);
    }
    if (operation == Operation.RESTORE && queries.nameHeldByOther(record.spec().name(), uuid)) {
      throw ApiException.conflict(
          "Name taken",
          "cannot restore deployment " + id + ": its name '" + record.spec().name()
              + "' is now held by another live deployment; delete that one first");
    }
    // A start or resume that may run brings containers back: their cpu and memory first.
    boolean starts = (operation == Operation.START || operation == Operation.RESUME) && operation.allowedFrom(record.status());
    Runnable unreserve = starts ? capacity.reserveToStart(record) : () -> {};
    try {
      LifecycleAck ack = lifecycle.request(record, lifecycleRequest);
      log.info("[{} {}] {} accepted for {}", id, record.phase(), operation.verb(), caller.user());
      return ack;
    } catch (WorkflowUpdateException e) {
      unreserve.run();
      throw UpdateRefusals.conflict(operation, e);
    } catch (RuntimeException e) {
      unreserve.run();
      throw e;
    }
  }

}
