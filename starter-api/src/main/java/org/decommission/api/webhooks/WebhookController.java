package org.decommission.api.webhooks;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.decommission.activities.store.Webhook;
import org.decommission.activities.store.WebhookDeliveries;
import org.decommission.api.auth.Caller;
import org.decommission.domain.Naming;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Webhook subscriptions and their deliveries. The secret is never shown back. */
@RestController
@RequestMapping(path = "/api/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
class WebhookController {
  private final WebhookService service;

  WebhookController(WebhookService service) {
    this.service = service;
  }

  /** A subscription as GET shows it: whether a secret is set, never the secret. */
  record WebhookView(String id, String owner, boolean allOwners, String url, List<String> events, boolean secretSet, String workflowId,
      long lastEventId, Instant createdAt) {
    static WebhookView of(Webhook w) {
      return new WebhookView(w.id(), w.owner(), w.allOwners(), w.url(), w.events(), true, Naming.webhookWorkflowId(w.id()), w.lastEventId(),
          w.createdAt());
    }
  }

  record DeliveryList(String webhookId, List<WebhookDeliveries.Delivery> deliveries) {}

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<WebhookView> create(Authentication auth, @RequestBody WebhookService.Subscription request) {
    Webhook webhook = service.create(Caller.of(auth), request);
    return ResponseEntity.created(URI.create("/api/webhooks/" + webhook.id())).body(WebhookView.of(webhook));
  }

  @GetMapping
  List<WebhookView> list(Authentication auth) {
    return service.list(Caller.of(auth)).stream().map(WebhookView::of).toList();
  }

  @GetMapping("/{id}")
  WebhookView get(Authentication auth, @PathVariable String id) {
    return WebhookView.of(service.visible(Caller.of(auth), id));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(Authentication auth, @PathVariable String id) {
    service.delete(Caller.of(auth), id);
    return ResponseEntity.noContent().build();
  }

  /** Newest event first, at most {@code limit} (1-1000). */
  @GetMapping("/{id}/deliveries")
  DeliveryList deliveries(Authentication auth, @PathVariable String id, @RequestParam(defaultValue = "100") int limit) {
    return new DeliveryList(id, service.deliveries(Caller.of(auth), id, Math.max(1, Math.min(limit, 1000))));
  }
}
