package org.decommission.api.system;

import java.time.Duration;
import java.util.Map;
import org.decommission.activities.Settings;
import org.decommission.worker.DecommissionProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** System endpoints, for admins only (the security configuration says so for /api/system/**). */
@RestController
@RequestMapping("/api/system")
class SystemController {
  private final Settings settings;
  private final DecommissionProperties properties;

  SystemController(Settings settings, DecommissionProperties properties) {
    this.settings = settings;
    this.properties = properties;
  }

  record SettingsView(String dataDir, String portRange, Duration retention, Duration stopGrace, Map<String, String> dockerHosts,
      String temporalTarget, String temporalNamespace, boolean worker) {}

  /** The settings in force, as this process read them. */
  @GetMapping("/settings")
  SettingsView settings() {
    return new SettingsView(
        settings.dataDir().toString(),
        settings.portLow() + "-" + settings.portHigh(),
        settings.retention(),
        settings.stopGrace(),
        properties.docker().hostsOrDefault(),
        properties.temporal().embedded() ? "in-process" : properties.temporal().target(),
        properties.temporal().namespace(),
        properties.worker().enabled());
  }
}
