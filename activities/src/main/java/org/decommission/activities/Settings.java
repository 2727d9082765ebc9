package org.decommission.activities;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The settings activities need, bound from {@code decommission.*} properties by the worker.
 *
 * @param dataDir work dirs, route files, snapshots and logs live below it
 * @param portLow first port of the host port pool
 * @param portHigh last port of the host port pool
 * @param retention soft-delete window before the purge
 * @param stopGrace SIGTERM grace before a replica is killed
 * @param publishIp the host address replicas' ports are published on ({@code
 *     decommission.ports.host-ip})
 */
public record Settings(Path dataDir, int portLow, int portHigh, Duration retention, Duration stopGrace, String publishIp) {
  /** Replicas' ports published on the loopback address, where only this machine reaches them. */
  public static final String LOOPBACK = "127.0.0.1";

  public Settings(Path dataDir, int portLow, int portHigh, Duration retention, Duration stopGrace) {
    this(dataDir, portLow, portHigh, retention, stopGrace, LOOPBACK);
  }

  /**
   * Where this machine reaches a published port: the publish address, or the loopback address
   * when ports are published on every address.
   */
  public String reachableIp() {
    return publishIp.equals("0.0.0.0") || publishIp.equals("::") ? LOOPBACK : publishIp;
  }

  public Settings {
    if (publishIp == null || publishIp.isBlank() || !publishIp.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      throw new IllegalArgumentException("decommission.ports.host-ip must be an IP address such as 127.0.0.1, got " + publishIp);
    }
    if (portLow < 1024 || portHigh > 65535 || portLow > portHigh) {
      throw new IllegalArgumentException(
          "decommission.ports.range must be LOW-HIGH within 1024-65535, got " + portLow + "-" + portHigh);
    }
    if (retention.isNegative()) {
      throw new IllegalArgumentException("decommission.delete.retention must not be negative");
    }
    if (stopGrace.isNegative() || stopGrace.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("decommission.delete.stop-grace must be between 0s and 10m");
    }
  }
}
