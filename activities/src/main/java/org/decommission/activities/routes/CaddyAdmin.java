package org.decommission.activities.routes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.decommission.activities.Failures;
import org.decommission.workflow.FailureTypes;

/**
 * Caddy's admin API over HTTP, and the one place its answers are translated: no answer is a
 * retryable {@code RouteProxyUnreachable}, a 4xx on our request a non-retryable {@code
 * RouteRejected}, a 5xx (Caddy could not load the changed configuration) a retryable {@code
 * RouteProxyFailed}; a 412 (the configuration changed since we read it) is {@link Conflict}, for
 * the caller to read again.
 *
 * <p>Every change is made with {@code If-Match}: Caddy's ETag of a path is {@code "<path> <hash>"},
 * the hash the 32-bit FNV-1a of the JSON it answers GET with. Caddy sends it as an HTTP trailer,
 * which {@link HttpClient} does not expose, so it is computed here from the same bytes.
 */
final class CaddyAdmin {
  static final ObjectMapper JSON = new ObjectMapper()
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** What a GET answered: the JSON (a null node when nothing is there) and its ETag. */
  record Read(JsonNode json, String etag) {}

  /** Caddy answered 412: what was read is out of date. */
  static final class Conflict extends RuntimeException {
    Conflict(String message) {
      super(message, null, false, false);
    }
  }

  /** How many times a request is sent when the connection breaks under it. */
  static final int SENDS = 3;

  private final String base;
  private final HttpClient http;

  CaddyAdmin(String adminUrl) {
    this.base = adminUrl.replaceAll("/+$", "");
    // HTTP/1.1: the admin endpoint is plain HTTP, and an h2c upgrade attempt is of no use to it.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
  }

  String url() {
    return base;
  }

  /**
   * GET {@code path}: null when nothing can be there (Caddy answers 400 "invalid traversal path"
   * when a parent is missing, 404 for an unknown id); any other answer but 200 is translated.
   */
  Read get(String path) {
    HttpResponse<byte[]> r = send("GET", path, HttpRequest.newBuilder(uri(path)).GET());
    if (r.statusCode() == 400 || r.statusCode() == 404) {
      return null;
    }
    if (r.statusCode() != 200) {
      throw refused("GET", path, r);
    }
    try {
      return new Read(JSON.readTree(r.body()), "\"" + path + " " + fnv1a(r.body()) + "\"");
    } catch (IOException e) {
      throw new UncheckedIOException("Caddy's admin API at " + base + " answered GET " + path + " with no JSON: " + e.getMessage(), e);
    }
  }

  /** POST (sets or replaces) or PUT (creates, with the path's parents) {@code json} at {@code path}, if {@code etag} still matches. */
  void change(String method, String path, JsonNode json, String etag) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").header("If-Match", etag)
        .method(method, HttpRequest.BodyPublishers.ofString(json.toString()));
    HttpResponse<byte[]> r = send(method, path, request);
    if (r.statusCode() == 412) {
      throw new Conflict(method + " " + path + ": " + answer(r));
    }
    if (r.statusCode() != 200) {
      throw refused(method, path, r);
    }
  }

  private RuntimeException refused(String method, String path, HttpResponse<byte[]> r) {
    String answer = method + " " + path + ": " + r.statusCode() + " " + answer(r);
    if (r.statusCode() >= 400 && r.statusCode() < 500) {
      return Failures.nonRetryable(FailureTypes.ROUTE_REJECTED, "Caddy's admin API at " + base + " refused " + answer);
    }
    return ApplicationFailure.newFailure("Caddy at " + base + " could not apply the route change, " + answer, FailureTypes.ROUTE_PROXY_FAILED);
  }

  private static String answer(HttpResponse<byte[]> r) {
    return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).trim();
  }

  /**
   * Sends a request, once more when the connection broke: Caddy restarts its admin endpoint when
   * it loads a changed configuration, which can drop a kept-alive connection under a request. A
   * change sent again is safe, because it carries {@code If-Match}.
   */
  private HttpResponse<byte[]> send(String method, String path, HttpRequest.Builder request) {
    HttpRequest built = request.timeout(Duration.ofSeconds(10)).build();
    for (int attempt = 1; ; attempt++) {
      try {
        return http.send(built, HttpResponse.BodyHandlers.ofByteArray());
      } catch (java.net.http.HttpTimeoutException | java.net.ConnectException e) {
        throw unreachable(method + " " + path, e);
      } catch (IOException e) {
        if (attempt >= SENDS) {
          throw unreachable(method + " " + path, e);
        }
        pause(50L * attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw unreachable(method + " " + path, e);
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling Caddy's admin API", e);
    }
  }

  private ApplicationFailure unreachable(String what, Exception cause) {
    return ApplicationFailure.newFailureWithCause(
        "Caddy's admin API at " + base + " did not answer " + what + " (" + cause + "): start Caddy with its admin endpoint there,"
            + " or set decommission.routes.caddy.admin-url to where it listens",
        FailureTypes.ROUTE_PROXY_UNREACHABLE, cause);
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  /** The 32-bit FNV-1a hash as Caddy spells it: Go's {@code %x} of the sum's four bytes, eight hex digits. */
  static String fnv1a(byte[] bytes) {
    int hash = 0x811c9dc5;
    for (byte b : bytes) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return String.format("%08x", hash);
  }
}
