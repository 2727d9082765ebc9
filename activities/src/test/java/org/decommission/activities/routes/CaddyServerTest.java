package org.decommission.activities.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What Decommission's Caddy server holds after each change, computed without a Caddy. */
class CaddyServerTest {
  static final String A = "11111111-1111-4111-8111-111111111111";
  static final String B = "22222222-2222-4222-8222-222222222222";
  final CaddyServer shape = new CaddyServer("decommission", "127.0.0.1:8088");

  static List<String> ids(JsonNode server) {
    List<String> ids = new ArrayList<>();
    server.path("routes").forEach(r -> ids.add(r.path("@id").asText()));
    return ids;
  }

  @Test
  void aNewServerListensWhereToldWithoutAutomaticHttpsAndEndsWithTheCatchAll() {
    ObjectNode server = shape.withRoute(null, A, "a.example.test", List.of("127.0.0.1:20000", "127.0.0.1:20001"));
    assertThat(server.path("listen").toString()).isEqualTo("[\"127.0.0.1:8088\"]");
    assertThat(server.path("automatic_https").path("disable").asBoolean()).isTrue();
    assertThat(ids(server)).containsExactly("dcm-" + A, "decommission-catch-all");
    JsonNode route = server.path("routes").get(0);
    assertThat(route.path("match").get(0).path("host").toString()).isEqualTo("[\"a.example.test\"]");
    assertThat(route.path("handle").get(0).path("handler").asText()).isEqualTo("reverse_proxy");
    assertThat(route.path("handle").get(0).path("upstreams").toString())
        .isEqualTo("[{\"dial\":\"127.0.0.1:20000\"},{\"dial\":\"127.0.0.1:20001\"}]");
    JsonNode catchAll = server.path("routes").get(1);
    assertThat(catchAll.has("match")).as("matches every host").isFalse();
    assertThat(catchAll.path("handle").get(0).path("status_code").asInt()).isEqualTo(404);
  }

  @Test
  void writingAgainReplacesTheRouteInPlaceAndANewOneGoesBeforeTheCatchAll() {
    ObjectNode server = shape.withRoute(null, A, "a.example.test", List.of("127.0.0.1:20000"));
    server = shape.withRoute(server, B, "b.example.test", List.of("127.0.0.1:20001"));
    ObjectNode again = shape.withRoute(server, A, "a.example.test", List.of("127.0.0.1:20002"));
    assertThat(ids(again)).containsExactly("dcm-" + A, "dcm-" + B, "decommission-catch-all");
    assertThat(again.path("routes").get(0).toString()).contains("20002").doesNotContain("20000");
    assertThat(shape.withRoute(again, A, "a.example.test", List.of("127.0.0.1:20002"))).as("idempotent").isEqualTo(again);
    assertThat(CaddyServer.deploymentIds(again)).containsExactly(A, B);
  }

  @Test
  void aRouteThatIsNotOursAndTheServersOtherSettingsAreKept() throws Exception {
    JsonNode mine = CaddyAdmin.JSON.readTree("""
        {"listen": [":9999"], "idle_timeout": 12345678901234, "logs": {"x": 1.10},
         "routes": [{"@id": "decommission-catch-all", "handle": [{"handler": "static_response", "status_code": 404}]},
                    {"@id": "operators", "match": [{"path": ["/health"]}], "handle": [{"handler": "static_response"}]},
                    {"match": [{"host": ["dcm-not-an-id"]}]}]}
        """.getBytes(StandardCharsets.UTF_8));
    ObjectNode server = shape.withRoute(mine, A, "a.example.test", List.of("127.0.0.1:20000"));
    assertThat(ids(server)).containsExactly("operators", "", "dcm-" + A, "decommission-catch-all");
    assertThat(server.path("idle_timeout").asLong()).isEqualTo(12345678901234L);
    assertThat(server.path("logs").toString()).isEqualTo("{\"x\":1.10}");
    assertThat(server.path("listen").toString()).as("ours listens where configured").isEqualTo("[\"127.0.0.1:8088\"]");
    assertThat(CaddyServer.deploymentIds(server)).containsExactly(A);
  }

  @Test
  void removingLeavesTheOthersAndTheCatchAllAndIsNothingWhenTheRouteIsGone() {
    ObjectNode server = shape.withRoute(shape.withRoute(null, A, "a.example.test", List.of("127.0.0.1:20000")),
        B, "b.example.test", List.of("127.0.0.1:20001"));
    ObjectNode without = shape.withoutRoute(server, A);
    assertThat(ids(without)).containsExactly("dcm-" + B, "decommission-catch-all");
    assertThat(shape.withoutRoute(without, A)).as("nothing to change").isNull();
  }

  @Test
  void theEtagHashIsCaddysFnv1aOfTheBodyItAnswers() {
    // Caddy 2.6 answered ETag "/config/ 43973a5a" for this body (a GET of /config/).
    assertThat(CaddyAdmin.fnv1a("{\"admin\":{\"listen\":\"127.0.0.1:28590\"}}\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("43973a5a");
    assertThat(CaddyAdmin.fnv1a(new byte[0])).isEqualTo("811c9dc5");
  }
}
