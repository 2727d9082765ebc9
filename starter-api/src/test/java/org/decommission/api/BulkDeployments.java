package org.decommission.api;

import static org.decommission.api.Bench.say;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.decommission.testsupport.TestDocker;

/**
 * Many deployments made through the API, each as the API makes any other: one replica of the
 * test image deployed to RUNNING, then stopped. What stays is a STOPPED deployment with its
 * container created but not running, its workdir and its record, and a lifecycle workflow that
 * waits for its next request. The replicas are on the host's network (an admin's spec), with no
 * port and no volume: a bridge network per deployment would need a thousand networks, more than
 * Docker's address pools hold, and a port per deployment a thousand ports. They run {@code sleep}
 * (the test image's HTTP server would take one port of the host for all of them). A few at a
 * time, so that only those few run at once.
 */
final class BulkDeployments {
  private static final Duration POLL = Duration.ofMillis(100);

  private final ApiClient api;
  private final String prefix;
  private final int parallel;
  private final Duration timeout;

  /** {@code prefix}: the start of every name; {@code timeout}: how long one deploy or stop may take. */
  BulkDeployments(ApiClient api, String prefix, int parallel, Duration timeout) {
    this.api = api;
    this.prefix = prefix;
    this.parallel = parallel;
    this.timeout = timeout;
  }

  /** Makes {@code count} STOPPED deployments; returns their ids. A failure of any is a broken setup. */
  List<String> create(int count) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    AtomicInteger done = new AtomicInteger();
    try {
      List<Future<String>> made = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        int n = k;
        made.add(pool.submit(() -> {
          String id = createStopped(n);
          int total = done.incrementAndGet();
          if (total % 100 == 0) {
            say("setup: %d/%d deployments STOPPED", total, count);
          }
          return id;
        }));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> f : made) {
        ids.add(f.get());
      }
      return ids;
    } catch (ExecutionException e) {
      throw new IllegalStateException("a deployment of the setup could not be made: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private String createStopped(int n) {
    String id = api.post("/api/deployments", spec(n)).expect(202, "POST /api/deployments").text("id");
    api.awaitStatus(id, "RUNNING", timeout, POLL);
    api.post("/api/deployments/" + id + "/stop").expect(202, "POST stop of " + id);
    api.awaitStatus(id, "STOPPED", timeout, POLL);
    return id;
  }

  private String spec(int n) {
    return """
        {"name": "%s-%d", "image": "%s", "replicas": 1, "network": "host",
         "command": ["sleep", "86400"],
         "resources": {"cpu": 0.1, "memory": 16, "pids": 16}}
        """.formatted(prefix, n, TestDocker.IMAGE);
  }
}
