package org.decommission.activities;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The program's own background threads: daemons (they never hold the JVM up at exit), named for the thread dumps. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Daemon threads, each called {@code name}. */
  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** At most {@code threads} at once, the rest queued; a thread idle for a minute ends. */
  public static ExecutorService bounded(String name, int threads) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), named(name));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
