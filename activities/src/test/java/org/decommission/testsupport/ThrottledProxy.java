package org.decommission.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on 127.0.0.1 that forwards to a port and slows what comes back to about {@code
 * bytesPerSecond} per connection: a slow registry for a pull longer than the heartbeat timeout.
 */
public final class ThrottledProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int target;
  private final int bytesPerSecond;
  private final AtomicBoolean open = new AtomicBoolean(true);

  public ThrottledProxy(int target, int bytesPerSecond) {
    this.target = target;
    this.bytesPerSecond = bytesPerSecond;
    try {
      server = new ServerSocket(Ports.free(), 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    daemon(this::accept, "throttled-proxy");
  }

  public int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (open.get()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        daemon(() -> copy(client, upstream, Integer.MAX_VALUE), "proxy-up");
        daemon(() -> copy(upstream, client, bytesPerSecond), "proxy-down");
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void copy(Socket from, Socket to, int rate) {
    byte[] buffer = new byte[Math.min(16 * 1024, Math.max(1024, rate / 10))];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      long start = System.nanoTime();
      long sent = 0;
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        out.flush();
        sent += n;
        long due = (long) (sent * 1e9 / rate) - (System.nanoTime() - start);
        if (due > 0) {
          Thread.sleep(due / 1_000_000, (int) (due % 1_000_000));
        }
      }
    } catch (IOException | InterruptedException done) {
      // one side closed
    } finally {
      close(from);
      close(to);
    }
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  private static void daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    open.set(false);
    server.close();
  }
}
