package org.decommission.api.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.decommission.activities.DaemonThreads;
import org.decommission.activities.store.DeploymentView;
import org.decommission.activities.store.HistoryStore;
import org.decommission.api.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent event streams over {@code status_history}: one event per row, the row id as the
 * SSE id. One poller serves every stream: it reads the rows after the newest it has read (one
 * query, however many streams are open) and hands each stream those it may see. It reads as soon
 * as a row is committed ({@link #wake}, from {@link HistoryWakeups}), and every 250 ms besides. A
 * stream that starts further back (a deployment's stream from its first event, a
 * {@code Last-Event-ID}) reads its own rows until it has caught up. It works the same whether the
 * worker runs in this process or another; nothing is read while no stream is open.
 */
@Component
class EventStreams implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(EventStreams.class);
  private static final Duration POLL = Duration.ofMillis(250);
  static final int BATCH = 500;

  private final HistoryStore history;
  private final Duration keepAlive;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("event-streams"));

  /** A read asked for by {@link #wake} that has not begun: further wakes join it. */
  private final AtomicBoolean wakePending = new AtomicBoolean();

  private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
  /** The newest row the poller has read and handed out; -1 while no stream is open. */
  private long head = -1;

  /** Streams open per user: a user may hold only so many. */
  private final Map<String, AtomicInteger> openPerUser = new ConcurrentHashMap<>();
  private final int maxPerUser;

  EventStreams(
      HistoryStore history,
      @Value("${decommission.events.keep-alive:15s}") Duration keepAlive,
      @Value("${decommission.events.max-streams-per-user:8}") int maxPerUser,
      io.micrometer.core.instrument.MeterRegistry metrics) {
    io.micrometer.core.instrument.Gauge.builder("decommission.event.streams.open", streams, Set::size)
        .description("server-sent event streams open").register(metrics);
    this.history = history;
    this.keepAlive = keepAlive.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : keepAlive;
    this.maxPerUser = Math.max(1, maxPerUser);
    scheduler.scheduleWithFixedDelay(this::pollSafely, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Opens a stream of the rows after {@code afterId}: of one deployment (then the stream ends
   * after its purge) or of every deployment of {@code owner} (null: everyone's).
   *
   * @throws ApiException 429 when the user holds the most streams already
   */
  SseEmitter open(String user, String owner, UUID deploymentId, long afterId) {
    return open(user, owner, deploymentId, afterId, new SseEmitter(0L));
  }

  SseEmitter open(String user, String owner, UUID deploymentId, long afterId, SseEmitter emitter) {
    AtomicInteger open = openPerUser.computeIfAbsent(user, u -> new AtomicInteger());
    if (open.incrementAndGet() > maxPerUser) {
      open.decrementAndGet();
      throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Too many event streams",
          "you have " + maxPerUser + " event streams open (decommission.events.max-streams-per-user); close one, or follow"
              + " all your deployments on one stream: GET /api/events");
    }
    EventStream stream = new EventStream(emitter, owner, deploymentId, afterId, keepAlive, open::decrementAndGet);
    emitter.onCompletion(stream::stop);
    emitter.onTimeout(stream::stop);
    emitter.onError(e -> stream.stop());
    stream.greet();
    streams.add(stream);
    return emitter;
  }

  long newestEventId() {
    return history.lastEventId();
  }

  /** How many streams are open: every stream, all users. */
  int openStreams() {
    return streams.size();
  }

  /**
   * Reads the new rows now rather than at the next turn: a row was committed. Wakes that come
   * while one read waits to begin are one read.
   */
  void wake() {
    if (wakePending.compareAndSet(false, true)) {
      try {
        scheduler.execute(() -> {
          wakePending.set(false);
          pollSafely();
        });
      } catch (RejectedExecutionException closing) {
        wakePending.set(false);
      }
    }
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      // The database did not answer: every stream waits for the next turn, none is dropped.
      log.warn("event streams could not read the history: {}", e.getMessage());
    }
  }

  /**
   * One turn of the poller: the rows after {@link #head} for every stream that has caught up, a
   * stream's own rows for one that has not; then each stream's keep-alive.
   */
  synchronized void poll() {
    streams.removeIf(EventStream::stopped);
    if (streams.isEmpty()) {
      head = -1;
      return;
    }
    if (head < 0) {
      head = history.lastEventId();
    }
    List<DeploymentView.Event> fresh = history.events(head, null, null, BATCH);
    long newHead = fresh.isEmpty() ? head : fresh.get(fresh.size() - 1).id();
    for (EventStream stream : streams) {
      if (stream.caughtUpTo(head)) {
        stream.deliver(fresh, newHead);
      } else {
        List<DeploymentView.Event> own = history.events(stream.cursor(), stream.owner(), stream.deploymentId(), BATCH);
        stream.deliver(own, own.size() < BATCH ? newHead : own.get(own.size() - 1).id());
      }
      stream.keepAliveIfQuiet();
    }
    head = newHead;
    streams.removeIf(EventStream::stopped);
  }

  @Override
  public void destroy() {
    scheduler.shutdownNow();
  }
}
