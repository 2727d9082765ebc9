package org.decommission.activities.store;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;

/**
 * Whether something outside Decommission already holds a host port, so that ALLOCATE_PORTS skips
 * it instead of handing it to a replica that then cannot bind.
 */
@FunctionalInterface
public interface PortProbe {
  /** Never busy: for hosts this process cannot probe. */
  PortProbe NONE = (host, port) -> false;

  boolean busy(String host, int port);

  /**
   * Probes by binding the port on every address, for the Docker hosts that run on this machine
   * (a local socket); a port is busy when the bind fails. Other hosts are not probed.
   */
  static PortProbe localBind(Set<String> localHosts) {
    return (host, port) -> {
      if (!localHosts.contains(host)) {
        return false;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(port));
        return false;
      } catch (IOException taken) {
        return true;
      }
    };
  }
}
