package org.decommission.activities.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.testsupport.TestCaddy;
import org.decommission.workflow.FailureTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link CaddyRoutes} against Debian's Caddy: routes written, replaced and removed (twice), the
 * catch-all's 404, a server created where none was, concurrent writers, and a server of someone
 * else's that is never touched. Each test has a server of its own in one Caddy.
 */
class CaddyRoutesIT {
  static TestCaddy caddy;
  static final AtomicInteger servers = new AtomicInteger();
  final List<HttpServer> backends = new ArrayList<>();

  @BeforeAll
  static void startCaddy() {
    caddy = new TestCaddy();
  }

  @AfterAll
  static void stopCaddy() {
    caddy.close();
  }

  @AfterEach
  void stopBackends() {
    backends.forEach(b -> b.stop(0));
  }

  /** A replica stand-in on 127.0.0.1 that answers every request with {@code text}. */
  String backend(String text) throws IOException {
    int port = TestCaddy.port();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/", exchange -> {
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    backends.add(server);
    return "127.0.0.1:" + port;
  }

  record Server(CaddyRoutes routes, String name, int port) {}

  static Server server() {
    String name = "dcm-it-" + servers.incrementAndGet();
    int port = TestCaddy.port();
    return new Server(new CaddyRoutes(caddy.adminUrl(), name, "127.0.0.1:" + port), name, port);
  }

  static JsonNode config() throws IOException {
    return CaddyAdmin.JSON.readTree(caddy.config());
  }

  static List<String> routeIds(String server) throws IOException {
    List<String> ids = new ArrayList<>();
    config().at("/apps/http/servers/" + server + "/routes").forEach(r -> ids.add(r.path("@id").asText()));
    return ids;
  }

  static String id() {
    return UUID.randomUUID().toString();
  }

  @Test
  void aRouteIsWrittenReplacedAndRemovedTwiceAndUnknownHostsAnswer404() throws Exception {
    // Someone else's server, with a route that even has a key like ours: never touched.
    String foreignId = "dcm-" + id();
    int foreignPort = TestCaddy.port();
    assertThat(caddy.admin("PUT", "/config/apps/http/servers/theirs", """
        {"listen": ["127.0.0.1:%d"], "automatic_https": {"disable": true},
         "routes": [{"@id": "%s", "handle": [{"handler": "static_response", "status_code": 200, "body": "theirs"}]}]}
        """.formatted(foreignPort, foreignId))[0]).isEqualTo("200");
    JsonNode theirs = config().at("/apps/http/servers/theirs");

    Server s = server();
    String a = id();
    s.routes().write(a, "a.example.test", List.of(backend("replica 0"), backend("replica 0")));
    assertThat(TestCaddy.get(s.port(), "a.example.test", "/")).isEqualTo("200 replica 0");
    assertThat(TestCaddy.get(s.port(), "A.Example.Test", "/")).as("hosts match whatever the case").isEqualTo("200 replica 0");
    assertThat(TestCaddy.get(s.port(), "nobody.example.test", "/")).startsWith("404 ");
    assertThat(s.routes().deploymentIds()).containsExactly(a);
    assertThat(routeIds(s.name())).containsExactly("dcm-" + a, s.name() + "-catch-all");

    // Written again with new backends: replaced, not added.
    s.routes().write(a, "a.example.test", List.of(backend("revision 2")));
    assertThat(TestCaddy.get(s.port(), "a.example.test", "/")).isEqualTo("200 revision 2");
    String b = id();
    s.routes().write(b, "b.example.test", List.of(backend("b")));
    assertThat(routeIds(s.name())).containsExactly("dcm-" + a, "dcm-" + b, s.name() + "-catch-all");
    assertThat(caddy.admin("GET", "/id/dcm-" + a, null)[1]).as("reachable by its id").contains("a.example.test");

    ArtifactOutcome removed = s.routes().remove(a);
    assertThat(removed.kind()).isEqualTo(ArtifactOutcome.Kind.ROUTE);
    assertThat(removed.outcome()).isEqualTo(ArtifactOutcome.Outcome.REMOVED);
    assertThat(removed.name()).isEqualTo("caddy:/id/dcm-" + a);
    assertThat(s.routes().remove(a).outcome()).isEqualTo(ArtifactOutcome.Outcome.ALREADY_GONE);
    assertThat(TestCaddy.get(s.port(), "a.example.test", "/")).startsWith("404 ");
    assertThat(TestCaddy.get(s.port(), "b.example.test", "/")).isEqualTo("200 b");
    assertThat(routeIds(s.name())).containsExactly("dcm-" + b, s.name() + "-catch-all");

    assertThat(config().at("/apps/http/servers/theirs")).as("someone else's server").isEqualTo(theirs);
    assertThat(TestCaddy.get(foreignPort, "anything", "/")).isEqualTo("200 theirs");
    assertThat(caddy.admin("DELETE", "/config/apps/http/servers/theirs", null)[0]).isEqualTo("200");
  }

