package org.decommission.activities.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The deliveries of each webhook subscription ({@code webhook_deliveries}): one row per event,
 * with every attempt made.
 */
public class WebhookDeliveries {
  public enum Status { PENDING, DELIVERED, FAILED }

  /** One POST: when, and the receiver's HTTP status or why no answer came. */
  public record Attempt(Instant at, Integer httpStatus, String error) {}

  public record Delivery(long eventId, String event, String deploymentId, Status status, int attempts, Integer lastHttpStatus,
      String lastError, List<Attempt> attemptLog, Instant createdAt, Instant updatedAt, Instant deliveredAt) {}

  private final Sql sql;

  public WebhookDeliveries(DataSource dataSource) {
    this.sql = new Sql(dataSource);
  }

  /**
   * Records one attempt to deliver an event: its HTTP status, or the error when none came. A 2xx
   * marks the delivery delivered; a delivered one stays delivered.
   */
  public void attempt(UUID webhookId, long eventId, String eventName, String deploymentId, Integer httpStatus, String error) {
    boolean delivered = httpStatus != null && httpStatus >= 200 && httpStatus < 300;
    String log = Json.write(List.of(new Attempt(Instant.now(), httpStatus, error)));
    sql.jdbc.update(
        "INSERT INTO webhook_deliveries (webhook_id, event_id, event_name, deployment_id, status, attempts, last_http_status, last_error,"
            + " attempt_log, delivered_at) VALUES (?, ?, ?, ?::uuid, ?, 1, ?, ?, ?::jsonb, CASE WHEN ? THEN clock_timestamp() END)"
            + " ON CONFLICT (webhook_id, event_id) DO UPDATE SET attempts = webhook_deliveries.attempts + 1,"
            + " last_http_status = excluded.last_http_status, last_error = excluded.last_error,"
            + " attempt_log = webhook_deliveries.attempt_log || excluded.attempt_log, updated_at = clock_timestamp(),"
            + " status = CASE WHEN webhook_deliveries.status = 'DELIVERED' THEN 'DELIVERED' ELSE excluded.status END,"
            + " delivered_at = coalesce(webhook_deliveries.delivered_at, excluded.delivered_at)",
        webhookId, eventId, eventName, deploymentId, (delivered ? Status.DELIVERED : Status.PENDING).name(), httpStatus, error, log,
        delivered);
  }

  /** Marks a delivery failed once its attempts are used up (made if no attempt was recorded). Idempotent. */
  public void markFailed(UUID webhookId, long eventId, String eventName, String deploymentId) {
    sql.jdbc.update(
        "INSERT INTO webhook_deliveries (webhook_id, event_id, event_name, deployment_id, status) VALUES (?, ?, ?, ?::uuid, 'FAILED')"
            + " ON CONFLICT (webhook_id, event_id) DO UPDATE SET status = 'FAILED', updated_at = clock_timestamp()"
            + " WHERE webhook_deliveries.status = 'PENDING'",
        webhookId, eventId, eventName, deploymentId);
  }

  /** A subscription's deliveries, newest event first, at most {@code limit}. */
  public List<Delivery> list(UUID webhookId, int limit) {
    return sql.jdbc.query(
        "SELECT event_id, event_name, deployment_id, status, attempts, last_http_status, last_error, attempt_log, created_at, updated_at,"
            + " delivered_at FROM webhook_deliveries WHERE webhook_id = ? ORDER BY event_id DESC LIMIT ?",
        (rs, n) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3), Status.valueOf(rs.getString(4)), rs.getInt(5),
            (Integer) rs.getObject(6), rs.getString(7),
            Json.read(rs.getString(8), new com.fasterxml.jackson.core.type.TypeReference<List<Attempt>>() {}),
            Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"), Sql.instant(rs, "delivered_at")),
        webhookId, limit);
  }
}
