package org.decommission.api;

import java.util.UUID;
import org.springframework.http.HttpStatus;

/** Parses ids from paths and headers into 400 problems when they are malformed. */
public final class Ids {
  private Ids() {}

  public static UUID deploymentId(String id) {
    return uuid(id, "deployment");
  }

  public static UUID webhookId(String id) {
    return uuid(id, "webhook");
  }

  private static UUID uuid(String id, String what) {
    try {
      UUID uuid = UUID.fromString(id);
      if (!uuid.toString().equalsIgnoreCase(id)) {
        throw new IllegalArgumentException();
      }
      return uuid;
    } catch (IllegalArgumentException e) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "Bad " + what + " id", "'" + id + "' is not a UUID");
    }
  }

  /** A {@code Last-Event-ID}: the id of the last event received, a non-negative number. */
  public static long lastEventId(String value) {
    try {
      long id = Long.parseLong(value.trim());
      if (id < 0) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "Bad Last-Event-ID", "'" + value + "' is not an event id (a number)");
    }
  }
}
