package org.decommission.activities.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.decommission.activities.Failures;
import org.decommission.activities.Heartbeats;
import org.decommission.domain.DeploymentSpec;
import org.decommission.activities.LogContext;
import org.decommission.workflow.HealthActivities;
import org.decommission.workflow.FailureTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for replicas to answer their health check at their published host ports, on the address
 * they are published on: an HTTP answer below 400, or a TCP connect. Plain HTTP and TCP, no
 * Docker: a replica is healthy when it answers where its users will reach it.
 */
public final class HealthActivitiesImpl implements HealthActivities {
  private static final Logger log = LoggerFactory.getLogger(HealthActivitiesImpl.class);
  private static final Duration PAUSE = Duration.ofMillis(200);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** The address this machine reaches the published ports on. */
  private final String address;

  public HealthActivitiesImpl(String address) {
    this.address = address;
  }

  /**
   * Returns when every port answers; heartbeats between rounds.
   *
   * @throws io.temporal.failure.ApplicationFailure {@code HealthCheckFailed} (non-retryable) when
   *     a port has not answered by the probe's timeout
   */
  @Override
  public void awaitHealthy(HealthProbe probe) {
    try (var ignored = LogContext.open(probe.deploymentId(), "HEALTH_CHECK")) {
      waitForAnswers(probe);
    }
  }

  private void waitForAnswers(HealthProbe probe) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(probe.timeoutSeconds());
    Set<Integer> waiting = new HashSet<>(probe.hostPorts());
    String last = "no answer yet";
    while (true) {
      for (Integer port : List.copyOf(waiting)) {
        String problem = probe(probe.type(), port, probe.path());
        if (problem == null) {
          waiting.remove(port);
        } else {
          last = address + ":" + port + " " + problem;
        }
      }
      if (waiting.isEmpty()) {
        log.info("{} replica(s) healthy", probe.hostPorts().size());
        return;
      }
      if (System.nanoTime() > deadline) {
        throw Failures.nonRetryable(
            FailureTypes.HEALTH_CHECK_FAILED,
            waiting.size() + " of " + probe.hostPorts().size() + " replica(s) not healthy after "
                + probe.timeoutSeconds() + "s; last: " + last
                + ". Check the container logs; the app must listen on the spec's containerPort ($PORT says which).");
      }
      Heartbeats.beat("waiting for " + waiting.size() + " replica(s)");
      pause();
    }
  }

  /** Null when healthy, else what is wrong. */
  private String probe(DeploymentSpec.HealthCheckType type, int port, String path) {
    try {
      if (type == DeploymentSpec.HealthCheckType.TCP) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(address, port), 1000);
          return null;
        }
      }
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://" + hostPart() + ":" + port + path)).timeout(Duration.ofSeconds(2)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() < 400 ? null : "answered HTTP " + r.statusCode();
    } catch (IOException e) {
      return "refused or timed out (" + e.getClass().getSimpleName() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private String hostPart() {
    return address.contains(":") ? "[" + address + "]" : address;
  }

  private static void pause() {
    try {
      Thread.sleep(PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
