package org.decommission.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What a deployment holds of its host's capacity: cpu in thousandths of a core and memory in MiB
 * for all its replicas (while it has containers), storage in GiB for its volumes (until the
 * purge). Pure code.
 */
public record Reservation(long cpuMillis, long memoryMib, long storageGib) {
  public static final Reservation NONE = new Reservation(0, 0, 0);

  /** What a spec's revision holds: its replicas' cpu and memory, and its storage. */
  public static Reservation of(DeploymentSpec spec) {
    Resources r = spec.resources();
    if (r == null) {
      return NONE;
    }
    long replicas = spec.replicaCount();
    return new Reservation(
        r.cpuMillis() * replicas,
        (r.memory() == null ? 0 : r.memory()) * replicas,
        r.storage() == null ? 0 : r.storage());
  }

  /** The cpu and memory alone: what a deployment holds while it has containers. */
  public Reservation compute() {
    return new Reservation(cpuMillis, memoryMib, 0);
  }

  public Reservation plus(Reservation other) {
    return new Reservation(cpuMillis + other.cpuMillis, memoryMib + other.memoryMib, storageGib + other.storageGib);
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isEmpty() {
    return cpuMillis == 0 && memoryMib == 0 && storageGib == 0;
  }

  /** How plans and receipts name it: {@code "1.5 cpu, 768 MiB memory"}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (cpuMillis > 0) {
      parts.add(cores(cpuMillis) + " cpu");
    }
    if (memoryMib > 0) {
      parts.add(memoryMib + " MiB memory");
    }
    if (storageGib > 0) {
      parts.add(storageGib + " GiB storage");
    }
    return parts.isEmpty() ? "nothing" : String.join(", ", parts);
  }

  /** Thousandths of a core as cores: {@code 1500} → {@code "1.5"}. */
  public static String cores(long millis) {
    return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
  }
}
