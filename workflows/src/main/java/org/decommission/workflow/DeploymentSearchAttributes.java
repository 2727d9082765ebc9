package org.decommission.workflow;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * The search attributes of a deployment's workflow, so the Temporal UI lists deployments by id,
 * status, phase and host. The one place their names and types are written; the worker registers
 * them with the server at start.
 */
public final class DeploymentSearchAttributes {
  public static final SearchAttributeKey<String> DEPLOYMENT_ID = SearchAttributeKey.forKeyword("DeploymentId");
  public static final SearchAttributeKey<String> STATUS = SearchAttributeKey.forKeyword("DeploymentStatus");
  public static final SearchAttributeKey<String> PHASE = SearchAttributeKey.forKeyword("DeploymentPhase");
  public static final SearchAttributeKey<String> HOST = SearchAttributeKey.forKeyword("DockerHost");

  /** All of them: each is a keyword. */
  public static final List<SearchAttributeKey<String>> ALL = List.of(DEPLOYMENT_ID, STATUS, PHASE, HOST);

  private DeploymentSearchAttributes() {}
}
