package org.decommission.activities.docker;

import java.util.Map;
import org.decommission.activities.PullRecords;

/** How PULL_IMAGE pulls on a host: the policy, each registry host's credentials, and where pulls report. */
public record ImageSettings(PullPolicy policy, Map<String, RegistryCredentials> registries, PullRecords records) {
  public ImageSettings {
    registries = Map.copyOf(registries);
  }

  /** Pull when missing, no credentials, nothing recorded: for Docker alone. */
  public static ImageSettings plain() {
    return new ImageSettings(PullPolicy.IF_NOT_PRESENT, Map.of(), PullRecords.NONE);
  }
}
