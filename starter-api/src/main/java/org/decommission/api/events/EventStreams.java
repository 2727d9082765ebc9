package org.decommission.api.events;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.decommission.activities.store.DeploymentView;
import org.decommission.activities.store.HistoryStore;
import org.decommission.api.ApiException;
import org.decommission.domain.DeploymentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent event streams over {@code status_history}: one event per row, the row id as the
 * SSE id. Each stream keeps a cursor and reads the rows after it every 250 ms, which works the
 * same whether the worker runs in this process or another. A comment line goes out when a stream
 * has been quiet for the keep-alive interval, so proxies keep it open.
 */
@Component
class EventStreams implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(EventStreams.class);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final int BATCH = 500;

  private final HistoryStore history;
  private final Duration keepAlive;
  private final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "event-streams");
        t.setDaemon(true);
        return t;
      });

  /** Streams open per user: each one reads the history every 250 ms, so a user may hold only so many. */
  private final Map<String, AtomicInteger> openPerUser = new ConcurrentHashMap<>();
  private final int maxPerUser;

  EventStreams(
      HistoryStore history,
      @Value("${decommission.events.keep-alive:15s}") Duration keepAlive,
      @Value("${decommission.events.max-streams-per-user:8}") int maxPerUser) {
    this.history = history;
    this.keepAlive = keepAlive.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : keepAlive;
    this.maxPerUser = Math.max(1, maxPerUser);
  }

  /**
   * Opens a stream of the rows after {@code afterId}: of one deployment (then the stream ends
   * after its purge) or of every deployment of {@code owner} (null: everyone's).
   */
  SseEmitter open(String user, String owner, UUID deploymentId, long afterId) {
    AtomicInteger open = openPerUser.computeIfAbsent(user, u -> new AtomicInteger());
    if (open.incrementAndGet() > maxPerUser) {
      open.decrementAndGet();
      throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Too many event streams",
          "you have " + maxPerUser + " event streams open (decommission.events.max-streams-per-user); close one, or follow"
              + " all your deployments on one stream: GET /api/events");
    }
    SseEmitter emitter = new SseEmitter(0L);
    Stream stream = new Stream(emitter, owner, deploymentId, afterId, open);
    stream.task = scheduler.scheduleWithFixedDelay(stream::poll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    emitter.onCompletion(stream::stop);
    emitter.onTimeout(stream::stop);
    emitter.onError(e -> stream.stop());
    return emitter;
  }

  long newestEventId() {
    return history.lastEventId();
  }

  @Override
  public void destroy() {
    scheduler.shutdownNow();
  }

  private final class Stream {
    private final SseEmitter emitter;
    private final String owner;
    private final UUID deploymentId;
    private long cursor;
    private long lastSentNanos = System.nanoTime();
    private volatile ScheduledFuture<?> task;
    /** The opening user's count of open streams, decremented once when this one stops. */
    private final AtomicInteger userStreams;
    private final AtomicBoolean stopped = new AtomicBoolean();

    Stream(SseEmitter emitter, String owner, UUID deploymentId, long afterId, AtomicInteger userStreams) {
      this.userStreams = userStreams;
      this.emitter = emitter;
      this.owner = owner;
      this.deploymentId = deploymentId;
      this.cursor = afterId;
    }

    void poll() {
      try {
        List<DeploymentView.Event> events = history.events(cursor, owner, deploymentId, BATCH);
        for (DeploymentView.Event event : events) {
          emitter.send(SseEmitter.event().id(Long.toString(event.id())).name(event.eventName()).data(event, MediaType.APPLICATION_JSON));
          cursor = event.id();
          lastSentNanos = System.nanoTime();
          if (deploymentId != null && event.newStatus() == DeploymentStatus.PURGED) {
            emitter.complete();
            stop();
            return;
          }
        }
        if (System.nanoTime() - lastSentNanos > keepAlive.toNanos()) {
          emitter.send(SseEmitter.event().comment("keep-alive"));
          lastSentNanos = System.nanoTime();
        }
      } catch (IOException | IllegalStateException gone) {
        // The client went away (or the emitter completed): stop reading for it.
        stop();
      } catch (RuntimeException e) {
        log.warn("event stream failed: {}", e.getMessage());
        emitter.completeWithError(e);
        stop();
      }
    }

    void stop() {
      if (stopped.compareAndSet(false, true)) {
        userStreams.decrementAndGet();
      }
      ScheduledFuture<?> t = task;
      if (t != null) {
        t.cancel(false);
      }
    }
  }
}
