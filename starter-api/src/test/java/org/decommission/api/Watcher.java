package org.decommission.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Asks for answers over and over in the background, a round every 25 ms until closed, and keeps
 * every answer in the order they came: what a client saw while something changed under it.
 */
final class Watcher implements AutoCloseable {
  private final List<String> answers = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  Watcher(Supplier<List<String>> round) {
    thread = new Thread(() -> {
      while (running.get()) {
        answers.addAll(round.get());
        try {
          Thread.sleep(25);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    thread.start();
  }

  /** The answers so far. */
  List<String> answers() {
    synchronized (answers) {
      return List.copyOf(answers);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join();
  }
}
