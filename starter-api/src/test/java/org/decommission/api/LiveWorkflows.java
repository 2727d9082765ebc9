package org.decommission.api;

import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.decommission.domain.Naming;
import org.decommission.workflow.LifecycleView;

/**
 * When each lifecycle workflow is live: it answers the query {@code view} with its own
 * deployment's view. After a restart no worker holds a workflow in its cache, so an answer means
 * that a worker of the new program took the query as a task and replayed the workflow's history
 * to answer it. Each attempt is one raw {@code QueryWorkflow} call with a deadline of its own (not
 * the SDK's retries, whose backoff grows while the program starts); the ids are asked in turn by
 * a few threads until each has answered once.
 */
final class LiveWorkflows {
  private static final Duration ATTEMPT = Duration.ofSeconds(10);
  private static final String QUERY = "view";

  /** When each deployment's workflow first answered, in nanoseconds after {@code t0}, and what it said its status was. */
  record Answers(Map<String, Long> firstAnswer, Map<String, String> status) {}

  private final String target;
  private final String namespace;
  private final int threads;

  LiveWorkflows(String target, String namespace, int threads) {
    this.target = target;
    this.namespace = namespace;
    this.threads = threads;
  }

  /**
   * Asks every workflow until each has answered, from now on; times counted from {@code t0}
   * (the {@link System#nanoTime()} of the program's start). Waits for the engine's port first: a
   * channel that found it closed would wait out gRPC's reconnect backoff.
   *
   * @throws IllegalStateException when some have not answered within {@code timeout}
   */
  Answers await(List<String> ids, long t0, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    awaitPort(deadline);
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    Map<String, Long> first = new ConcurrentHashMap<>();
    Map<String, String> status = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>(ids);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int k = 0; k < threads; k++) {
        pool.execute(() -> {
          while (first.size() < ids.size() && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            String id = pending.poll();
            if (id == null) {
              pause(); // the last ones are being asked by other threads
              continue;
            }
            Optional<LifecycleView> view = ask(stubs, id);
            if (view.isPresent() && id.equals(view.get().deploymentId())) {
              first.put(id, System.nanoTime() - t0);
              status.put(id, String.valueOf(view.get().status()));
            } else {
              pending.add(id);
            }
          }
        });
      }
      pool.shutdown();
      pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } finally {
      pool.shutdownNow();
      stubs.shutdownNow();
    }
    if (first.size() < ids.size()) {
      throw new IllegalStateException((ids.size() - first.size()) + " of " + ids.size() + " workflows did not answer within " + timeout);
    }
    return new Answers(first, status);
  }

  /** The workflow's answer, or empty when it gave none this time (no worker yet, a deadline, a rejection). */
  private Optional<LifecycleView> ask(WorkflowServiceStubs stubs, String id) {
    QueryWorkflowRequest request = QueryWorkflowRequest.newBuilder().setNamespace(namespace)
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(Naming.workflowId(id)))
        .setQuery(WorkflowQuery.newBuilder().setQueryType(QUERY)).build();
    try {
      QueryWorkflowResponse response = stubs.blockingStub().withDeadlineAfter(ATTEMPT.toMillis(), TimeUnit.MILLISECONDS).queryWorkflow(request);
      if (response.hasQueryRejected()) {
        return Optional.empty();
      }
      return Optional.ofNullable(DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
          0, Optional.of(response.getQueryResult()), LifecycleView.class, LifecycleView.class));
    } catch (StatusRuntimeException notNow) {
      pause();
      return Optional.empty();
    }
  }

  private void awaitPort(long deadline) throws InterruptedException {
    String[] hostPort = target.split(":");
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 200);
        return;
      } catch (IOException closed) {
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("the engine did not open " + target);
  }

  /** A failed call (the engine not up yet) is not tried again at once. */
  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
