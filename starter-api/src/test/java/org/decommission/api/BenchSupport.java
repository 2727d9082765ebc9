package org.decommission.api;

import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.awaitility.core.ConditionTimeoutException;
import org.decommission.domain.Labels;

/** What the delete benchmarks share: knobs, timing, the machine line, waits, and counting a workflow's history. */
final class BenchSupport {
  static final Duration POLL = Duration.ofMillis(50);

  private BenchSupport() {}

  /** A system property, else the environment variable, else the default. */
  static int knob(String property, String env, int fallback) {
    String value = System.getProperty(property, System.getenv(env));
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }

  static void say(String format, Object... args) {
    System.out.printf("[bench] " + format + "%n", args);
  }

  static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  static <T> double median(List<T> items, ToDoubleFunction<T> figure) {
    double[] sorted = items.stream().mapToDouble(figure).sorted().toArray();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** The machine, as the summaries print it. */
  static String machine(String dockerVersion) throws IOException {
    List<String> info = Files.readAllLines(Path.of("/proc/meminfo"));
    ToDoubleFunction<String> gib = key -> info.stream().filter(l -> l.startsWith(key + ":"))
        .mapToDouble(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0).findFirst().orElse(Double.NaN);
    return String.format("nproc %d, memory %.0f GiB total, %.0f GiB available, Docker server %s", Runtime.getRuntime().availableProcessors(),
        gib.applyAsDouble("MemTotal"), gib.applyAsDouble("MemAvailable"), dockerVersion);
  }

  /** Polls the status every 50 ms; a FAILED deployment or the timeout is a broken setup. */
  static void awaitStatus(ApiClient api, String id, String want, Duration timeout) {
    await(id + " " + want).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL).until(() -> {
      String status = api.status(id);
      if ("FAILED".equals(status)) {
        throw new IllegalStateException("deployment " + id + " is FAILED while waiting for " + want + ": " + api.get("/api/deployments/" + id).body());
      }
      return want.equals(status);
    });
  }

  /** A request that must be accepted; any other answer is a broken setup. */
  static ApiClient.Answer expect(int status, ApiClient.Answer answer, String what) {
    if (answer.status() != status) {
      throw new IllegalStateException(what + " answered " + answer.status() + " instead of " + status + ": " + answer.body());
    }
    return answer;
  }

  /** Containers and volumes the Docker CLI still finds labelled with the deployment, as "containers/volumes". */
  static String leftovers(String id) {
    String filter = "label=" + Labels.DEPLOYMENT_ID + "=" + id;
    long containers = DockerCliFloor.run(List.of("ps", "-aq", "--filter", filter)).lines().count();
    long volumes = DockerCliFloor.run(List.of("volume", "ls", "-q", "--filter", filter)).lines().count();
    return containers + "/" + volumes;
  }

  /** The number of events in the history of the workflow's current run. */
  static int eventCount(WorkflowClient client, String workflowId) {
    String runId = client.newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId();
    return client.fetchHistory(workflowId, runId).getEvents().size();
  }

  /**
   * The events the workflow's history gained since run {@code runId} had {@code before} of them,
   * counted once the workflow has ended after the purge, across any continue-as-new.
   */
  static long eventsSince(WorkflowClient client, String workflowId, String runId, int before) {
    try {
      await().atMost(Duration.ofSeconds(30)).pollInterval(POLL).until(() -> client.newUntypedWorkflowStub(workflowId).describe()
          .getWorkflowExecutionInfo().getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    } catch (ConditionTimeoutException stillRunning) {
      say("the workflow %s still runs 30 s after PURGED: its history is counted as it stands", workflowId);
    }
    long count = 0;
    int skip = before;
    String run = runId;
    while (true) {
      List<HistoryEvent> events = client.fetchHistory(workflowId, run).getEvents();
      count += events.size() - skip;
      HistoryEvent last = events.get(events.size() - 1);
      if (last.getEventType() != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) {
        return count;
      }
      run = last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId();
      skip = 0;
    }
  }
}