  @Test
  void aServerThatIsNotThereIsMadeByAWriteAndARemovalThereMakesNothing() throws Exception {
    Server s = server();
    assertThat(s.routes().remove(id()).outcome()).isEqualTo(ArtifactOutcome.Outcome.ALREADY_GONE);
    assertThat(s.routes().deploymentIds()).isEmpty();
    assertThat(config().at("/apps/http/servers/" + s.name()).isMissingNode()).as("a removal creates nothing").isTrue();
    s.routes().write(id(), "made.example.test", List.of(backend("made")));
    assertThat(TestCaddy.get(s.port(), "made.example.test", "/")).isEqualTo("200 made");
    assertThat(config().at("/apps/http/servers/" + s.name() + "/automatic_https/disable").asBoolean()).isTrue();
  }

  /** Writers that race each other (each reads, then writes with If-Match) all land, the catch-all last. */
  @Test
  void concurrentWritersAllLand() throws Exception {
    Server s = server();
    String backend = backend("any");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ids.add(id());
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        String host = "c" + i + ".example.test";
        writes.add(pool.submit(() -> s.routes().write(id, host, List.of(backend))));
      }
      for (Future<?> w : writes) {
        w.get();
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(s.routes().deploymentIds()).containsExactlyInAnyOrderElementsOf(ids);
    List<String> routeIds = routeIds(s.name());
    assertThat(routeIds).hasSize(9).last().isEqualTo(s.name() + "-catch-all");
    for (int i = 0; i < ids.size(); i++) {
      assertThat(TestCaddy.get(s.port(), "c" + i + ".example.test", "/")).isEqualTo("200 any");
    }
  }

  @Test
  void aCaddyThatDoesNotAnswerIsARetryableFailureThatSaysWhere() {
    int nobody = TestCaddy.port();
    CaddyRoutes routes = new CaddyRoutes("http://127.0.0.1:" + nobody, "decommission", "127.0.0.1:" + TestCaddy.port());
    assertThatThrownBy(() -> routes.write(id(), "a.example.test", List.of("127.0.0.1:1")))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.ROUTE_PROXY_UNREACHABLE);
          assertThat(f.isNonRetryable()).isFalse();
          assertThat(f.getOriginalMessage()).contains("http://127.0.0.1:" + nobody).contains("decommission.routes.caddy.admin-url");
        });
    assertThatThrownBy(() -> routes.remove(id())).isInstanceOf(ApplicationFailure.class);
  }

  /** Caddy cannot load a server on an address in use: retryable, Caddy's reason in the message, nothing changed. */
  @Test
  void aConfigurationCaddyCannotLoadIsARetryableFailureAndChangesNothing() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", TestCaddy.port()));
      String before = caddy.config();
      CaddyRoutes routes = new CaddyRoutes(caddy.adminUrl(), "dcm-it-taken", "127.0.0.1:" + taken.getLocalPort());
      assertThatThrownBy(() -> routes.write(id(), "a.example.test", List.of("127.0.0.1:1")))
          .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
            assertThat(f.getType()).isEqualTo(FailureTypes.ROUTE_PROXY_FAILED);
            assertThat(f.isNonRetryable()).isFalse();
            assertThat(f.getOriginalMessage()).contains("address already in use");
          });
      assertThat(caddy.config()).isEqualTo(before);
    }
  }

  /** A 4xx on our request is not retried: an admin endpoint that refuses us (here one that refuses everything). */
  @Test
  void anAdminApiThatRefusesIsANonRetryableFailure() throws Exception {
    int port = TestCaddy.port();
    HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    refusing.createContext("/", exchange -> {
      byte[] body = "{\"error\":\"host not allowed: elsewhere\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(403, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    refusing.start();
    backends.add(refusing);
    CaddyRoutes routes = new CaddyRoutes("http://127.0.0.1:" + port, "decommission", "127.0.0.1:8088");
    assertThatThrownBy(() -> routes.write(id(), "a.example.test", List.of("127.0.0.1:1")))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.ROUTE_REJECTED);
          assertThat(f.isNonRetryable()).isTrue();
          assertThat(f.getOriginalMessage()).contains("refused GET").contains("403").contains("host not allowed");
        });
  }
}
