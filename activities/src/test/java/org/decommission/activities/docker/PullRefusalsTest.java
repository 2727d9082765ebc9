package org.decommission.activities.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Docker's answers to failed pulls, as Docker 20.10 gave them here against the distribution registry. */
class PullRefusalsTest {
  @Test
  void eachObservedAnswerMeansWhatItSays() {
    assertThat(PullRefusals.of(404, "manifest for 127.0.0.1:5055/app:v2 not found: manifest unknown: manifest unknown"))
        .isEqualTo(PullRefusals.NOT_FOUND);
    assertThat(PullRefusals.of(500, "Head \"http://127.0.0.1:5055/v2/app/manifests/v1\": no basic auth credentials"))
        .isEqualTo(PullRefusals.AUTH);
    assertThat(PullRefusals.of(500, "unauthorized: authentication required")).isEqualTo(PullRefusals.AUTH);
    assertThat(PullRefusals.of(500, "Get \"http://127.0.0.1:5056/v2/\": dial tcp 127.0.0.1:5056: connect: connection refused"))
        .isEqualTo(PullRefusals.TRANSIENT);
    assertThat(PullRefusals.of(500, "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on 10.0.0.53:53: no such host"))
        .isEqualTo(PullRefusals.UNKNOWN_REGISTRY);
    assertThat(PullRefusals.of(0, "received unexpected HTTP status: 503 Service Unavailable")).isEqualTo(PullRefusals.TRANSIENT);
    assertThat(PullRefusals.of(0, "pull access denied for nope, repository does not exist or may require 'docker login'"))
        .isEqualTo(PullRefusals.NOT_FOUND);
  }

  @Test
  void theTrackerAddsUpLayersFromTheStream() throws Exception {
    PullTracker tracker = new PullTracker("app:1");
    tracker.accept(item("{\"status\":\"Pulling from app\",\"id\":\"1\"}"));
    tracker.accept(item("{\"status\":\"Pulling fs layer\",\"id\":\"l1\"}"));
    tracker.accept(item("{\"status\":\"Already exists\",\"id\":\"l0\"}"));
    tracker.accept(item("{\"status\":\"Downloading\",\"id\":\"l1\",\"progressDetail\":{\"current\":300,\"total\":1000}}"));
    assertThat(tracker.progress()).satisfies(p -> {
      assertThat(p.layers()).isEqualTo(2);
      assertThat(p.layersDone()).isEqualTo(1);
      assertThat(p.bytes()).isEqualTo(300);
      assertThat(p.totalBytes()).isEqualTo(1000);
      assertThat(p.percent()).isEqualTo(30);
    });
    tracker.accept(item("{\"status\":\"Download complete\",\"id\":\"l1\"}"));
    tracker.accept(item("{\"status\":\"Extracting\",\"id\":\"l1\",\"progressDetail\":{\"current\":5,\"total\":9000}}"));
    assertThat(tracker.progress().bytes()).as("extraction does not count as download").isEqualTo(1000);
    tracker.accept(item("{\"status\":\"Pull complete\",\"id\":\"l1\"}"));
    assertThat(tracker.progress().percent()).isEqualTo(100);
    assertThat(tracker.error()).isNull();
    tracker.accept(item("{\"errorDetail\":{\"message\":\"unexpected EOF\"},\"error\":\"unexpected EOF\"}"));
    assertThat(tracker.error()).isEqualTo("unexpected EOF");
  }

  static PullResponseItem item(String json) throws Exception {
    return new ObjectMapper().readValue(json, PullResponseItem.class);
  }
}
