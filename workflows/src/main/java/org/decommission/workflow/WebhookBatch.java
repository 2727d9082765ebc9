package org.decommission.workflow;

import java.util.List;

/**
 * What a webhook's workflow reads in one go: the subscription's events after its cursor, oldest
 * first, taken only from rows with no missing id before them; how far that read reaches; and the
 * delivery settings of the worker that read it (so a changed setting applies from the next read).
 *
 * @param active false when the subscription was deleted: the workflow ends
 * @param events the rows the subscription wants, in id order
 * @param readTo every row up to this id was read (wanted or not); the cursor may move to it
 * @param gapFrom the first missing id after {@code readTo} that is not yet settled (a transaction
 *     still in flight, or one rolled back); 0 when there is none
 * @param gapTo the last id of that missing run, as seen in this read
 * @param settings how the events are delivered; null when not active
 */
public record WebhookBatch(boolean active, List<WebhookEvent> events, long readTo, long gapFrom, long gapTo, WebhookSettings settings) {

  /** The answer for a subscription that is gone. */
  public static WebhookBatch gone(long cursor) {
    return new WebhookBatch(false, List.of(), cursor, 0, 0, null);
  }

  public boolean hasGap() {
    return gapFrom > 0;
  }
}
