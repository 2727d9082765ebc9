package org.decommission.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.decommission.workflow.DeploymentSearchAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Temporal CLI's dev server ({@code temporal server start-dev}) as the all-in-one's engine: a
 * real Temporal server with its Web UI and its own SQLite database in {@code <data dir>/temporal/},
 * so a restarted program continues every workflow by replay. It listens on 127.0.0.1 only (it has
 * no auth). It runs as a child process, supervised (started again if it dies) and stopped with the
 * program. One engine per installation: an engine found answering on the port is reused only when
 * {@code engine.pid} in this data dir says it was started for it (a program killed with SIGKILL
 * leaves it running); any other is another installation's, and the start fails.
 */
final class DevServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DevServer.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path dir;
  private final List<String> command;
  private final int port;
  private final int uiPort;
  private volatile ProcessHandle engine;
  private volatile boolean closing;

  private DevServer(Path dir, List<String> command, int port, int uiPort) {
    this.dir = dir;
    this.command = command;
    this.port = port;
    this.uiPort = uiPort;
  }

  /**
   * Starts the dev server for this data dir, or reuses the one an earlier run of this
   * installation left; waits until it answers.
   *
   * @throws IllegalStateException with one line saying what to do, when the CLI is missing, the
   *     port is another engine's, or the server does not come up
   */
  /**
   * The engine's SQLite database in write-ahead-log mode, synced at checkpoints rather than at
   * every commit: a commit survives the crash or kill of any process (the engine's included), and
   * only an operating-system crash or a power loss may take the last commits back, which the
   * workflows then do again (each step is idempotent). In the default rollback-journal mode, with
   * a sync per commit, 100 deletes at once spent most of their time waiting on the disk.
   */
  static final List<String> SQLITE_PRAGMAS = List.of("journal_mode=wal", "synchronous=normal");

  static DevServer start(Path dataDir, DecommissionProperties.Temporal settings) {
    Path dir = dataDir.resolve("temporal");
    int port = settings.embeddedPort();
    int uiPort = settings.uiPortOrDefault();
    List<String> command = new ArrayList<>(List.of(
        cli(settings.cli()), "server", "start-dev", "--ip", "127.0.0.1", "--port", Integer.toString(port),
        "--ui-ip", "127.0.0.1", "--ui-port", Integer.toString(uiPort),
        "--db-filename", dir.resolve("temporal.db").toString(), "--namespace", settings.namespace(), "--log-level", "warn"));
    for (var key : DeploymentSearchAttributes.ALL) {
      command.addAll(List.of("--search-attribute", key.getName() + "=Keyword"));
    }
    for (String pragma : SQLITE_PRAGMAS) {
      command.addAll(List.of("--sqlite-pragma", pragma));
    }
    DevServer server = new DevServer(dir, command, port, uiPort);
    server.startOrReuse();
    return server;
  }

  int uiPort() {
    return uiPort;
  }

  private void startOrReuse() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    Optional<ProcessHandle> ours = recorded().filter(ProcessHandle::isAlive).filter(this::isOurs);
    if (answers()) {
      engine = ours.orElseThrow(() -> new IllegalStateException("a Temporal engine that is not this installation's answers on 127.0.0.1:"
          + port + " (sharing it would let one installation's worker run another's tasks): set decommission.temporal.embedded-port"
          + " to a free port"));
      log.info("Temporal dev server (pid {}) left running by an earlier run of this installation; reused", engine.pid());
    } else {
      // One that is alive but does not answer is ours, stuck in its start: it goes.
      ours.ifPresent(DevServer::stop);
      launch();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "temporal-dev-server-stop"));
    Thread watch = new Thread(this::supervise, "temporal-dev-server-watch");
    watch.setDaemon(true);
    watch.start();
  }

  private void launch() {
    long started = System.nanoTime();
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("temporal.log").toFile())).start();
      Files.writeString(dir.resolve("engine.pid"), process.pid() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("the Temporal dev server could not be started (" + e.getMessage() + "): " + String.join(" ", command), e);
    }
    engine = process.toHandle();
    long deadline = started + START_TIMEOUT.toNanos();
    while (!answers()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        stop(engine);
        throw new IllegalStateException("the Temporal dev server did not come up on 127.0.0.1:" + port
            + (process.isAlive() ? " within " + START_TIMEOUT.toSeconds() + " s" : " (it exited with code " + process.exitValue() + ")")
            + "; its log " + dir.resolve("temporal.log") + " ends: " + lastLine());
      }
      sleep(100);
    }
    log.info("Temporal dev server (pid {}) serving on 127.0.0.1:{} after {} ms; Temporal UI on http://127.0.0.1:{}; data in {}",
        process.pid(), port, (System.nanoTime() - started) / 1_000_000, uiPort, dir.resolve("temporal.db"));
  }

  /** Starts the engine again whenever it dies while the program runs. */
  private void supervise() {
    while (!closing) {
      ProcessHandle current = engine;
      current.onExit().join();
      if (closing) {
        return;
      }
      log.error("the Temporal dev server (pid {}) exited; starting it again (its log: {})", current.pid(), dir.resolve("temporal.log"));
      try {
        launch();
      } catch (RuntimeException e) {
        log.error("the Temporal dev server could not be started again: {}; trying again in 5 s", e.getMessage());
        sleep(5_000);
      }
    }
  }

  private Optional<ProcessHandle> recorded() {
    try {
      Path file = dir.resolve("engine.pid");
      return Files.exists(file) ? ProcessHandle.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
    } catch (IOException | NumberFormatException unreadable) {
      return Optional.empty();
    }
  }

  /** Whether the process is a dev server on this data dir's database. */
  private boolean isOurs(ProcessHandle process) {
    try {
      String cmdline = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' ');
      return cmdline.contains("start-dev") && cmdline.contains(dir.resolve("temporal.db").toString());
    } catch (IOException gone) {
      return false;
    }
  }

  private boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private String lastLine() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("temporal.log"));
      return lines.isEmpty() ? "(nothing)" : lines.get(lines.size() - 1);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** The CLI: as configured, else {@code temporal} on the PATH, else where {@code go install} puts it. */
  static String cli(String configured) {
    if (configured != null && !configured.isBlank()) {
      if (!Files.isExecutable(Path.of(configured))) {
        throw new IllegalStateException("decommission.temporal.cli is " + configured + ", which is not an executable file: run"
            + " scripts/ensure-temporal.sh and point it at the temporal it builds, or leave it out");
      }
      return configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "temporal"))) {
        return Path.of(dir, "temporal").toString();
      }
    }
    String gopath = System.getenv().getOrDefault("GOPATH", System.getProperty("user.home") + "/go");
    Path installed = Path.of(gopath.split(java.io.File.pathSeparator)[0], "bin", "temporal");
    if (Files.isExecutable(installed)) {
      return installed.toString();
    }
    throw new IllegalStateException("the Temporal CLI (temporal) is not on this machine: run scripts/ensure-temporal.sh, set"
        + " decommission.temporal.cli to its path, or run the old in-process engine with decommission.temporal.embedded=test-server");
  }

  private static void stop(ProcessHandle process) {
    process.destroy();
    try {
      process.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception notYet) {
      process.destroyForcibly();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the engine (the one this program started or reused); its database stays. */
  @Override
  public synchronized void close() {
    if (closing) {
      return;
    }
    closing = true;
    ProcessHandle current = engine;
    if (current != null && current.isAlive()) {
      stop(current);
      log.info("Temporal dev server (pid {}) stopped", current.pid());
    }
  }
}
