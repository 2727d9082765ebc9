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

/** What the benchmarks share: their knobs, their output lines, their units, the machine they ran on, and what a delete left and cost. */
final class Bench {
  private Bench() {}

  /** A system property, else the environment variable, else the default. */
  static int knob(String property, String env, int fallback) {
    String value = knob(property, env, (String) null);
    return value == null ? fallback : Integer.parseInt(value.trim());
  }

  /** A system property, else the environment variable, else the default. */
  static String knob(String property, String env, String fallback) {
    String value = System.getProperty(property, System.getenv(env));
    return value == null || value.isBlank() ? fallback : value;
  }

  /** One line of the benchmark's output, marked so the script's filter keeps it. */
  static void say(String format, Object... args) {
    System.out.printf("[bench] " + format + "%n", args);
  }

  static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }

  /** The machine's memory, total and available, from /proc/meminfo. */
  static String memory() throws IOException {
    List<String> info = Files.readAllLines(Path.of("/proc/meminfo"));
    ToDoubleFunction<String> gib = key -> info.stream().filter(l -> l.startsWith(key + ":"))
        .mapToDouble(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0).findFirst().orElse(Double.NaN);
    return String.format("memory %.0f GiB total, %.0f GiB available", gib.applyAsDouble("MemTotal"), gib.applyAsDouble("MemAvailable"));
  }

  /** The machine's load average (1, 5, 15 minutes), which others' work on it raises too. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  static <T> double median(List<T> items, ToDoubleFunction<T> figure) {
    double[] sorted = items.stream().mapToDouble(figure).sorted().toArray();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** The machine line of a summary: cores, memory and the Docker server's version. */
  static String machine(String dockerVersion) throws IOException {
    return String.format("nproc %d, %s, Docker server %s", Runtime.getRuntime().availableProcessors(), memory(), dockerVersion);
  }

  /** Containers and volumes the Docker CLI still finds labelled with the deployment, as "containers/volumes". */
  static String leftovers(String id) {
    String filter = "label=" + Labels.DEPLOYMENT_ID + "=" + id;
    long containers = DockerCliFloor.run(List.of("ps", "-aq", "--filter", filter)).lines().count();
    long volumes = DockerCliFloor.run(List.of("volume", "ls", "-q", "--filter", filter)).lines().count();
    return containers + "/" + volumes;
  }

  /**
   * The events the workflow's history gained since run {@code runId} had {@code before} of them,
   * counted once the workflow has ended after the purge, across any continue-as-new.
   */
  static long eventsSince(WorkflowClient client, String workflowId, String runId, int before) {
    try {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> client.newUntypedWorkflowStub(workflowId).describe()
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
