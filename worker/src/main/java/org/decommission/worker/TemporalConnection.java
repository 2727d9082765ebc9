package org.decommission.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.List;
import org.decommission.workflow.DeploymentSearchAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to the Temporal engine: an external frontend, or an engine of the program's own
 * on a loopback port: the Temporal CLI's dev server ({@link DevServer}), or the SDK's test server
 * in this process ({@link EmbeddedEngine}).
 */
public final class TemporalConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TemporalConnection.class);

  private final AutoCloseable engine;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final String target;
  private final boolean searchAttributes;

  /** @param dataDir where the dev server keeps its database */
  public TemporalConnection(DecommissionProperties.Temporal settings, java.nio.file.Path dataDir) {
    this(settings, dataDir, null);
  }

  /**
   * @param metrics where the SDK's own client and worker metrics go (the {@code temporal_}
   *     series, through its Micrometer reporter); none when null
   */
  public TemporalConnection(DecommissionProperties.Temporal settings, java.nio.file.Path dataDir, io.micrometer.core.instrument.MeterRegistry metrics) {
    if (settings.devServer()) {
      engine = DevServer.start(dataDir, settings);
      target = "127.0.0.1:" + settings.embeddedPort();
    } else if (settings.ownEngine()) {
      engine = new EmbeddedEngine(settings.embeddedPort());
      target = "127.0.0.1:" + settings.embeddedPort();
      log.warn("the SDK's in-process TEST SERVER is the engine on {} (decommission.temporal.embedded=test-server): no Temporal UI,"
          + " no schedules, and nothing survives a restart (adoption from the database restarts the workflows)", target);
    } else {
      engine = null;
      target = settings.target();
    }
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setTarget(target);
    if (!settings.stickyExecution()) {
      options.setGrpcClientInterceptors(List.of(new NoStickyExecution()));
    }
    if (metrics != null) {
      options.setMetricsScope(new com.uber.m3.tally.RootScopeBuilder()
          .reporter(new io.temporal.common.reporter.MicrometerClientStatsReporter(metrics))
          .reportEvery(com.uber.m3.util.Duration.ofSeconds(5)));
    }
    stubs = WorkflowServiceStubs.newServiceStubs(options.build());
    client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(settings.namespace()).build());
    log.info("connected to Temporal at {} (namespace {})", target, settings.namespace());
    searchAttributes = registerSearchAttributes(settings.namespace());
  }

  /**
   * Registers {@link DeploymentSearchAttributes} (keywords) with the server; ones it has already
   * are fine. Where the server refuses (no operator rights), the workflows run without them
   * rather than fail on their first upsert.
   */
  private boolean registerSearchAttributes(String namespace) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder().setChannel(stubs.getRawChannel()).validateAndBuildWithDefaults());
    try {
      AddSearchAttributesRequest.Builder request = AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
      for (SearchAttributeKey<String> key : DeploymentSearchAttributes.ALL) {
        request.putSearchAttributes(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      }
      operator.blockingStub().addSearchAttributes(request.build());
      log.info("search attributes {} registered", DeploymentSearchAttributes.ALL.stream().map(SearchAttributeKey::getName).toList());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS
          || String.valueOf(e.getStatus().getDescription()).toLowerCase(java.util.Locale.ROOT).contains("already")) {
        return true;
      }
      log.warn("the search attributes {} could not be registered ({}); workflows run without them. Register them as keywords"
          + " (temporal operator search-attribute create) and restart to see them in the Temporal UI.",
          DeploymentSearchAttributes.ALL.stream().map(SearchAttributeKey::getName).toList(), e.getStatus());
      return false;
    } finally {
      operator.shutdown();
    }
  }

  /** Whether the workflows may keep their search attributes current. */
  public boolean searchAttributes() {
    return searchAttributes;
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
    if (engine != null) {
      try {
        engine.close();
      } catch (Exception e) {
        log.warn("the Temporal engine did not stop cleanly: {}", e.getMessage());
      }
    }
  }
}
