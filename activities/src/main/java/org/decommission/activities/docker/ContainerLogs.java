package org.decommission.activities.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.decommission.activities.Failures;

/**
 * Reads what containers wrote (stdout and stderr): all of it into a log file under {@code
 * <data dir>/logs/<id>/} before a container is removed, or its last lines for an error message.
 */
final class ContainerLogs {
  private final DockerClient docker;
  private final Path root;

  ContainerLogs(DockerClient docker, Path dataDir) {
    this.docker = docker;
    this.root = dataDir.toAbsolutePath().normalize().resolve("logs");
  }

  /** The folder that holds the deployment's log files. */
  Path folder(String deploymentId) {
    return root.resolve(deploymentId);
  }

  /**
   * Copies a container's output, with timestamps, to {@code <data dir>/logs/<id>/<name>.log},
   * replacing an earlier copy. Null when there was nothing to read (the container vanished).
   */
  Path archive(String deploymentId, String containerId, String name) {
    Path file = root.resolve(Failures.deploymentId(deploymentId).toString()).resolve(name + ".log");
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        boolean gone = DockerErrors.ignoringMissing(() -> {
          try {
            read(docker.logContainerCmd(containerId).withTimestamps(true), payload -> write(out, payload), 30);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while archiving the output of " + name, e);
          }
        });
        return gone ? null : file;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot archive the output of " + name + " to " + file, e);
    }
  }

  /**
   * The last lines a container wrote, for an error message; "(unreadable)" when they cannot be
   * read. An interruption while waiting for them is passed on (the interrupt flag is set again),
   * so that a cancelled activity still stops at its next wait.
   */
  String lastOutput(String containerId) {
    StringBuilder text = new StringBuilder();
    try {
      read(docker.logContainerCmd(containerId).withTail(5), payload -> text.append(new String(payload, StandardCharsets.UTF_8)), 5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(unreadable)";
    } catch (RuntimeException unreadable) {
      return "(unreadable)";
    }
    String out = text.toString().strip().replace('\n', ' ');
    return out.isEmpty() ? "(none)" : (out.length() > 300 ? out.substring(out.length() - 300) : out);
  }

  /** Hands the container's stdout and stderr to {@code sink}, waiting at most that long for the end. */
  private static void read(LogContainerCmd command, Consumer<byte[]> sink, int seconds) throws InterruptedException {
    command
        .withStdOut(true)
        .withStdErr(true)
        .exec(
            new ResultCallback.Adapter<Frame>() {
              @Override
              public void onNext(Frame frame) {
                sink.accept(frame.getPayload());
              }
            })
        .awaitCompletion(seconds, TimeUnit.SECONDS);
  }

  private static void write(OutputStream out, byte[] payload) {
    try {
      out.write(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
