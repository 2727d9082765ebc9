package org.decommission.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the API as a curl user would call it. */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;
  private final java.util.Map<String, String> headers;

  public ApiClient(String base, String token) {
    this(base, token, java.util.Map.of());
  }

  private ApiClient(String base, String token, java.util.Map<String, String> headers) {
    this.base = base;
    this.token = token;
    this.headers = headers;
  }

  public ApiClient as(String otherToken) {
    return new ApiClient(base, otherToken, headers);
  }

  /** The same client sending one more header with every request. */
  public ApiClient withHeader(String name, String value) {
    java.util.Map<String, String> more = new java.util.HashMap<>(headers);
    more.put(name, value);
    return new ApiClient(base, token, more);
  }

  public record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    public String text(String field) {
      return body.path(field).asText();
    }

    /** This answer, when its status is {@code expected}; any other is a broken setup. */
    public Answer expect(int expected, String what) {
      if (status != expected) {
        throw new IllegalStateException(what + " answered " + status + " instead of " + expected + ": " + body);
      }
      return this;
    }
  }

  public Answer get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Answer delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  public Answer deleteIfMatch(String path, String etag) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("If-Match", etag).DELETE());
  }

  public Answer postAs(String path, String contentType, String body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Answer put(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Answer post(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  public Answer post(String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public String status(String id) {
    return get("/api/deployments/" + id).text("status");
  }

  /** Reads the deployment every {@code poll} until its status is {@code want}; a FAILED deployment or the timeout is a broken setup. */
  public void awaitStatus(String id, String want, Duration timeout, Duration poll) {
    org.awaitility.Awaitility.await(id + " " + want).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(poll).until(() -> {
      String status = status(id);
      if ("FAILED".equals(status)) {
        throw new IllegalStateException("deployment " + id + " is FAILED while waiting for " + want + ": " + get("/api/deployments/" + id).body());
      }
      return want.equals(status);
    });
  }

  /** A GET whose answer is not JSON (the Prometheus scrape): status and text as they came. */
  public HttpResponse<String> getText(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Answer send(HttpRequest.Builder request) {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
      return new Answer(response.statusCode(), body, response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A test app spec: the local test image serving HTTP on $PORT. */
  public static String spec(String name, int replicas, String sharedVolume, String command) {
    return """
        {"name": "%s", "image": "decommission/testapp:local", "replicas": %d,
         %s
         "ports": [{"name": "http", "containerPort": 8080}],
         "volumes": [{"name": "data", "mountPath": "/data"},
                     {"name": "state", "mountPath": "/state", "scope": "REPLICA"},
                     {"name": "%s", "mountPath": "/cache", "scope": "SHARED"}],
         "healthCheck": {"type": "HTTP", "port": "http", "path": "/", "timeoutSeconds": 30},
         "route": {"host": "%s.example.test", "port": "http"}}
        """.formatted(name, replicas, command == null ? "" : "\"command\": " + command + ",", sharedVolume, name);
  }
}
