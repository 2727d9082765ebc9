package org.decommission.activities.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.decommission.domain.ArtifactOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The route files: written atomically, listed by their deployment, removed once. */
class TraefikFileRoutesTest {
  static final String A = "11111111-1111-4111-8111-111111111111";
  @TempDir Path dataDir;

  @Test
  void aRouteFileIsWrittenListedAndRemovedOnce() throws Exception {
    TraefikFileRoutes routes = new TraefikFileRoutes(dataDir);
    assertThat(routes.deploymentIds()).isEmpty();
    assertThat(routes.remove(A).outcome()).isEqualTo(ArtifactOutcome.Outcome.ALREADY_GONE);
    routes.write(A, "a.example.test", List.of("127.0.0.1:20000", "[::1]:20001"));
    String yaml = Files.readString(dataDir.resolve("routes").resolve(A + ".yml"));
    assertThat(yaml).contains("dcm-" + A + ":").contains("Host(`a.example.test`)")
        .contains("url: \"http://127.0.0.1:20000\"").contains("url: \"http://[::1]:20001\"");
    Files.writeString(dataDir.resolve("routes").resolve("someone-elses.yml"), "http: {}\n");
    assertThat(routes.deploymentIds()).containsExactly(A);
    ArtifactOutcome removed = routes.remove(A);
    assertThat(removed.outcome()).isEqualTo(ArtifactOutcome.Outcome.REMOVED);
    assertThat(removed.name()).isEqualTo("routes/" + A + ".yml");
    assertThat(routes.remove(A).outcome()).isEqualTo(ArtifactOutcome.Outcome.ALREADY_GONE);
    assertThat(dataDir.resolve("routes").resolve("someone-elses.yml")).exists();
  }
}
