package org.decommission.api.webhooks;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.UUID;
import org.decommission.activities.store.DeploymentView;
import org.decommission.activities.store.Webhook;
import org.decommission.activities.store.WebhookDeliveries;
import org.decommission.activities.store.WebhookStore;
import org.decommission.api.ApiException;
import org.decommission.api.Ids;
import org.decommission.api.auth.Caller;
import org.decommission.worker.DecommissionProperties;
import org.decommission.worker.WebhookClient;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Webhook subscriptions as the API offers them: a user's get the events of that user's
 * deployments (an admin may subscribe to everyone's); another user's subscription is not found.
 * Each subscription's deliveries are made by its workflow, started here and ended by a delete.
 */
@Service
class WebhookService {
  static final int MIN_SECRET = 16;
  static final int MAX_SECRET = 1024;

  private final WebhookStore webhooks;
  private final WebhookDeliveries deliveries;
  private final WebhookClient workflows;
  private final WebhookTargets targets;
  private final int maxPerUser;

  WebhookService(WebhookStore webhooks, WebhookDeliveries deliveries, WebhookClient workflows, WebhookTargets targets,
      DecommissionProperties properties) {
    this.webhooks = webhooks;
    this.deliveries = deliveries;
    this.workflows = workflows;
    this.targets = targets;
    this.maxPerUser = properties.webhooks().maxPerUser();
  }

  /** What a subscription asks for; {@code events} empty or null: every event. */
  record Subscription(String url, String secret, List<String> events, Boolean allOwners) {}

  Webhook create(Caller caller, Subscription request) {
    boolean allOwners = Boolean.TRUE.equals(request.allOwners());
    if (allOwners && !caller.admin()) {
      throw new ApiException(HttpStatus.FORBIDDEN, "Forbidden", "only an admin may subscribe to every owner's deployments ('allOwners')");
    }
    String url = targets.check(request.url(), caller).toString();
    if (request.secret() == null || request.secret().length() < MIN_SECRET || request.secret().length() > MAX_SECRET) {
      throw bad("'secret' must be " + MIN_SECRET + " to " + MAX_SECRET + " characters: every delivery is signed with it");
    }
    List<String> events = events(request.events());
    Webhook webhook = webhooks.create(caller.user(), allOwners, url, request.secret(), events, maxPerUser)
        .orElseThrow(() -> bad("you have " + maxPerUser + " webhooks (decommission.webhooks.max-per-user); delete one first"));
    try {
      workflows.ensureRunning(webhook);
    } catch (RuntimeException e) {
      // Nothing half made: without its workflow the subscription would deliver only after the next start.
      webhooks.delete(UUID.fromString(webhook.id()));
      throw e;
    }
    return webhook;
  }

  /** The names asked for, each once, in their order; every one a known event name. */
  static List<String> events(List<String> asked) {
    SortedSet<String> known = DeploymentView.Event.names();
    List<String> events = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String name : asked == null ? List.<String>of() : asked) {
      if (name == null || !known.contains(name)) {
        unknown.add(String.valueOf(name));
      } else if (!events.contains(name)) {
        events.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "Unknown event", "no such event: " + unknown + "; known: " + known
          + " (none named: every event)");
    }
    return events;
  }

  /** Yours; an admin's: everyone's. */
  List<Webhook> list(Caller caller) {
    return webhooks.active(caller.admin() ? null : caller.user());
  }

  Webhook visible(Caller caller, String id) {
    return webhooks.find(Ids.webhookId(id)).filter(w -> caller.mayAccess(w.owner()))
        .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "Webhook not found", "no webhook " + id + " is visible to you"));
  }

  /** Deletes the subscription; its workflow ends, the delivery under way cancelled. */
  void delete(Caller caller, String id) {
    Webhook webhook = visible(caller, id);
    webhooks.delete(UUID.fromString(webhook.id()));
    workflows.stop(webhook.id());
  }

  List<WebhookDeliveries.Delivery> deliveries(Caller caller, String id, int limit) {
    return deliveries.list(UUID.fromString(visible(caller, id).id()), limit);
  }

  private static ApiException bad(String detail) {
    return new ApiException(HttpStatus.BAD_REQUEST, "Bad webhook", detail);
  }
}
