package org.decommission.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's distribution registry ({@code docker-registry}, {@code scripts/ensure-counterparts.sh})
 * of the test's own: storage in a temp dir, on a free port of 127.0.0.1 (a registry Docker
 * allows over plain HTTP), with htpasswd auth for one user. Closing stops it and removes its
 * storage.
 */
public final class LocalRegistry implements AutoCloseable {
  public static final String USER = "dcm-test";

  private final Path dir;
  private final int port;
  private final String password = UUID.randomUUID().toString();
  private final Process process;

  public LocalRegistry() {
    try {
      if (!Files.isExecutable(Path.of("/usr/bin/docker-registry"))) {
        throw new IllegalStateException("Debian's docker-registry is not installed: run scripts/ensure-counterparts.sh (the README's test command does)");
      }
      port = Ports.free();
      dir = Files.createTempDirectory(Path.of("/tmp"), "dcm-registry");
      Process hash = new ProcessBuilder("htpasswd", "-Bbn", USER, password).start();
      String line = new String(hash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!hash.waitFor(30, TimeUnit.SECONDS) || hash.exitValue() != 0 || line.isEmpty()) {
        throw new IllegalStateException("htpasswd failed: is apache2-utils installed? run scripts/ensure-counterparts.sh");
      }
      Files.writeString(dir.resolve("htpasswd"), line + "\n", StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("config.yml"), """
          version: 0.1
          log:
            level: warn
          storage:
            filesystem:
              rootdirectory: %s
            delete:
              enabled: true
          http:
            addr: 127.0.0.1:%d
          auth:
            htpasswd:
              realm: decommission-test
              path: %s
          """.formatted(dir.resolve("data"), port, dir.resolve("htpasswd")), StandardCharsets.UTF_8);
      process = new ProcessBuilder("/usr/bin/docker-registry", "serve", dir.resolve("config.yml").toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
      awaitAnswer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitAnswer() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v2/").toURL().openConnection();
        if (c.getResponseCode() == 401) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the registry did not answer on 127.0.0.1:" + port + "; see " + dir.resolve("registry.log"));
  }

  /** {@code 127.0.0.1:<port>}: the registry part of an image reference. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public String password() {
    return password;
  }

  public AuthConfig auth() {
    return new AuthConfig().withRegistryAddress(host()).withUsername(USER).withPassword(password);
  }

  /**
   * Builds an image of its own (the test image plus a layer of {@code randomBytes} random bytes,
   * so no layer of it is on the host), pushes it as {@code <host>/<repository>:<tag>} for each tag,
   * then removes it locally again, so a deploy of it has to pull every byte of that layer. Returns
   * the pushed references, in the order of the tags.
   */
  public java.util.List<String> pushNew(DockerClient docker, String repository, int randomBytes, String... tags) {
    String local = host() + "/" + repository + ":" + tags[0];
    Path context = null;
    try {
      context = Files.createTempDirectory(Path.of("/tmp"), "dcm-image");
      byte[] blob = new byte[randomBytes];
      new java.util.Random().nextBytes(blob);
      Files.write(context.resolve("blob"), blob);
      Files.writeString(context.resolve("Dockerfile"), "FROM " + TestDocker.IMAGE + "\nLABEL " + TestDocker.TEST_LABEL + "=registry\nCOPY blob /blob\n");
      run("docker", "build", "-q", "-t", local, context.toString());
      java.util.List<String> refs = new java.util.ArrayList<>();
      for (String tag : tags) {
        docker.tagImageCmd(local, host() + "/" + repository, tag).exec();
        push(docker, repository, tag);
        refs.add(host() + "/" + repository + ":" + tag);
      }
      for (String ref : refs) {
        docker.removeImageCmd(ref).exec();
      }
      return refs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (context != null) {
        delete(context);
      }
    }
  }

  private void push(DockerClient docker, String repository, String tag) {
    String ref = host() + "/" + repository + ":" + tag;
    try {
      docker.pushImageCmd(host() + "/" + repository).withTag(tag).withAuthConfig(auth())
          .exec(new ResultCallback.Adapter<PushResponseItem>() {
            @Override
            public void onNext(PushResponseItem item) {
              if (item.getErrorDetail() != null) {
                onError(new IllegalStateException("push of " + ref + " failed: " + item.getErrorDetail().getMessage()));
              }
            }
          })
          .awaitCompletion(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      delete(dir);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
