package org.decommission.workflow;

import io.temporal.activity.ActivityInterface;
import java.util.List;
import org.decommission.domain.DeploymentSpec;

/**
 * Health probing of HEALTH_CHECK: plain HTTP and TCP against the replicas' published ports, not
 * Docker. Runs on the deployment's host queue, since the ports are published on that host.
 */
@ActivityInterface
public interface HealthActivities {

  /**
   * Waits until every replica answers its health check (HTTP 2xx/3xx, or a TCP connect) on
   * 127.0.0.1 at its host port, heartbeating while it waits. Idempotent: it only reads.
   *
   * @throws io.temporal.failure.ApplicationFailure {@code HealthCheckFailed} after the timeout
   */
  void awaitHealthy(HealthProbe probe);

  /** What HEALTH_CHECK probes. */
  record HealthProbe(String deploymentId, DeploymentSpec.HealthCheckType type, List<Integer> hostPorts, String path, int timeoutSeconds) {}
}
