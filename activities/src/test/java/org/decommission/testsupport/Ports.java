package org.decommission.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports for servers a test starts. They come from a range below the kernel's ephemeral
 * range (32768–60999), so no outgoing connection or {@code bind(0)} elsewhere (the embedded
 * PostgreSQL picks its port that way) can take one between the test choosing it and the server
 * binding it; and no port is handed out twice in one JVM. The deployments' port pools in the tests
 * lie in 27000–31999.
 */
public final class Ports {
  static final int FIRST = 26_000;
  static final int LAST = 26_999;
  private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

  private Ports() {}

  public static int free() {
    return free(FIRST, LAST);
  }

  /** A free port of a range a test keeps to itself (below the ephemeral range too). */
  public static int free(int first, int last) {
    for (int tries = 0; tries < 200; tries++) {
      int port = ThreadLocalRandom.current().nextInt(first, last + 1);
      if (!handedOut.contains(port) && bindable(port) && handedOut.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port in " + first + "-" + last);
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
