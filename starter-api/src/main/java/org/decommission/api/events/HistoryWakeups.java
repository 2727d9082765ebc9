package org.decommission.api.events;

import javax.sql.DataSource;
import org.decommission.activities.store.HistoryAppended;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Wakes the event streams' poller when a {@code status_history} row is committed, so that an
 * event reaches the streams within milliseconds instead of up to a poll interval (250 ms) later;
 * the row may come from this process's worker or another's. {@code
 * decommission.events.listen=false} turns it off (a connection pooler in transaction mode cannot
 * hold a LISTEN): the streams then see a row at their next poll.
 */
@Component
@ConditionalOnProperty(name = "decommission.events.listen", havingValue = "true", matchIfMissing = true)
class HistoryWakeups implements DisposableBean {
  private final HistoryAppended appended;

  HistoryWakeups(DataSource dataSource, EventStreams streams) {
    this.appended = new HistoryAppended(dataSource, streams::wake);
  }

  @Override
  public void destroy() {
    appended.close();
  }
}
