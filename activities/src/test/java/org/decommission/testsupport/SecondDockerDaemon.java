package org.decommission.testsupport;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.decommission.activities.docker.DockerClients;

/**
 * A second Docker daemon on this machine, standing in for a second Docker host: its own socket,
 * data root and exec root under a temp dir, the test image loaded into it. Everything in it is
 * the test's: closing stops the daemon and deletes its directory, and with it every container
 * and volume it held.
 */
public final class SecondDockerDaemon implements AutoCloseable {
  private final Path dir;
  private Process process;
  private final String endpoint;
  private DockerClient client;

  public SecondDockerDaemon() throws IOException, InterruptedException {
    // A short path: a unix socket's path is limited to about 100 characters.
    dir = Files.createTempDirectory(Path.of("/tmp"), "dcmb");
    endpoint = "unix://" + dir.resolve("docker.sock");
    startDaemon();
    Process load = new ProcessBuilder("sh", "-c", "docker save " + TestDocker.IMAGE + " | docker -H " + endpoint + " load")
        .redirectErrorStream(true).start();
    String loaded = new String(load.getInputStream().readAllBytes());
    if (!load.waitFor(120, TimeUnit.SECONDS) || load.exitValue() != 0) {
      close();
      throw new IllegalStateException("could not load " + TestDocker.IMAGE + " into the second dockerd: " + loaded);
    }
    client = DockerClients.connect(endpoint);
  }

  /** Stops the daemon (its containers stop with it) and starts it again on the same directories. */
  public void restart() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the second dockerd did not stop within 30 s");
    }
    startDaemon();
  }

  private void startDaemon() throws IOException, InterruptedException {
    Path log = dir.resolve("dockerd.log");
    process =
        new ProcessBuilder(
                "dockerd", "--host", endpoint, "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("docker.pid").toString(), "--bridge=none", "--iptables=false", "--ip6tables=false",
                // A pool of its own: two daemons on one kernel must not hand out the same subnets.
                "--default-address-pool", "base=10.211.0.0/16,size=24")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!answers()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String output = Files.exists(log) ? Files.readString(log) : "";
        close();
        throw new IllegalStateException("the second dockerd did not come up; its log:\n" + output.substring(Math.max(0, output.length() - 3000)));
      }
      Thread.sleep(200);
    }
  }

  private boolean answers() throws InterruptedException, IOException {
    Process info = new ProcessBuilder("docker", "-H", endpoint, "info").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return info.waitFor(10, TimeUnit.SECONDS) && info.exitValue() == 0;
  }

  public String endpoint() {
    return endpoint;
  }

  public DockerClient client() {
    return client;
  }

  @Override
  public void close() {
    try {
      if (client != null) {
        // Containers first, so the daemon's mounts are gone before its directory is.
        client.listContainersCmd().withShowAll(true).exec().forEach(c -> client.removeContainerCmd(c.getId()).withForce(true).exec());
        client.close();
      }
    } catch (IOException | RuntimeException e) {
      // The daemon goes anyway.
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      unmountUnder(dir);
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException | InterruptedException e) {
      System.err.println("second dockerd: could not clean " + dir + ": " + e);
    }
  }

  /** The daemon leaves mounts behind (its network namespace); they go before the directory. */
  private static void unmountUnder(Path dir) throws IOException, InterruptedException {
    List<String> points = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
        .map(line -> line.split(" ")[1])
        .filter(point -> point.startsWith(dir.toString()))
        .sorted(Comparator.comparing(String::length).reversed())
        .toList();
    for (String point : points) {
      new ProcessBuilder("umount", "-l", point).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
          .waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The ids of every container on the daemon. */
  public List<String> containerIds() {
    return client.listContainersCmd().withShowAll(true).exec().stream().map(c -> c.getId()).toList();
  }
}
