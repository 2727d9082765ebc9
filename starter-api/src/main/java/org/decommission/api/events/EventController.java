package org.decommission.api.events;

import java.util.UUID;
import org.decommission.activities.store.DeploymentStore;
import org.decommission.api.ApiException;
import org.decommission.api.Ids;
import org.decommission.api.auth.Caller;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events: {@code /api/deployments/{id}/events} (from the deployment's first event, or
 * after {@code Last-Event-ID}; it ends after the purge) and {@code /api/events} (your
 * deployments, an admin's: all; from now, or after {@code Last-Event-ID}).
 */
@RestController
class EventController {
  private final EventStreams streams;
  private final DeploymentStore deployments;

  EventController(EventStreams streams, DeploymentStore deployments) {
    this.streams = streams;
    this.deployments = deployments;
  }

  @GetMapping(path = "/api/deployments/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter deployment(
      Authentication auth, @PathVariable String id, @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
    Caller caller = Caller.of(auth);
    UUID uuid = Ids.deploymentId(id);
    deployments.find(uuid).filter(r -> caller.mayAccess(r.owner())).orElseThrow(() -> ApiException.notFound(id));
    return streams.open(caller.user(), null, uuid, lastEventId == null ? 0 : Ids.lastEventId(lastEventId));
  }

  @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter all(Authentication auth, @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
    Caller caller = Caller.of(auth);
    long after = lastEventId == null ? streams.newestEventId() : Ids.lastEventId(lastEventId);
    return streams.open(caller.user(), caller.admin() ? null : caller.user(), null, after);
  }
}
