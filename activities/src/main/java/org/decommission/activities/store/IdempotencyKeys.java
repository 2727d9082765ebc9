package org.decommission.activities.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The first answers to requests made with an {@code Idempotency-Key}, per user. */
public class IdempotencyKeys {
  /** A stored answer; {@code status} 0 means the first request is still being answered. */
  public record Answer(String request, int status, String contentType, String body) {}

  private final JdbcTemplate jdbc;

  public IdempotencyKeys(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  /**
   * Claims the key for this request; false when it was claimed before, within {@code ttl} (see
   * {@link #find}). The owner's answers older than {@code ttl} are forgotten first, so keys do
   * not pile up and an old key may serve again.
   */
  public boolean claim(String owner, String key, String request, Duration ttl) {
    jdbc.update("DELETE FROM idempotency_keys WHERE owner = ? AND created_at < now() - make_interval(secs => ?)",
        owner, ttl.toMillis() / 1000.0);
    return jdbc.update(
        "INSERT INTO idempotency_keys (owner, key, request) VALUES (?, ?, ?) ON CONFLICT (owner, key) DO NOTHING",
        owner, key, request) == 1;
  }

  public Optional<Answer> find(String owner, String key) {
    List<Answer> rows = jdbc.query(
        "SELECT request, status, content_type, body FROM idempotency_keys WHERE owner = ? AND key = ?",
        (rs, n) -> new Answer(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4)), owner, key);
    return rows.stream().findFirst();
  }

  public void complete(String owner, String key, int status, String contentType, String body) {
    jdbc.update("UPDATE idempotency_keys SET status = ?, content_type = ?, body = ? WHERE owner = ? AND key = ?",
        status, contentType, body, owner, key);
  }

  /** Forgets a key whose first request failed on our side, so that a retry may succeed. */
  public void release(String owner, String key) {
    jdbc.update("DELETE FROM idempotency_keys WHERE owner = ? AND key = ? AND status = 0", owner, key);
  }
}
