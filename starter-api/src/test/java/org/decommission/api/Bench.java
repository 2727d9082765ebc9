package org.decommission.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** What the benchmarks share: their knobs, their output lines, their units and the machine they ran on. */
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
}
