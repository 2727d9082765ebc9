package org.decommission.domain;

/**
 * What one replica may use, as container limits: {@code cpu} in cores, {@code memory} in MiB,
 * {@code pids} processes; and {@code storage}, the GiB the deployment's volumes are counted for
 * against the host's capacity (accounted, not enforced: the local volume driver cannot cap a
 * volume). A field not given is taken from the installation's defaults when the spec is stored.
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = false)
public record Resources(Double cpu, Integer memory, Integer pids, Integer storage) {

  /** These resources, each field not given taken from {@code defaults}. */
  public Resources orElse(Resources defaults) {
    if (defaults == null) {
      return this;
    }
    return new Resources(
        cpu != null ? cpu : defaults.cpu(),
        memory != null ? memory : defaults.memory(),
        pids != null ? pids : defaults.pids(),
        storage != null ? storage : defaults.storage());
  }

  /** The cpu limit in thousandths of a core, as capacity counts it (0 when not given). */
  public long cpuMillis() {
    return cpu == null ? 0 : Math.round(cpu * 1000);
  }
}
