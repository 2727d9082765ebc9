package org.decommission.worker;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;

/**
 * Strips the sticky-execution attributes from completed workflow tasks, so the server keeps every
 * workflow task on the shared task queue. The Java SDK always asks for sticky execution; against
 * the SDK's test server, whose sticky queues never time out, a worker killed with SIGKILL would
 * otherwise strand its workflows on a queue nobody polls. A real Temporal server needs none of
 * this: leave {@code decommission.temporal.sticky-execution} on there.
 */
final class NoStickyExecution implements ClientInterceptor {
  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    ClientCall<Q, R> call = next.newCall(method, options);
    if (!method.getFullMethodName().endsWith("/RespondWorkflowTaskCompleted")) {
      return call;
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      @SuppressWarnings("unchecked")
      public void sendMessage(Q message) {
        if (message instanceof RespondWorkflowTaskCompletedRequest request && request.hasStickyAttributes()) {
          message = (Q) request.toBuilder().clearStickyAttributes().build();
        }
        super.sendMessage(message);
      }
    };
  }
}
