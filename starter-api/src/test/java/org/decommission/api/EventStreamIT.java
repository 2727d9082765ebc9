package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.decommission.api.auth.TokenKeys;
import org.decommission.domain.Naming;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Server-sent events: a delete watched phase by phase, resuming, ownership, keep-alive. */
class EventStreamIT extends AllInOneContext {
  static final ObjectMapper JSON = new ObjectMapper();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.events.keep-alive", () -> "1s");
    registry.add("decommission.events.max-streams-per-user", () -> "3");
    registry.add("decommission.delete.stop-grace", () -> "1s");
    registry.add("decommission.ports.range", () -> "29000-29499");
  }

  /** One SSE event, or a comment line (name null); {@code receivedNanos}: {@link System#nanoTime()} when it arrived. */
  record Event(String id, String name, JsonNode data, long receivedNanos) {}

  /** Reads a stream in the background; every event and comment lands in {@code received}. */
  static final class Listener {
    final List<Event> received = Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<HttpResponse<Stream<String>>> response;

    Listener(String url, String token, String lastEventId) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
          .header("Accept", "text/event-stream");
      if (lastEventId != null) {
        request.header("Last-Event-ID", lastEventId);
      }
      response = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
      response.thenAcceptAsync(r -> {
        String id = null;
        String name = null;
        for (String line : (Iterable<String>) r.body()::iterator) {
          try {
            if (line.startsWith(":")) {
              received.add(new Event(null, null, null, System.nanoTime()));
            } else if (line.startsWith("id:")) {
              id = line.substring(3);
            } else if (line.startsWith("event:")) {
              name = line.substring(6);
            } else if (line.startsWith("data:")) {
              received.add(new Event(id, name, JSON.readTree(line.substring(5)), System.nanoTime()));
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      });
    }

    List<Event> events() {
      synchronized (received) {
        return received.stream().filter(e -> e.name() != null).toList();
      }
    }

    List<String> names() {
      return events().stream().map(Event::name).toList();
    }

    int status() {
      return response.join().statusCode();
    }
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  @Test
  void aDeleteCanBeWatchedPhaseByPhaseAndTheStreamResumes() throws Exception {
    ApiClient api = admin();
    String token = Files.readString(dataDir().resolve("admin.token")).trim();
    String shared = "events-" + docker.runId();
    docker.trackSharedVolume(shared);
    String id = api.post("/api/deployments", ApiClient.spec("events-" + docker.runId().substring(6), 1, shared, null)).text("id");
    docker.track(id);
    Listener watch = new Listener(base() + "/api/deployments/" + id + "/events", token, null);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(watch.names()).contains("deployment-running"));
    api.delete("/api/deployments/" + id);
    api.post("/api/deployments/" + id + "/purge");
    // The stream of one deployment ends after its purge.
    HttpResponse<Stream<String>> done = watch.response.get();
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(watch.names()).endsWith("deployment-purged"));

    List<Event> events = watch.events();
    assertThat(events.get(0).name()).isEqualTo("deployment-created");
    assertThat(events).extracting(e -> Long.parseLong(e.id())).isSorted().doesNotHaveDuplicates();
    assertThat(events).allSatisfy(e -> assertThat(e.data().path("deploymentId").asText()).isEqualTo(id));
    List<String> phases = events.stream().filter(e -> e.name().equals("deployment-phase")).map(e -> e.data().path("phase").asText()).toList();
    assertThat(phases).containsSubsequence("CREATE_CONTAINERS", "START", "HEALTH_CHECK", "UPDATE_ROUTES", "STOP_REPLICAS",
        "REMOVE_CONTAINERS", "PURGE_VOLUMES", "PURGE_IMAGE", "PURGE_FILES", "RELEASE_PORTS", "WRITE_RECEIPT");
    assertThat(watch.names()).containsSubsequence("deployment-created", "deployment-running", "deployment-deleting",
        "deployment-deleted", "deployment-purging", "deployment-purged");

    // Resume after the deleted event: exactly what came after it.
    Event deleted = events.stream().filter(e -> e.name().equals("deployment-deleted")).findFirst().orElseThrow();
    Listener resumed = new Listener(base() + "/api/deployments/" + id + "/events", token, deleted.id());
    resumed.response.get();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(resumed.names()).endsWith("deployment-purged"));
    List<String> after = events.subList(events.indexOf(deleted) + 1, events.size()).stream().map(Event::id).toList();
    assertThat(resumed.events()).extracting(Event::id).containsExactlyElementsOf(after);
  }

  @Test
  void aUserSeesOnlyTheirOwnEventsAndQuietStreamsGetKeepAlives() throws Exception {
    ApiClient api = admin();
    byte[] secret = java.util.Base64.getDecoder().decode(Files.readString(dataDir().resolve("auth/jwt.secret")).trim());
    String bobToken = TokenKeys.hs256(secret).sign("bob", List.of(), Duration.ofMinutes(5));
    ApiClient bob = api.as(bobToken);
    Listener bobs = new Listener(base() + "/api/events", bobToken, null);

    String adminsShared = "evt-a-" + docker.runId();
    docker.trackSharedVolume(adminsShared);
    String adminsId = api.post("/api/deployments", ApiClient.spec("evta-" + docker.runId().substring(6), 1, adminsShared, null)).text("id");
    docker.track(adminsId);
    assertThat(bob.get("/api/deployments/" + adminsId + "/events").status()).isEqualTo(404);
    Listener denied = new Listener(base() + "/api/deployments/" + adminsId + "/events", bobToken, null);
    assertThat(denied.status()).isEqualTo(404);

    String bobsShared = "evt-b-" + docker.runId();
    docker.trackSharedVolume(bobsShared);
    String bobsId = bob.post("/api/deployments", ApiClient.spec("evtb-" + docker.runId().substring(6), 1, bobsShared, null)).text("id");
    docker.track(bobsId);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(bobs.names()).contains("deployment-running"));
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.status(adminsId)).isEqualTo("RUNNING"));
    assertThat(bobs.events()).isNotEmpty().allSatisfy(e -> assertThat(e.data().path("deploymentId").asText()).isEqualTo(bobsId));

    // Nothing happens for a while: comment lines keep the stream open.
    int before = bobs.received.size();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(bobs.received.subList(before, bobs.received.size())).anySatisfy(e -> assertThat(e.name()).isNull()));
    bobs.response.join().body().close();

    api.delete("/api/deployments/" + adminsId);
    bob.delete("/api/deployments/" + bobsId);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(api.status(adminsId)).isEqualTo("DELETED");
      assertThat(bob.status(bobsId)).isEqualTo("DELETED");
    });
  }

  /** Each stream reads the history every 250 ms: a user holds at most so many (3 here); a closed one frees its place. */
  @Test
  void aUserHoldsAtMostSoManyStreams() throws Exception {
    byte[] secret = java.util.Base64.getDecoder().decode(Files.readString(dataDir().resolve("auth/jwt.secret")).trim());
    String frank = TokenKeys.hs256(secret).sign("frank", List.of(), Duration.ofMinutes(5));
    List<Listener> open = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      open.add(new Listener(base() + "/api/events", frank, null));
      assertThat(open.get(i).status()).isEqualTo(200);
    }
    Listener fourth = new Listener(base() + "/api/events", frank, null);
    assertThat(fourth.status()).isEqualTo(429);
    String otherUser = TokenKeys.hs256(secret).sign("grace", List.of(), Duration.ofMinutes(5));
    Listener others = new Listener(base() + "/api/events", otherUser, null);
    assertThat(others.status()).as("another user's streams are counted apart").isEqualTo(200);

    open.get(0).response.join().body().close();
    // The server notices the closed stream at its next keep-alive (1 s here) and frees its place.
    Listener[] again = new Listener[1];
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      again[0] = new Listener(base() + "/api/events", frank, null);
      return again[0].status() == 200;
    });
    again[0].response.join().body().close();
    for (Listener l : open.subList(1, 3)) {
      l.response.join().body().close();
    }
    others.response.join().body().close();
  }
}
