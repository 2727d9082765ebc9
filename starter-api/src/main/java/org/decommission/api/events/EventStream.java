package org.decommission.api.events;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.decommission.activities.store.DeploymentView;
import org.decommission.domain.DeploymentStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open event stream: what it may see (one deployment, or one owner's, or everyone's), how far
 * it has read, and its emitter. Fed by {@link EventStreams}' poller.
 */
final class EventStream {
  private final SseEmitter emitter;
  private final String owner;
  private final UUID deploymentId;
  private final Duration keepAlive;
  private final Runnable onStop;
  /** Every row up to this id has been sent, or was not for this stream. */
  private long cursor;
  private long lastSentNanos = System.nanoTime();
  private final AtomicBoolean stopped = new AtomicBoolean();

  EventStream(SseEmitter emitter, String owner, UUID deploymentId, long afterId, Duration keepAlive, Runnable onStop) {
    this.emitter = emitter;
    this.owner = owner;
    this.deploymentId = deploymentId;
    this.cursor = afterId;
    this.keepAlive = keepAlive;
    this.onStop = onStop;
  }

  String owner() {
    return owner;
  }

  UUID deploymentId() {
    return deploymentId;
  }

  long cursor() {
    return cursor;
  }

  boolean caughtUpTo(long head) {
    return cursor >= head;
  }

  boolean stopped() {
    return stopped.get();
  }

  /**
   * Sends the rows it may see that it has not seen, then counts every row up to {@code readTo} as
   * read. A deployment's stream ends after the purge.
   */
  void deliver(List<DeploymentView.Event> events, long readTo) {
    if (stopped()) {
      return;
    }
    try {
      for (DeploymentView.Event event : events) {
        if (event.id() <= cursor || !maySee(event)) {
          continue;
        }
        emitter.send(SseEmitter.event().id(Long.toString(event.id())).name(event.eventName()).data(event, MediaType.APPLICATION_JSON));
        cursor = event.id();
        lastSentNanos = System.nanoTime();
        if (deploymentId != null && event.newStatus() == DeploymentStatus.PURGED) {
          emitter.complete();
          stop();
          return;
        }
      }
      cursor = Math.max(cursor, readTo);
    } catch (IOException | IllegalStateException gone) {
      // The client went away (or the emitter completed): stop sending to it.
      stop();
    }
  }

  private boolean maySee(DeploymentView.Event event) {
    if (deploymentId != null) {
      return deploymentId.toString().equals(event.deploymentId());
    }
    return owner == null || owner.equals(event.owner());
  }

  /** A comment line after a quiet keep-alive interval, so proxies keep the stream open. */
  void keepAliveIfQuiet() {
    if (stopped() || System.nanoTime() - lastSentNanos <= keepAlive.toNanos()) {
      return;
    }
    comment("keep-alive");
  }

  /**
   * A comment line at once: the answer's status and headers go out with it, so a client knows the
   * stream is open before the first event (a quiet stream would otherwise say nothing until its
   * first keep-alive).
   */
  void greet() {
    comment("open");
  }

  private void comment(String text) {
    try {
      emitter.send(SseEmitter.event().comment(text));
      lastSentNanos = System.nanoTime();
    } catch (IOException | IllegalStateException gone) {
      stop();
    }
  }

  void stop() {
    if (stopped.compareAndSet(false, true)) {
      onStop.run();
    }
  }
}
