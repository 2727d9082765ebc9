package org.decommission.worker;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to the Temporal engine: an external frontend, or the SDK's test server started in
 * this process on a port (time skipping locked off, so timers take real time).
 */
public final class TemporalConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TemporalConnection.class);

  private final TestServer.PortBoundTestServer embedded;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final String target;

  public TemporalConnection(DecommissionProperties.Temporal settings) {
    if (settings.embedded()) {
      embedded = TestServer.createPortBoundServer(settings.embeddedPort(), true);
      target = "127.0.0.1:" + settings.embeddedPort();
      log.info("in-process Temporal engine listening on {}", target);
    } else {
      embedded = null;
      target = settings.target();
    }
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setTarget(target);
    if (!settings.stickyExecution()) {
      options.setGrpcClientInterceptors(List.of(new NoStickyExecution()));
    }
    stubs = WorkflowServiceStubs.newServiceStubs(options.build());
    client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(settings.namespace()).build());
    log.info("connected to Temporal at {} (namespace {})", target, settings.namespace());
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public String target() {
    return target;
  }

  @Override
  public void close() {
    stubs.shutdownNow();
    if (embedded != null) {
      embedded.close();
    }
  }
}
