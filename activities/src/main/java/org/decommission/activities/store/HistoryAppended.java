package org.decommission.activities.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells its listener as soon as a {@code status_history} row is committed, by whichever process:
 * one connection of the pool held for {@code LISTEN status_history} (the table's trigger notifies
 * once per transaction). When the database cannot be reached it tries again every second; a
 * listener that also polls misses nothing meanwhile.
 */
public final class HistoryAppended implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HistoryAppended.class);
  static final String CHANNEL = "status_history";
  private static final Duration WAIT = Duration.ofSeconds(1);

  private final DataSource dataSource;
  private final Runnable listener;
  private final Thread thread;
  private volatile boolean running = true;

  public HistoryAppended(DataSource dataSource, Runnable listener) {
    this.dataSource = dataSource;
    this.listener = listener;
    this.thread = new Thread(this::listen, "history-appended");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void listen() {
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications((int) WAIT.toMillis());
          if (notifications != null && notifications.length > 0) {
            listener.run();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          log.warn("cannot listen for new status_history rows ({}); the streams poll until it works again", e.getMessage());
          sleep();
        }
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
