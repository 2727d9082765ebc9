package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The operator dashboard in a real browser: Debian's chromium, driven by playwright-core
 * ({@code browser-tests/dashboard.mjs}), logs in with the link the program printed at start and
 * works the whole lifecycle of a deployment through the page, while this test makes sure of what
 * Docker and the API say afterwards. The screenshots land in {@code starter-api/target/dashboard/}.
 */
@ExtendWith(OutputCaptureExtension.class)
class DashboardBrowserIT extends AllInOneContext {
  private static final Pattern LINK = Pattern.compile("Dashboard: (http://127\\.0\\.0\\.1:(\\d+)/#token=\\S+)");
  private static final Pattern CREATED = Pattern.compile("^created ([0-9a-f-]{36})$");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.ports.range", () -> "25500-25599");
  }

  @Test
  void anOperatorWorksEveryDeploymentFromThePage(CapturedOutput startLog) throws Exception {
    Matcher link = LINK.matcher(startLog.getAll());
    assertThat(link.find()).as("the start log prints the dashboard's login link").isTrue();
    assertThat(Integer.parseInt(link.group(2))).as("the link has the port the server got").isEqualTo(port);

    ApiClient admin = admin();
    String user = "dash-" + docker.runId().substring(8);
    String userToken = userToken(user, Duration.ofMinutes(30));
    ApiClient asUser = admin.as(userToken);
    String usersName = "mine-" + docker.runId().substring(8);
    String usersId = asUser.post("/api/deployments", """
        {"name": "%s", "image": "decommission/testapp:local", "replicas": 1,
         "ports": [{"name": "http", "containerPort": 8080}]}
        """.formatted(usersName)).text("id");
    docker.track(usersId);
    await().atMost(Duration.ofSeconds(60)).until(() -> asUser.status(usersId).equals("RUNNING"));
    // Stopped, so that the list shows two statuses side by side.
    assertThat(asUser.post("/api/deployments/" + usersId + "/stop").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(60)).until(() -> asUser.status(usersId).equals("STOPPED"));

    Path shots = Path.of("target", "dashboard").toAbsolutePath();
    Files.createDirectories(shots);
    Process browser = new ProcessBuilder("node", "dashboard.mjs", link.group(1), userToken, usersName, "dash" + docker.runId().substring(10),
        shots.toString())
        .directory(Path.of("..", "browser-tests").toFile()).redirectErrorStream(true).start();
    List<String> lines = new CopyOnWriteArrayList<>();
    List<String> created = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          lines.add(line);
          System.out.println("[dashboard.mjs] " + line);
          Matcher m = CREATED.matcher(line);
          if (m.matches()) {
            // Removed after the class whatever the page did with it.
            docker.track(m.group(1));
            created.add(m.group(1));
          }
        }
      } catch (java.io.IOException ignored) {
        // The process ended.
      }
    });
    reader.start();
    boolean ended = browser.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      browser.destroyForcibly();
    }
    reader.join(10_000);
    String out = String.join("\n", lines);
    assertThat(ended).as(out).isTrue();
    assertThat(browser.exitValue()).as(out).isZero();
    assertThat(out).doesNotContain("failed:")
        .contains("ok: the login link keeps the token in sessionStorage")
        .contains("ok: a deployment created through the API appears and turns RUNNING")
        .contains("ok: deleting with the new plan shows DELETED within a second of the event")
        .contains("ok: a docker stop by hand turns the badge STOPPED without a reload")
        .contains("ok: an illegal request shows the API's problem")
        .contains("ok: purge after typing the name, with the data volumes")
        .contains("ok: a user logs in with the form and sees only their own deployments")
        .contains("ok: no Content-Security-Policy violation");

    // What the page did is what Docker and the API say: the purge removed everything, data too.
    assertThat(created).hasSize(1);
    String id = created.get(0);
    assertThat(admin.status(id)).isEqualTo("PURGED");
    assertThat(docker.containersOf(id)).isEmpty();
    assertThat(docker.volumesOf(id)).isEmpty();
    assertThat(docker.networksOf(id)).isEmpty();
    assertThat(admin.get("/api/deployments/" + id + "/receipt").body().path("items").findValuesAsText("outcome")).doesNotContain("FAILED");
    assertThat(asUser.status(usersId)).as("the user's deployment is left as it was").isEqualTo("STOPPED");
    for (String view : List.of("deployments", "delete-plan", "plan-changed", "trash", "receipt", "admin", "narrow")) {
      assertThat(shots.resolve("dashboard-" + view + ".png")).isNotEmptyFile();
    }
  }
}
