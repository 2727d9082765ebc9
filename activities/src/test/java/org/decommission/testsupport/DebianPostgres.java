package org.decommission.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's PostgreSQL server (the {@code postgresql-15} package, {@code scripts/ensure-postgres.sh})
 * as a production-shaped database for split-mode tests: a cluster of the test's own in a temp dir,
 * run as the {@code postgres} user on a free port on 127.0.0.1, with password (SCRAM) auth and a
 * database {@code decommission}. Closing stops the server; its directory is the test's.
 */
public final class DebianPostgres implements AutoCloseable {
  private final Path dir;
  private final Path bin;
  private final int port;
  private final String password = UUID.randomUUID().toString();

  public DebianPostgres() {
    try {
      bin = binaries();
      port = Ports.free();
      dir = Files.createTempDirectory(Path.of("/tmp"), "dcm-pg");
      Files.writeString(dir.resolve("pw"), password + "\n", StandardCharsets.UTF_8);
      run("chown", "-R", "postgres:postgres", dir.toString());
      asPostgres(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres", "--auth-host=scram-sha-256",
          "--auth-local=trust", "--pwfile=" + dir.resolve("pw"));
      asPostgres(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w",
          "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir, "start");
      asPostgres(bin.resolve("psql").toString(), "-h", dir.toString(), "-p", Integer.toString(port), "-d", "postgres", "-c",
          "CREATE DATABASE decommission");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The newest installed server's binaries, {@code /usr/lib/postgresql/<major>/bin}. */
  private static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("Debian's PostgreSQL server is not installed: run scripts/ensure-postgres.sh (the README's test command does)");
    }
    try (Stream<Path> majors = Files.list(root)) {
      return majors.filter(p -> Files.isExecutable(p.resolve("bin").resolve("postgres")))
          .max(Comparator.comparing(p -> Integer.parseInt(p.getFileName().toString())))
          .map(p -> p.resolve("bin"))
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under " + root + ": run scripts/ensure-postgres.sh"));
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/decommission";
  }

  public String user() {
    return "postgres";
  }

  public String password() {
    return password;
  }

  private void asPostgres(String... command) {
    List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(List.of(command));
    run(full.toArray(String[]::new));
  }

  private static void run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    asPostgres(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
  }
}
