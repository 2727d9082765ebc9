package org.decommission.activities.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.RowMapper;

/**
 * The webhook subscriptions ({@code webhooks}). A deleted one keeps its row, so its deliveries
 * stay readable, and loses its secret; only active ones are found.
 */
public class WebhookStore {
  private static final String COLUMNS = "id, owner, all_owners, url, events, last_event_id, created_at";
  private static final RowMapper<Webhook> WEBHOOK = (rs, n) -> new Webhook(
      rs.getString("id"), rs.getString("owner"), rs.getBoolean("all_owners"), rs.getString("url"),
      Json.read(rs.getString("events"), new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {}),
      rs.getLong("last_event_id"), Sql.instant(rs, "created_at"));

  private final Sql sql;

  public WebhookStore(DataSource dataSource) {
    this.sql = new Sql(dataSource);
  }

  /** Where an active subscription's events go, and the secret they are signed with. */
  public record Target(String url, String secret) {}

  /**
   * Stores a subscription that gets the events appended from now on (its cursor is the newest
   * history row); empty when its owner already has {@code maxPerOwner} active ones. Counted and
   * written under a lock per owner, so two creates at once cannot pass the limit.
   */
  public Optional<Webhook> create(String owner, boolean allOwners, String url, String secret, List<String> events, int maxPerOwner) {
    return sql.tx.execute(s -> {
      sql.jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtext(?))::text", String.class, "webhooks:" + owner);
      Integer active = sql.jdbc.queryForObject(
          "SELECT count(*) FROM webhooks WHERE owner = ? AND deleted_at IS NULL", Integer.class, owner);
      if (active != null && active >= maxPerOwner) {
        return Optional.<Webhook>empty();
      }
      UUID id = UUID.randomUUID();
      sql.jdbc.update("INSERT INTO webhooks (id, owner, all_owners, url, secret, events, last_event_id)"
              + " VALUES (?, ?, ?, ?, ?, ?::jsonb, (SELECT coalesce(max(id), 0) FROM status_history))",
          id, owner, allOwners, url, secret, Json.write(events));
      return find(id);
    });
  }

  /** An active subscription. */
  public Optional<Webhook> find(UUID id) {
    return sql.jdbc.query("SELECT " + COLUMNS + " FROM webhooks WHERE id = ? AND deleted_at IS NULL", WEBHOOK, id).stream().findFirst();
  }

  /** The active subscriptions of {@code owner} (everyone's when null), oldest first. */
  public List<Webhook> active(String owner) {
    return sql.jdbc.query("SELECT " + COLUMNS + " FROM webhooks WHERE deleted_at IS NULL AND (?::text IS NULL OR owner = ?)"
        + " ORDER BY created_at, id", WEBHOOK, owner, owner);
  }

  /** The URL and secret of an active subscription. */
  public Optional<Target> target(UUID id) {
    return sql.jdbc.query("SELECT url, secret FROM webhooks WHERE id = ? AND deleted_at IS NULL",
        (rs, n) -> new Target(rs.getString(1), rs.getString(2)), id).stream().findFirst();
  }

  /** Records that its workflow has handled the rows up to {@code eventId}; the cursor never moves back. */
  public void advance(UUID id, long eventId) {
    sql.jdbc.update("UPDATE webhooks SET last_event_id = greatest(last_event_id, ?) WHERE id = ?", eventId, id);
  }

  /** Deletes an active subscription (its secret is forgotten); false when there was none. */
  public boolean delete(UUID id) {
    return sql.jdbc.update("UPDATE webhooks SET deleted_at = now(), secret = '' WHERE id = ? AND deleted_at IS NULL", id) == 1;
  }
}
