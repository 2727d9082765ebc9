package org.decommission.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.decommission.domain.Naming;
import org.decommission.worker.LifecycleClient;
import org.decommission.worker.PurgeBackstop;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The purge backstop on the dev server: a deleted deployment past its purge time whose workflow
 * is gone (terminated here; on a real host, an engine database lost) is found by the schedule's
 * next pass and purged. The reconcile sweep, which would adopt it too, runs only hourly here.
 */
class PurgeBackstopIT extends AllInOneContext {
  @Autowired LifecycleClient lifecycle;
  @Autowired DataSource dataSource;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("decommission.ports.range", () -> "24200-24299");
    registry.add("decommission.delete.backstop-interval", () -> "1s");
    registry.add("decommission.reconcile.interval", () -> "1h");
  }

  @Test
  void aDeletedDeploymentPastItsPurgeTimeWithNoWorkflowIsPurgedByTheBackstop() throws Exception {
    ApiClient api = admin();
    var schedules = ScheduleClient.newInstance(lifecycle.workflowClient().getWorkflowServiceStubs(),
        ScheduleClientOptions.newBuilder().setNamespace("default").build());
    var described = schedules.getHandle(PurgeBackstop.ID).describe();
    assertThat(described.getSchedule().getPolicy().getOverlap()).isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);

    String id = api.post("/api/deployments", "{\"name\": \"backstop-" + docker.runId().substring(8) + "\", \"image\": \"decommission/absent:never\"}")
        .text("id");
    docker.track(id);
    await().atMost(Duration.ofSeconds(30)).until(() -> api.status(id).equals("FAILED"));
    assertThat(api.delete("/api/deployments/" + id).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> api.status(id).equals("DELETED"));

    lifecycle.workflowClient().newUntypedWorkflowStub(Naming.workflowId(id)).terminate("test: the workflow is lost");
    await().atMost(Duration.ofSeconds(10)).until(() -> !lifecycle.runningDeploymentIds().contains(id));
    new JdbcTemplate(dataSource).update("UPDATE deployments SET purge_after = now() - interval '1 minute' WHERE id = ?", UUID.fromString(id));

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> api.status(id).equals("PURGED"));
    assertThat(api.get("/api/deployments/" + id + "/receipt").status()).isEqualTo(200);
    assertThat(schedules.getHandle(PurgeBackstop.ID).describe().getInfo().getNumActions()).isGreaterThanOrEqualTo(1);
  }
}
