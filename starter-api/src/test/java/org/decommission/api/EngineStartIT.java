package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.decommission.testsupport.JavaProcess;
import org.decommission.testsupport.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the all-in-one starts its engine when it cannot: another installation's engine on its port,
 * or no Temporal CLI. Either way the program ends at once with exit code 1 and the cause on one
 * line, and leaves no process behind (no engine, no PostgreSQL).
 */
class EngineStartIT {
  final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : started) {
      c.close();
    }
  }

  JavaProcess program(Path dataDir, int enginePort, String... more) {
    List<String> args = new ArrayList<>(List.of(
        "--server.port=" + Ports.free(), "--decommission.data-dir=" + dataDir, "--decommission.temporal.embedded-port=" + enginePort,
        "--decommission.temporal.ui-port=" + Ports.free(), "--decommission.ports.range=31700-31709"));
    args.addAll(List.of(more));
    JavaProcess p = JavaProcess.start("org.decommission.api.DecommissionApplication", dataDir.resolve("program.log"), args.toArray(String[]::new));
    started.add(p);
    return p;
  }

  /** The last line the program wrote: its one-line cause. */
  static String lastLine(JavaProcess p) {
    List<String> lines = p.log().lines().filter(l -> !l.isBlank()).toList();
    return lines.get(lines.size() - 1);
  }

  static void assertNothingLeft(JavaProcess p, Path dataDir) throws Exception {
    assertThat(p.children()).as("processes the program started").isEmpty();
    Path postmaster = dataDir.resolve("postgres").resolve("postmaster.pid");
    if (Files.exists(postmaster)) {
      long pid = Long.parseLong(Files.readAllLines(postmaster).get(0).trim());
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("the embedded PostgreSQL").isEmpty();
    }
  }

  @Test
  void anotherInstallationsEngineOnThePortStopsTheStartInOneLine() throws Exception {
    Path other = Files.createTempDirectory("dcm-engine-other");
    int port = Ports.free();
    Process foreign = new ProcessBuilder(cli(), "server", "start-dev", "--ip", "127.0.0.1", "--port", Integer.toString(port),
        "--headless", "--db-filename", other.resolve("other.db").toString())
        .redirectErrorStream(true).redirectOutput(other.resolve("engine.log").toFile()).start();
    started.add(() -> {
      foreign.destroy();
      foreign.waitFor(10, TimeUnit.SECONDS);
    });
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!answers(port)) {
      assertThat(System.nanoTime()).as("the other engine comes up").isLessThan(deadline);
      Thread.sleep(100);
    }

    Path dataDir = Files.createTempDirectory("dcm-engine-ours");
    JavaProcess ours = program(dataDir, port);
    assertThat(ours.exitCode(Duration.ofSeconds(90))).as(ours.log()).isEqualTo(1);
    assertThat(lastLine(ours)).startsWith("decommission could not start: a Temporal engine that is not this installation's answers on 127.0.0.1:" + port)
        .contains("decommission.temporal.embedded-port");
    assertNothingLeft(ours, dataDir);
    assertThat(foreign.isAlive()).as("the other installation's engine is left alone").isTrue();
  }

  @Test
  void withoutTheTemporalCliTheStartSaysWhatToDoInOneLine() throws Exception {
    Path dataDir = Files.createTempDirectory("dcm-engine-nocli");
    JavaProcess ours = program(dataDir, Ports.free(), "--decommission.temporal.cli=/nonexistent/temporal");
    assertThat(ours.exitCode(Duration.ofSeconds(90))).as(ours.log()).isEqualTo(1);
    assertThat(lastLine(ours)).startsWith("decommission could not start: decommission.temporal.cli is /nonexistent/temporal, which is not an executable file");
    assertNothingLeft(ours, dataDir);
  }

  static boolean answers(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The Temporal CLI the README's commands build: on the PATH, or where go install puts it. */
  static String cli() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "temporal"))) {
        return Path.of(dir, "temporal").toString();
      }
    }
    return Path.of(System.getenv().getOrDefault("GOPATH", System.getProperty("user.home") + "/go"), "bin", "temporal").toString();
  }
}
