package org.decommission.workflow;

/**
 * The stable type strings of the {@code ApplicationFailure}s that cross the activity and update
 * boundaries. The API maps them to HTTP statuses; the retry policies name the non-retryable ones.
 */
public final class FailureTypes {
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String IMAGE_NOT_FOUND = "ImageNotFound";
  public static final String ILLEGAL_TRANSITION = "IllegalTransition";
  public static final String PORTS_EXHAUSTED = "PortPoolExhausted";
  public static final String DEPLOYMENT_NOT_FOUND = "DeploymentNotFound";
  public static final String NAME_TAKEN = "NameTaken";
  public static final String DELETION_PROTECTED = "DeletionProtected";
  public static final String ROUTE_HOST_TAKEN = "RouteHostTaken";
  public static final String UNKNOWN_HOST = "UnknownDockerHost";
  public static final String HEALTH_CHECK_FAILED = "HealthCheckFailed";
  public static final String NAME_CONFLICT = "NameConflict";
  public static final String VOLUME_MISSING = "VolumeMissing";
  public static final String CONTAINER_START_FAILED = "ContainerStartFailed";
  public static final String NETWORK_POOL_EXHAUSTED = "NetworkPoolExhausted";
  public static final String CAPACITY_EXCEEDED = "CapacityExceeded";
  public static final String REGISTRY_AUTH_FAILED = "RegistryAuthFailed";
  /** The reverse proxy refused a route change (Caddy answered 4xx): retrying the same request cannot help. */
  public static final String ROUTE_REJECTED = "RouteRejected";
  /** The reverse proxy's admin API did not answer; retried. */
  public static final String ROUTE_PROXY_UNREACHABLE = "RouteProxyUnreachable";
  /** The reverse proxy answered but could not apply the change (Caddy answered 5xx); retried. */
  public static final String ROUTE_PROXY_FAILED = "RouteProxyFailed";
  /** A webhook's receiver answered with a status that is not 2xx; retried up to the budget. */
  public static final String WEBHOOK_REFUSED = "WebhookRefused";
  /** A webhook's receiver did not answer (no connection, a timeout); retried up to the budget. */
  public static final String WEBHOOK_UNREACHABLE = "WebhookUnreachable";

  /** Failures that no retry can mend: the workflow fails fast on them. */
  static final String[] NON_RETRYABLE = {
    INVALID_SPEC, IMAGE_NOT_FOUND, ILLEGAL_TRANSITION, PORTS_EXHAUSTED, DEPLOYMENT_NOT_FOUND, NAME_TAKEN, UNKNOWN_HOST,
    HEALTH_CHECK_FAILED, NAME_CONFLICT, VOLUME_MISSING, CONTAINER_START_FAILED, DELETION_PROTECTED,
    ROUTE_HOST_TAKEN, NETWORK_POOL_EXHAUSTED, CAPACITY_EXCEEDED, REGISTRY_AUTH_FAILED, ROUTE_REJECTED
  };

  private FailureTypes() {}
}
