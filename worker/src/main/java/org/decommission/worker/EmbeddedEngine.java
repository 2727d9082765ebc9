package org.decommission.worker;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The SDK's test server as the all-in-one's engine, listening on the loopback address only: a
 * tenant's container (or anyone on the network) must not reach an engine without auth, where an
 * update to any deployment's workflow, or a workflow of its own on our task queues, is one call
 * away. Time skipping is locked off, so timers take real time.
 */
final class EmbeddedEngine implements AutoCloseable {
  private final TestServicesStarter services;
  private final Server server;

  EmbeddedEngine(int port) {
    services = new TestServicesStarter(true, 0);
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    try {
      server = builder.build().start();
    } catch (IOException e) {
      services.close();
      throw new UncheckedIOException("the in-process Temporal engine cannot listen on 127.0.0.1:" + port
          + " (" + e.getMessage() + "); free the port or set decommission.temporal.embedded-port", e);
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
    services.close();
  }
}
