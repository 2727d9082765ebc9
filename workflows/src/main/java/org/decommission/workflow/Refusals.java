package org.decommission.workflow;

/**
 * The texts of the workflow's refusals that callers act on. Temporal does not carry a
 * validator's failure type to the client (it arrives as the SDK's own type), so a caller tells
 * one refusal from another by its text: the text and its recognition live here, together.
 */
public final class Refusals {
  private static final String DELETION_PROTECTED = " has deletion protection on; switch it off first: PUT /api/deployments/";

  private static final String STARTING = "the deployment's workflow is starting; try again in a moment";

  private Refusals() {}

  /** Why a request is refused by a workflow that has not yet read its deployment (the moment after a create). */
  public static String starting() {
    return STARTING;
  }

  public static boolean isStarting(String message) {
    return message != null && message.contains(STARTING);
  }

  /** Why a delete or purge of a protected deployment is refused, and what to do. */
  public static String deletionProtected(String deploymentId) {
    return "deployment " + deploymentId + DELETION_PROTECTED + deploymentId + "/deletion-protection {\"enabled\": false}";
  }

  public static boolean isDeletionProtected(String message) {
    return message != null && message.contains(DELETION_PROTECTED);
  }
}
