package org.decommission.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a program run as its own process may leave behind on its data dir: the processes that
 * outlive it (its engine and PostgreSQL survive a SIGKILL by design), and the data dir itself.
 */
final class ProgramLeftovers {
  private ProgramLeftovers() {}

  /**
   * Ends, by pid, every process whose command line names {@code dataDir}: the data dir is the
   * caller's own, made for this run, so they are the ones its program started.
   */
  static void end(Path dataDir) throws InterruptedException {
    String dir = dataDir.toString();
    List<ProcessHandle> left = ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(dir)).orElse(false)).toList();
    left.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : left) {
      try {
        p.onExit().get(15, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException stillThere) {
        p.destroyForcibly();
      }
    }
  }

  /** Removes the data dir and everything in it, after copying the program's logs in {@code logs} to {@code keepLogsIn}, if given. */
  static void remove(Path dataDir, Path logs, String keepLogsIn) throws IOException {
    if (!Files.exists(dataDir)) {
      return;
    }
    if (keepLogsIn != null && Files.isDirectory(logs)) {
      Path target = Files.createDirectories(Path.of(keepLogsIn));
      try (Stream<Path> files = Files.list(logs)) {
        for (Path f : files.toList()) {
          Files.copy(f, target.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    try (Stream<Path> all = Files.walk(dataDir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

}
