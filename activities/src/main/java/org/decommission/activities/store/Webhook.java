package org.decommission.activities.store;

import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription as its owner sees it; its secret is never part of it.
 *
 * @param allOwners an admin's subscription to every owner's deployments
 * @param events the event names wanted; empty: every event
 * @param lastEventId the {@code status_history} id up to which its workflow has handled the rows
 */
public record Webhook(String id, String owner, boolean allOwners, String url, List<String> events, long lastEventId, Instant createdAt) {

  /**
   * Whether the subscription gets this event: about one of its owner's deployments (anyone's, for
   * all owners), and with a name it asked for (any, when it named none).
   */
  public boolean wants(DeploymentView.Event event) {
    return (allOwners || owner.equals(event.owner())) && (events.isEmpty() || events.contains(event.eventName()));
  }
}
