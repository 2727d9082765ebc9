package org.decommission.worker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.decommission.activities.DaemonThreads;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Drift;
import org.decommission.domain.Labels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Follows one Docker host's event stream, filtered to our containers on that host, and tells a
 * deployment's workflow when one of its containers starts, stops, dies or is destroyed: its
 * status then follows within a second, instead of at the next sweep. Events of one deployment
 * that arrive close together become one signal; a deployment whose delete has begun gets none
 * ({@link Drift#signalled}: its own workflow is stopping the containers). When the stream breaks (the daemon restarts),
 * it reconnects by itself every second, asking for the events since the last one it saw.
 */
final class DockerEventListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DockerEventListener.class);
  /** Events of one deployment within this window become one signal. */
  static final Duration COALESCE = Duration.ofMillis(50);
  static final Duration RECONNECT = Duration.ofSeconds(1);

  private final String host;
  private final DockerClient docker;
  private final LifecycleClient lifecycle;
  /** The deployment's status in the database, read before a signal is sent. */
  private final Function<UUID, Optional<DeploymentStatus>> status;
  /** Events of another installation's containers on the same host are not ours to follow. */
  private final String installation;
  private final ScheduledExecutorService timer;
  private final Map<String, String> pending = new ConcurrentHashMap<>();
  private volatile boolean running;
  private volatile long lastSeenSeconds;
  private volatile Closeable stream;

  DockerEventListener(
      String host, DockerClient docker, LifecycleClient lifecycle, Function<UUID, Optional<DeploymentStatus>> status, String installation) {
    this.status = status;
    this.installation = installation;
    this.host = host;
    this.docker = docker;
    this.lifecycle = lifecycle;
    this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("docker-events-" + host));
  }

  void start() {
    running = true;
    connect();
  }

  private void connect() {
    if (!running) {
      return;
    }
    AtomicBoolean ended = new AtomicBoolean();
    try {
      var command =
          docker
              .eventsCmd()
              .withEventTypeFilter(EventType.CONTAINER)
              .withLabelFilter(Labels.ofHost(host))
              .withEventFilter("start", "stop", "die", "destroy");
      if (lastSeenSeconds > 0) {
        command.withSince(Long.toString(lastSeenSeconds));
      }
      stream =
          command.exec(
              new ResultCallback.Adapter<Event>() {
                @Override
                public void onNext(Event event) {
                  seen(event);
                }

                @Override
                public void onError(Throwable error) {
                  if (running && ended.compareAndSet(false, true)) {
                    log.warn("Docker event stream of host {} broke ({}); reconnecting", host, error.getMessage());
                    timer.schedule(DockerEventListener.this::connect, RECONNECT.toMillis(), TimeUnit.MILLISECONDS);
                  }
                }

                @Override
                public void onComplete() {
                  if (running && ended.compareAndSet(false, true)) {
                    log.warn("Docker event stream of host {} ended; reconnecting", host);
                    timer.schedule(DockerEventListener.this::connect, RECONNECT.toMillis(), TimeUnit.MILLISECONDS);
                  }
                }
              });
      log.info("following Docker events of our containers on host {}", host);
    } catch (RuntimeException unreachable) {
      log.warn("cannot follow Docker events of host {} ({}); trying again", host, unreachable.getMessage());
      timer.schedule(this::connect, RECONNECT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void seen(Event event) {
    if (event.getTime() != null) {
      lastSeenSeconds = event.getTime();
    }
    Map<String, String> attributes = event.getActor() == null ? null : event.getActor().getAttributes();
    String deploymentId = attributes == null ? null : attributes.get(Labels.DEPLOYMENT_ID);
    if (deploymentId == null || Labels.claim(attributes, installation) == Labels.Claim.FOREIGN) {
      return;
    }
    String what = event.getAction() + " " + attributes.getOrDefault("name", "a container");
    if (pending.putIfAbsent(deploymentId, what) == null) {
      timer.schedule(() -> tell(deploymentId), COALESCE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void tell(String deploymentId) {
    String what = pending.remove(deploymentId);
    MDC.put("deploymentId", deploymentId);
    try {
      Optional<DeploymentStatus> now = status.apply(UUID.fromString(deploymentId));
      if (now.isPresent() && !Drift.signalled(now.get())) {
        log.debug("deployment {} is {}: its workflow is removing the containers itself ({})", deploymentId, now.get(), what);
        return;
      }
      if (!lifecycle.containersChanged(deploymentId, "Docker event: " + what)) {
        log.debug("no workflow runs for deployment {}; the sweep looks at it", deploymentId);
      }
    } catch (RuntimeException e) {
      log.warn("could not tell deployment {} that {}: {}", deploymentId, what, e.getMessage());
    } finally {
      MDC.remove("deploymentId");
    }
  }

  @Override
  public void close() {
    running = false;
    timer.shutdownNow();
    Closeable current = stream;
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        log.debug("closing the event stream of host {}: {}", host, e.getMessage());
      }
    }
  }
}
