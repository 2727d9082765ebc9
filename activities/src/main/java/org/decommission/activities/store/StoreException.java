package org.decommission.activities.store;

/**
 * A refusal by the store that no retry can mend, with the stable failure type it maps to
 * ({@link org.decommission.workflow.FailureTypes}). The activity adapter turns it into a
 * non-retryable {@code ApplicationFailure}; the API turns it into a problem document.
 */
public class StoreException extends RuntimeException {
  private final String type;

  public StoreException(String type, String message) {
    super(message);
    this.type = type;
  }

  public String type() {
    return type;
  }
}
