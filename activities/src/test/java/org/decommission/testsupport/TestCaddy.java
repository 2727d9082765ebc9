package org.decommission.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Caddy ({@code /usr/bin/caddy}, {@code scripts/ensure-counterparts.sh}) as a real reverse proxy
 * for tests: a {@code caddy run} of the test's own, its admin API on a free port of 127.0.0.1 and
 * a configuration of nothing else, its home, config and data dirs in a temp dir (so its autosave
 * goes there). Closing stops it and removes the dir. Its ports, and those of the servers a test
 * has it listen on, come from {@link #FIRST}–{@link #LAST}, apart from every other test's.
 */
public final class TestCaddy implements AutoCloseable {
  public static final int FIRST = 28_500;
  public static final int LAST = 28_599;
  static final Path BINARY = Path.of("/usr/bin/caddy");

  private final Path dir;
  private final Process process;
  private final int adminPort;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  public TestCaddy() {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException("Debian's caddy is not installed: run scripts/ensure-counterparts.sh (the README's test command does)");
    }
    try {
      dir = Files.createTempDirectory(Path.of("/tmp"), "dcm-caddy");
      adminPort = port();
      Path config = dir.resolve("caddy.json");
      Files.writeString(config, "{\"admin\": {\"listen\": \"127.0.0.1:" + adminPort + "\"}}\n", StandardCharsets.UTF_8);
      ProcessBuilder builder = new ProcessBuilder(BINARY.toString(), "run", "--config", config.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("caddy.log").toFile());
      builder.environment().put("HOME", dir.toString());
      builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
      builder.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (admin("GET", "/config/", null) == null) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String log = log();
        close();
        throw new IllegalStateException("caddy did not answer on its admin port " + adminPort + ": " + log);
      }
      sleep(100);
    }
  }

  /** A free port of Caddy's range, for its admin API or a server it is to listen on. */
  public static int port() {
    return Ports.free(FIRST, LAST);
  }

  public String adminUrl() {
    return "http://127.0.0.1:" + adminPort;
  }

  /** Caddy's whole configuration, as its admin API answers it. */
  public String config() {
    String[] answer = admin("GET", "/config/", null);
    return answer == null ? null : answer[1];
  }

  /** A call of the admin API: {status, body}, or null when it does not answer. */
  public String[] admin(String method, String path, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(adminUrl() + path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new String[] {Integer.toString(r.statusCode()), r.body()};
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A GET through a server of Caddy's on {@code port} with the Host header {@code host}, on a
   * connection of its own: {@code "<status> <body>"}, or {@code "error <exception>"} when no
   * answer came. Written by hand: {@link HttpClient} does not let a caller set Host.
   */
  public static String get(int port, String host, String path) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int space = response.indexOf(' ');
      int end = response.indexOf("\r\n\r\n");
      if (space < 0 || end < 0) {
        return "error incomplete answer: " + response;
      }
      return response.substring(space + 1, space + 4) + " " + response.substring(end + 4);
    } catch (IOException e) {
      return "error " + e;
    }
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("caddy.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
