package org.decommission.api.deployment;

import java.net.URI;
import java.util.List;
import org.decommission.activities.store.DeploymentView;
import org.decommission.api.auth.Caller;
import org.decommission.domain.DeletionPlan;
import org.decommission.domain.DeploymentSpec;
import org.decommission.domain.Operation;
import org.decommission.workflow.LifecycleAck;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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

  DeploymentController(DeploymentService service) {
    this.service = service;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<DeploymentService.Created> create(Authentication auth, @RequestBody DeploymentSpec spec) {
    DeploymentService.Created created = service.create(Caller.of(auth), spec);
    return ResponseEntity.accepted().location(URI.create("/api/deployments/" + created.id())).body(created);
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
  ResponseEntity<LifecycleAck> delete(
      Authentication auth,
      @PathVariable String id,
      @RequestHeader(value = "If-Match", required = false) String ifMatch,
      @RequestParam(required = false) String reason) {
    return accepted(service.delete(Caller.of(auth), id, ifMatch, reason));
  }

  /** POST /{id}/purge, /restore, /start, /stop: the lifecycle requests other than delete. */
  @PostMapping("/{id}/{operation:purge|restore|start|stop}")
  ResponseEntity<LifecycleAck> request(
      Authentication auth, @PathVariable String id, @PathVariable String operation, @RequestParam(required = false) String reason) {
    return accepted(service.request(Caller.of(auth), id, Operation.valueOf(operation.toUpperCase(java.util.Locale.ROOT)), reason));
  }

  private static ResponseEntity<LifecycleAck> accepted(LifecycleAck ack) {
    return ResponseEntity.accepted().body(ack);
  }
}
