package org.decommission.activities.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading containers' output, against a stand-in for the daemon's log stream (no Docker). */
class ContainerLogsTest {
  @TempDir Path dataDir;

  @AfterEach
  void clearInterruptFlag() {
    // A failing assertion must not leave the flag set for the next test on this thread.
    Thread.interrupted();
  }

  @Test
  void lastOutputRestoresTheInterruptFlagWhenItsWaitIsInterrupted() {
    ContainerLogs logs = new ContainerLogs(docker(callback -> Thread.currentThread().interrupt()), dataDir);

    assertThat(logs.lastOutput("c1")).isEqualTo("(unreadable)");
    assertThat(Thread.interrupted()).as("interrupt flag restored").isTrue();
  }

  @Test
  void archiveRestoresTheInterruptFlagWhenItsWaitIsInterrupted() {
    ContainerLogs logs = new ContainerLogs(docker(callback -> Thread.currentThread().interrupt()), dataDir);

    assertThatThrownBy(() -> logs.archive(UUID.randomUUID().toString(), "c1", "web-0"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("interrupted");
    assertThat(Thread.interrupted()).as("interrupt flag restored").isTrue();
  }

  @Test
  void lastOutputIsTheContainersLastLinesOnOneLine() {
    ContainerLogs logs = new ContainerLogs(docker(callback -> {
      callback.onNext(new Frame(StreamType.STDOUT, "starting\n".getBytes(StandardCharsets.UTF_8)));
      callback.onNext(new Frame(StreamType.STDERR, "no such file\n".getBytes(StandardCharsets.UTF_8)));
      callback.onComplete();
    }), dataDir);

    assertThat(logs.lastOutput("c1")).isEqualTo("starting no such file");
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void archiveWritesTheOutputToTheDeploymentsLogFolder() throws Exception {
    String id = UUID.randomUUID().toString();
    ContainerLogs logs = new ContainerLogs(docker(callback -> {
      callback.onNext(new Frame(StreamType.STDOUT, "hello\n".getBytes(StandardCharsets.UTF_8)));
      callback.onComplete();
    }), dataDir);

    Path file = logs.archive(id, "c1", "web-0");

    assertThat(file).isEqualTo(logs.folder(id).resolve("web-0.log"));
    assertThat(Files.readString(file)).isEqualTo("hello\n");
  }

  @Test
  void archiveOfAVanishedContainerIsNull() {
    ContainerLogs logs = new ContainerLogs(docker(callback -> {
      throw new NotFoundException("No such container: c1");
    }), dataDir);

    assertThat(logs.archive(UUID.randomUUID().toString(), "c1", "web-0")).isNull();
  }

  /**
   * A client whose only command is a log read; {@code stream} plays the daemon's part on the
   * callback the code under test hands over. The calls that set options return the command
   * itself, as docker-java's do.
   */
  @SuppressWarnings("unchecked")
  private static DockerClient docker(Consumer<ResultCallback<Frame>> stream) {
    ClassLoader loader = ContainerLogsTest.class.getClassLoader();
    LogContainerCmd command = (LogContainerCmd) Proxy.newProxyInstance(loader, new Class<?>[] {LogContainerCmd.class}, (proxy, method, args) -> {
      if (method.getName().equals("exec") && args != null && args.length == 1) {
        stream.accept((ResultCallback<Frame>) args[0]);
        return args[0];
      }
      if (method.getReturnType().isInstance(proxy)) {
        return proxy;
      }
      throw new UnsupportedOperationException(method.getName());
    });
    return (DockerClient) Proxy.newProxyInstance(loader, new Class<?>[] {DockerClient.class}, (proxy, method, args) -> {
      if (method.getName().equals("logContainerCmd")) {
        return command;
      }
      throw new UnsupportedOperationException(method.getName());
    });
  }
}
