package org.decommission.activities;

import io.temporal.failure.ApplicationFailure;
import java.util.UUID;
import java.util.function.Supplier;
import org.decommission.activities.store.StoreException;
import org.decommission.workflow.FailureTypes;

/** Turns the activities' typed refusals into non-retryable {@code ApplicationFailure}s. */
public final class Failures {
  private Failures() {}

  public static ApplicationFailure nonRetryable(String type, String message) {
    return ApplicationFailure.newNonRetryableFailure(message, type);
  }

  /** Runs a store call, translating a {@link StoreException} to its failure type. */
  public static <T> T store(Supplier<T> call) {
    try {
      return call.get();
    } catch (StoreException e) {
      throw nonRetryable(e.type(), e.getMessage());
    }
  }

  /** Parses a deployment id; a malformed one can never succeed, so it is not retried. */
  public static UUID deploymentId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw nonRetryable(FailureTypes.INVALID_SPEC, "not a deployment id: " + id);
    }
  }
}
