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
 */
public record Settings(Path dataDir, int portLow, int portHigh, Duration retention, Duration stopGrace) {
  public Settings {
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
