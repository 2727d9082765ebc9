package org.decommission.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.decommission.domain.DeploymentStatus;
import org.decommission.domain.Operation;
import org.decommission.domain.Phase;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's table of legal requests ({@code static/js/legal.js}) says what the workflows
 * module decides: {@link Operation#allowedFrom} over the status table, deletion protection's
 * {@link DeploymentStatus#protectable()}, the admin's forced purge and the deploy phases. A change
 * of the rules without the table (or the other way round) fails here, not in front of an operator.
 */
class DashboardLegalActionsTest {
  /** The dashboard's name of each request. */
  static final Map<String, Operation> REQUESTS = Map.of(
      "start", Operation.START, "stop", Operation.STOP, "restore", Operation.RESTORE, "resume", Operation.RESUME,
      "cancel", Operation.CANCEL, "revise", Operation.UPDATE, "delete", Operation.DELETE, "purge", Operation.PURGE);

  static JsonNode table() throws IOException {
    try (InputStream in = DashboardLegalActionsTest.class.getResourceAsStream("/static/js/legal.js")) {
      String module = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new ObjectMapper().readTree(module.substring(module.indexOf('{'), module.lastIndexOf('}') + 1));
    }
  }

  static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  @Test
  void eachStatusOffersExactlyTheRequestsTheWorkflowAccepts() throws IOException {
    JsonNode byStatus = table().path("byStatus");
    assertThat(strings(byStatus.path("PURGED"))).isEmpty();
    for (DeploymentStatus status : DeploymentStatus.values()) {
      Set<String> legal = new TreeSet<>();
      REQUESTS.forEach((name, operation) -> {
        if (operation.allowedFrom(status)) {
          legal.add(name);
        }
      });
      if (status.protectable()) {
        legal.add("protection");
      }
      assertThat(new TreeSet<>(strings(byStatus.path(status.name())))).as("the requests legal in %s", status).isEqualTo(legal);
    }
    assertThat(byStatus.size()).isEqualTo(DeploymentStatus.values().length);
  }

  @Test
  void forcedPurgeProtectionAndResumePhasesAreTheWorkflowsToo() throws IOException {
    JsonNode table = table();
    List<String> forced = new ArrayList<>(Operation.FORCED_PURGE_FROM.stream().map(Enum::name).toList());
    assertThat(strings(table.path("adminForcedPurgeFrom"))).containsExactlyInAnyOrderElementsOf(forced);
    // The lifecycle workflow's validators refuse exactly these while deletion protection is on.
    assertThat(strings(table.path("refusedWhileProtected"))).containsExactlyInAnyOrder("delete", "purge");
    assertThat(strings(table.path("deployPhases"))).containsExactlyElementsOf(Phase.DEPLOY.stream().map(Enum::name).toList());
  }
}
