package org.decommission.worker;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.net.URI;
import org.decommission.activities.store.Webhook;
import org.decommission.activities.store.WebhookStore;
import org.decommission.domain.Naming;
import org.decommission.workflow.TaskQueues;
import org.decommission.workflow.WebhookInput;
import org.decommission.workflow.WebhookWorkflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, wakes and stops the webhook subscriptions' workflows ({@code webhook-<id>}). A start
 * uses the conflict policy USE_EXISTING: a workflow that runs is left as it is, one that is
 * missing (the engine's database was lost, it was terminated by hand) starts again at the cursor
 * recorded in the database.
 */
public class WebhookClient {
  private static final Logger log = LoggerFactory.getLogger(WebhookClient.class);

  private final WorkflowClient client;
  private final WebhookStore webhooks;

  public WebhookClient(WorkflowClient client, WebhookStore webhooks) {
    this.client = client;
    this.webhooks = webhooks;
  }

  /** Starts the subscription's workflow unless it runs. Idempotent. */
  public void ensureRunning(Webhook webhook) {
    WebhookWorkflow stub = client.newWorkflowStub(WebhookWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(Naming.webhookWorkflowId(webhook.id()))
        .setTaskQueue(TaskQueues.MAIN)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setStaticSummary(summary(webhook))
        .build());
    WorkflowClient.start(stub::run, new WebhookInput(webhook.id(), webhook.lastEventId()));
  }

  /**
   * Gives every active subscription its workflow (at the worker's start); returns how many have
   * one. A subscription whose workflow cannot be started is logged and the others go on.
   */
  public int ensureActive() {
    int running = 0;
    for (Webhook webhook : webhooks.active(null)) {
      try {
        ensureRunning(webhook);
        running++;
      } catch (RuntimeException e) {
        log.error("[webhook {}] could not start its workflow: {}", webhook.id(), e.getMessage());
      }
    }
    return running;
  }

  /** Tells the subscription's workflow that rows were appended; false when it does not run. */
  public boolean wake(String webhookId) {
    try {
      client.newWorkflowStub(WebhookWorkflow.class, Naming.webhookWorkflowId(webhookId)).eventsAppended();
      return true;
    } catch (WorkflowNotFoundException gone) {
      return false;
    }
  }

  /** Ends the workflow of a deleted subscription; nothing when it does not run. */
  public void stop(String webhookId) {
    try {
      client.newWorkflowStub(WebhookWorkflow.class, Naming.webhookWorkflowId(webhookId)).stop();
    } catch (WorkflowNotFoundException gone) {
      // Ended already; its next start would find the subscription gone.
    }
  }

  /**
   * What the Temporal UI shows of the workflow: the owner and where the events go, without the
   * URL's path and query (they may hold a token).
   */
  static String summary(Webhook webhook) {
    URI url = URI.create(webhook.url());
    String events = webhook.events().isEmpty() ? "every event" : String.join(", ", webhook.events());
    return "webhook of " + webhook.owner() + (webhook.allOwners() ? " (all owners)" : "") + " → " + url.getScheme() + "://"
        + url.getAuthority().replaceAll("^.*@", "") + " · " + events;
  }
}
