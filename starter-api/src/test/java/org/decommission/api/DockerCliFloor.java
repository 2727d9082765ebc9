package org.decommission.api;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.decommission.testsupport.TestDocker;

/**
 * The floor of {@link DeleteBenchmark} and {@link BulkDeleteBenchmark}: the work of a delete and
 * purge done directly with the Docker CLI on containers, volumes and a network of its own (or one
 * per container, as many one-replica deployments have). They are made as the program makes
 * its replicas (a bridge network of the set's own, the container port published on 127.0.0.1,
 * an init, no-new-privileges, no NET_RAW, one named volume at {@code /data}), but labelled
 * {@value #LABEL_KEY} and not {@code decommission.managed}, so the program never sees them. Every
 * name is handed to {@link TestDocker} before it is created, so its clean-up removes what is left.
 */
final class DockerCliFloor {
  static final String LABEL_KEY = "decommission.bench";
  /** Outside the program's port pool (see {@link DeleteBenchmark#PORT_RANGE}), below the ephemeral range. */
  private static final int PORT_LOW = 32300;
  private static final int PORT_HIGH = 32700;

  private final TestDocker docker;
  private final String label;
  private final int replicas;
  /** One network per container (as many one-replica deployments have), else one for the set. */
  private final boolean networkEach;

  /** The four timed calls of the graceful floor, in seconds. */
  record Graceful(double stop, double rm, double volumeRm, double networkRm) {
    double total() {
      return stop + rm + volumeRm + networkRm;
    }
  }

  DockerCliFloor(TestDocker docker, int replicas) {
    this(docker, replicas, false);
  }

  DockerCliFloor(TestDocker docker, int replicas, boolean networkEach) {
    this.networkEach = networkEach;
    this.docker = docker;
    this.label = LABEL_KEY + "=" + docker.runId();
    this.replicas = replicas;
  }

  /**
   * The pipeline's equivalent: {@code docker stop} all (default grace), {@code docker rm} all,
   * {@code docker volume rm} all, {@code docker network rm}.
   */
  Graceful measureGraceful(String set) {
    List<String> names = createSet(set);
    long t0 = System.nanoTime();
    run(with(names, "stop"));
    long t1 = System.nanoTime();
    run(with(names, "rm"));
    long t2 = System.nanoTime();
    run(with(names, "volume", "rm"));
    long t3 = System.nanoTime();
    run(with(networks(set), "network", "rm"));
    long t4 = System.nanoTime();
    return new Graceful(seconds(t0, t1), seconds(t1, t2), seconds(t2, t3), seconds(t3, t4));
  }

  /** The set's networks: one, or one per container. */
  private List<String> networks(String set) {
    String name = "dcmbench-" + docker.runId() + "-" + set + "-net";
    if (!networkEach) {
      return List.of(name);
    }
    List<String> each = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      each.add(name + i);
    }
    return each;
  }

  /** The fastest possible form, for information: {@code docker rm -f} all, then the volumes. */
  double measureForce(String set) {
    List<String> names = createSet(set);
    long t0 = System.nanoTime();
    run(with(names, "rm", "-f"));
    run(with(names, "volume", "rm"));
    run(with(networks(set), "network", "rm"));
    return seconds(t0, System.nanoTime());
  }

  /** Runs the Docker CLI and returns its output; a failing call is a broken setup. */
  static String run(List<String> args) {
    List<String> command = new ArrayList<>(args.size() + 1);
    command.add("docker");
    command.addAll(args);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(4, command.size()))) + " ... failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static double seconds(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1e9;
  }

  /**
   * Creates and starts {@code replicas} containers of the test image, each with its own volume,
   * eight {@code docker} calls at a time, and waits until each listens, as the pipeline's replicas
   * were healthy. Returns the names (container and volume share one).
   */
  private List<String> createSet(String set) {
    List<Integer> ports = freePorts();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      String name = "dcmbench-" + docker.runId() + "-" + set + "-" + i;
      docker.trackVolume(name);
      docker.trackContainer(name);
      names.add(name);
    }
    List<String> networks = networks(set);
    networks.forEach(docker::trackNetwork);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      all(pool, networks.stream().map(n -> List.of("network", "create", "--label", label, n)).toList());
      // Volumes first, so that the clean-up finds them even when a run fails.
      all(pool, names.stream().map(n -> List.of("volume", "create", "--label", label, n)).toList());
      List<List<String>> runs = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        String name = names.get(i);
        runs.add(List.of("run", "-d", "--name", name, "--label", label, "--network", networks.get(networkEach ? i : 0), "--init", "-e", "PORT=8080",
            "-p", "127.0.0.1:" + ports.get(i) + ":8080", "--security-opt", "no-new-privileges", "--cap-drop", "NET_RAW",
            "--mount", "type=volume,source=" + name + ",target=/data", TestDocker.IMAGE));
      }
      all(pool, runs);
    } finally {
      pool.shutdownNow();
    }
    long running = run(List.of("ps", "-q", "--filter", "label=" + label, "--filter", "status=running")).lines().count();
    if (running != replicas) {
      throw new IllegalStateException("floor set " + set + ": " + running + " of " + replicas + " containers running");
    }
    Set<Integer> waiting = new HashSet<>(ports);
    await("floor set " + set + " listening").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> {
          waiting.removeIf(DockerCliFloor::listens);
          return waiting.isEmpty();
        });
    return names;
  }

  private static void all(ExecutorService pool, List<List<String>> calls) {
    List<Future<String>> done = calls.stream().map(c -> pool.submit(() -> run(c))).toList();
    for (Future<String> f : done) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  /** Free ports in the floor's range: every socket is held until all are found, so none is handed out twice. */
  private List<Integer> freePorts() {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int p = PORT_LOW; p <= PORT_HIGH && held.size() < replicas; p++) {
        ServerSocket socket = new ServerSocket();
        try {
          socket.bind(new InetSocketAddress(p));
          held.add(socket);
        } catch (IOException taken) {
          socket.close();
        }
      }
      if (held.size() < replicas) {
        throw new IllegalStateException("only " + held.size() + " free ports in " + PORT_LOW + "-" + PORT_HIGH);
      }
      return held.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : held) {
        try {
          s.close();
        } catch (IOException ignored) {
          // Closing a bound socket does not fail in a way that matters here.
        }
      }
    }
  }

  private static boolean listens(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** The words of a CLI call followed by all the names, as one call takes them. */
  private static List<String> with(List<String> names, String... words) {
    List<String> args = new ArrayList<>(List.of(words));
    args.addAll(names);
    return args;
  }
}
