package org.decommission.api.deployment;

import java.net.URI;
import java.util.List;
import org.decommission.activities.store.DeploymentView;
import org.decommission.api.ApiException;
import org.decommission.api.auth.Caller;
import org.decommission.domain.DeletionPlan;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.Operation;
import org.decommission.workflow.LifecycleAck;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The deployments API: create, read, and the lifecycle requests. */
@RestController
@RequestMapping(path = "/api/deployments", produces = MediaType.APPLICATION_JSON_VALUE)
class DeploymentController {
  private final DeploymentService service;
  private final BulkDeleter bulk;
  private final Idempotency idempotency;
  private final tools.jackson.databind.json.JsonMapper json;

  DeploymentController(DeploymentService service, BulkDeleter bulk, Idempotency idempotency, tools.jackson.databind.json.JsonMapper json) {
    this.service = service;
    this.bulk = bulk;
    this.idempotency = idempotency;
    this.json = json;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> create(
      Authentication auth,
      @RequestHeader(value = "Idempotency-Key", required = false) String key,
      @RequestBody DeploymentSpec spec) {
    Caller caller = Caller.of(auth);
    return idempotency.once(caller, key, "POST /api/deployments " + json.writeValueAsString(spec), () -> {
      DeploymentService.Created created = service.create(caller, spec);
      return ResponseEntity.accepted().location(URI.create("/api/deployments/" + created.id())).body(created);
    });
  }

  @GetMapping
  List<DeploymentView> list(Authentication auth, @RequestParam(defaultValue = "100") int limit) {
    return service.list(Caller.of(auth), Math.max(1, Math.min(limit, 1000)));
  }

  @GetMapping("/{id}")
  DeploymentView get(Authentication auth, @PathVariable String id) {
    return service.get(Caller.of(auth), id);
  }

  @GetMapping("/{id}/receipt")
  DeploymentView.Receipt receipt(Authentication auth, @PathVariable String id) {
    return service.receipt(Caller.of(auth), id);
  }

  /** Everything a delete and then a purge would touch, changing nothing; the ETag pins it. */
  @GetMapping("/{id}/deletion-plan")
  ResponseEntity<DeletionPlan> deletionPlan(Authentication auth, @PathVariable String id) {
    DeletionPlan plan = service.plan(Caller.of(auth), id);
    return ResponseEntity.ok().eTag(plan.etag()).body(plan);
  }

  /** Soft delete; with {@code If-Match: <plan ETag>} only if the plan is still that one (else 412). */
  @DeleteMapping("/{id}")
  ResponseEntity<?> delete(
      Authentication auth,
      @PathVariable String id,
      @RequestHeader(value = "If-Match", required = false) String ifMatch,
      @RequestHeader(value = "Idempotency-Key", required = false) String key,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String grace,
      @RequestParam(defaultValue = "false") boolean force) {
    Caller caller = Caller.of(auth);
    String request = "DELETE /api/deployments/" + id + " grace=" + grace + " force=" + force + " if-match=" + ifMatch;
    return idempotency.once(caller, key, request,
        () -> accepted(service.delete(caller, id, ifMatch, reason, graceSeconds(grace, force))));
  }

  record BulkDelete(List<String> ids, String reason) {}

  record BulkResults(List<BulkDeleter.Result> results) {}

  /** Deletes each id on its own; answers one result per id (202, 400, 404, 409, 412). */
  @PostMapping(path = "/bulk-delete", consumes = MediaType.APPLICATION_JSON_VALUE)
  BulkResults bulkDelete(Authentication auth, @RequestBody BulkDelete body) {
    if (body == null || body.ids() == null || body.ids().isEmpty() || body.ids().size() > MAX_BULK
        || body.ids().stream().anyMatch(java.util.Objects::isNull)) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid bulk delete", "'ids' must hold 1 to " + MAX_BULK + " deployment ids");
    }
    return new BulkResults(bulk.delete(Caller.of(auth), body.ids(), body.reason()));
  }

  record Protection(Boolean enabled) {}

  /** Switches deletion protection: {@code {"enabled": false}} lets a protected deployment be deleted. */
  @PutMapping(path = "/{id}/deletion-protection", consumes = MediaType.APPLICATION_JSON_VALUE)
  DeploymentView deletionProtection(Authentication auth, @PathVariable String id, @RequestBody Protection body) {
    if (body == null || body.enabled() == null) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid protection", "the body must be {\"enabled\": true} or {\"enabled\": false}");
    }
    return service.setDeletionProtection(Caller.of(auth), id, body.enabled());
  }

  static final int MAX_BULK = 100;
  static final java.time.Duration MAX_GRACE = java.time.Duration.ofMinutes(10);

  /** {@code ?grace=30s} (0s to 10m) or {@code ?force=true} (kill at once); null: the configured grace. */
  static Integer graceSeconds(String grace, boolean force) {
    if (force) {
      return 0;
    }
    if (grace == null) {
      return null;
    }
    java.time.Duration d;
    try {
      d = org.springframework.boot.convert.DurationStyle.detectAndParse(grace, java.time.temporal.ChronoUnit.SECONDS);
    } catch (IllegalArgumentException e) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid grace", "'" + grace + "' is not a duration such as 30s or 2m");
    }
    if (d.isNegative() || d.compareTo(MAX_GRACE) > 0) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid grace", "grace must be between 0s and 10m, got " + grace);
    }
    return (int) d.toSeconds();
  }

  /** POST /{id}/restore, /start, /stop, /cancel: the lifecycle requests other than delete and purge. */
  @PostMapping("/{id}/{operation:restore|start|stop|cancel}")
  ResponseEntity<LifecycleAck> request(
      Authentication auth, @PathVariable String id, @PathVariable String operation, @RequestParam(required = false) String reason) {
    return accepted(service.request(Caller.of(auth), id, Operation.valueOf(operation.toUpperCase(java.util.Locale.ROOT)), reason));
  }

  /** Re-runs a FAILED deployment from {@code ?fromPhase=} (a deploy phase), reusing what exists. */
  @PostMapping("/{id}/resume")
  ResponseEntity<LifecycleAck> resume(
      Authentication auth, @PathVariable String id, @RequestParam(required = false) String fromPhase,
      @RequestParam(required = false) String reason) {
    return accepted(service.resume(Caller.of(auth), id, fromPhase, reason));
  }

  /**
   * Rolls out a new revision with the spec in the body (same name and host): created and
   * health-checked beside the serving one, then the route switches and the old revision goes.
   */
  @PostMapping(path = "/{id}/revisions", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<DeploymentService.RevisionAccepted> revise(
      Authentication auth, @PathVariable String id, @RequestParam(required = false) String reason, @RequestBody DeploymentSpec spec) {
    return ResponseEntity.accepted().body(service.revise(Caller.of(auth), id, spec, reason));
  }

  /**
   * Purges a deleted deployment now; {@code ?keepData=true} keeps every data volume. An admin's
   * {@code ?force=true} finishes a stuck delete or purge, receipting what it leaves behind.
   */
  @PostMapping("/{id}/purge")
  ResponseEntity<LifecycleAck> purge(
      Authentication auth, @PathVariable String id, @RequestParam(required = false) String reason,
      @RequestParam(defaultValue = "false") boolean keepData, @RequestParam(defaultValue = "false") boolean force) {
    return accepted(service.purge(Caller.of(auth), id, reason, keepData, force));
  }

  private static ResponseEntity<LifecycleAck> accepted(LifecycleAck ack) {
    return ResponseEntity.accepted().body(ack);
  }
}
