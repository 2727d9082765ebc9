package org.decommission.worker;

import com.google.protobuf.ByteString;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import java.util.HashSet;
import java.util.Set;
import org.decommission.domain.Naming;
import org.decommission.workflow.DeploymentLifecycleWorkflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which deployments have a running lifecycle workflow, asked of the engine's visibility store
 * with one query ({@code WorkflowType = 'DeploymentLifecycleWorkflow' AND ExecutionStatus =
 * 'Running'}, a page per thousand). An engine without visibility queries (the SDK's test server)
 * is asked for its open executions of that type instead.
 */
final class RunningWorkflows {
  private static final Logger log = LoggerFactory.getLogger(RunningWorkflows.class);
  static final String QUERY = "WorkflowType = '" + DeploymentLifecycleWorkflow.class.getSimpleName() + "' AND ExecutionStatus = 'Running'";

  private final WorkflowClient client;
  private volatile boolean visibility = true;

  RunningWorkflows(WorkflowClient client) {
    this.client = client;
  }

  Set<String> deploymentIds() {
    if (visibility) {
      try {
        Set<String> ids = new HashSet<>();
        client.listExecutions(QUERY).forEach(execution -> add(ids, execution.getExecution().getWorkflowId()));
        return ids;
      } catch (RuntimeException e) {
        if (!EngineFeatures.unimplemented(e)) {
          throw e;
        }
        visibility = false;
        log.info("the Temporal engine has no visibility queries: running workflows are found by listing the open ones");
      }
    }
    return byListingOpen();
  }

  private Set<String> byListingOpen() {
    Set<String> ids = new HashSet<>();
    ByteString page = ByteString.EMPTY;
    do {
      var request = ListOpenWorkflowExecutionsRequest.newBuilder()
          .setNamespace(client.getOptions().getNamespace())
          .setMaximumPageSize(1000)
          .setNextPageToken(page)
          .setTypeFilter(WorkflowTypeFilter.newBuilder().setName(DeploymentLifecycleWorkflow.class.getSimpleName()))
          .build();
      var response = client.getWorkflowServiceStubs().blockingStub().listOpenWorkflowExecutions(request);
      response.getExecutionsList().forEach(execution -> add(ids, execution.getExecution().getWorkflowId()));
      page = response.getNextPageToken();
    } while (!page.isEmpty());
    return ids;
  }

  private static void add(Set<String> ids, String workflowId) {
    String prefix = Naming.workflowId("");
    if (workflowId.startsWith(prefix)) {
      ids.add(workflowId.substring(prefix.length()));
    }
  }
}
