package org.decommission.activities.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.decommission.activities.DaemonThreads;
import org.decommission.activities.Heartbeats;

/**
 * The thread pool that runs one host's Docker calls side by side (a graceful stop of many
 * replicas must not run serially). {@link DockerActivitiesImpl} owns it and closes it when the
 * worker closes the activities.
 */
final class Parallel implements AutoCloseable {
  /** Replicas are at most 100 per deployment; Docker calls run at most this many at once. */
  static final int MAX_PARALLEL = 64;

  private final ExecutorService pool;

  Parallel(String hostId) {
    // Enough threads to stop or remove every replica at once (the CLI does the same); idle
    // threads end after a minute.
    this.pool = DaemonThreads.bounded("docker-" + hostId, MAX_PARALLEL);
  }

  /**
   * Applies {@code work} to every item on the pool, heartbeating every second while waiting, so
   * a long graceful stop of many replicas neither runs serially nor looks like a dead worker.
   * It returns only when every task has ended, also when one failed: an activity that reports a
   * failure must leave nothing still running behind it (a container created after the cleanup).
   * The first failure is then rethrown.
   */
  <T, R> List<R> map(List<T> items, Function<T, R> work) {
    List<Future<R>> futures = new ArrayList<>();
    for (T item : items) {
      futures.add(pool.submit(() -> work.apply(item)));
    }
    List<R> results = new ArrayList<>();
    RuntimeException first = null;
    for (int i = 0; i < futures.size(); i++) {
      try {
        results.add(awaitWithHeartbeats(futures.get(i), i, futures.size()));
      } catch (ExecutionException e) {
        if (first == null) {
          first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      } catch (RuntimeException e) {
        // A cancellation arriving with a heartbeat: let the tasks finish, then pass it on.
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
    return results;
  }

  private static <R> R awaitWithHeartbeats(Future<R> future, int done, int total) throws ExecutionException {
    while (true) {
      try {
        return future.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException stillWorking) {
        try {
          Heartbeats.beat(done + " of " + total + " done");
        } catch (RuntimeException cancelled) {
          waitQuietly(future);
          throw cancelled;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static void waitQuietly(Future<?> future) {
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException ignored) {
      // Reported by the caller's own wait.
    }
  }

  /**
   * Lets the tasks under way finish (the worker has stopped handing out activities by now), for
   * at most ten seconds, then interrupts what is left. Calling it twice is the same as once.
   */
  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
