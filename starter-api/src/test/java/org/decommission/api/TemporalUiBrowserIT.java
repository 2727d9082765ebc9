package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The page GET links to, in a real browser: Debian's chromium, driven by playwright-core
 * ({@code browser-tests/temporal-ui.mjs}), opens the deployment's workflow in the dev server's
 * Temporal UI and finds its summary and its current status there. The screenshot lands in
 * {@code starter-api/target/temporal-ui.png}.
 */
class TemporalUiBrowserIT extends AllInOneContext {
  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.ports.range", () -> "24100-24199");
  }

  @Test
  void theWorkflowsPageInTheTemporalUiShowsItsSummaryAndStatus() throws Exception {
    ApiClient api = admin();
    String name = "ui-" + docker.runId().substring(8);
    String id = api.post("/api/deployments", """
        {"name": "%s", "image": "decommission/testapp:local", "replicas": 2,
         "ports": [{"name": "http", "containerPort": 8080}],
         "healthCheck": {"type": "HTTP", "port": "http", "path": "/", "timeoutSeconds": 30}}
        """.formatted(name)).text("id");
    docker.track(id);
    await().atMost(Duration.ofSeconds(60)).until(() -> api.status(id).equals("RUNNING"));
    String url = api.get("/api/deployments/" + id).text("temporalUiUrl");

    Path screenshot = Path.of("target", "temporal-ui.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);
    Process browser = new ProcessBuilder("node", "temporal-ui.mjs", url, name + " · 2 replicas · " + ADMIN, "RUNNING · UPDATE_ROUTES", screenshot.toString())
        .directory(Path.of("..", "browser-tests").toFile()).redirectErrorStream(true).start();
    String out = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(browser.waitFor(90, TimeUnit.SECONDS)).as(out).isTrue();
    assertThat(browser.exitValue()).as(out).isZero();
    assertThat(out).contains("visible: " + name).contains("visible: RUNNING · UPDATE_ROUTES");
    assertThat(screenshot).isNotEmptyFile();
  }
}
