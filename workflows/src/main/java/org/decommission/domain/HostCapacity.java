package org.decommission.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one Docker host may hand out to deployments: cpu in thousandths of a core, memory in MiB,
 * storage in GiB; null for a resource that is not limited. Pure code.
 */
public record HostCapacity(Long cpuMillis, Long memoryMib, Long storageGib) {
  public static final HostCapacity UNLIMITED = new HostCapacity(null, null, null);

  /**
   * What is short when {@code wanted} is added to what the host's deployments hold already
   * ({@code held}); empty when it fits. The text names each resource that does not fit.
   */
  public Optional<String> shortfall(String host, Reservation held, Reservation wanted) {
    List<String> short_ = new ArrayList<>();
    check(short_, "cpu", cpuMillis, held.cpuMillis(), wanted.cpuMillis(), Reservation::cores, "");
    check(short_, "memory", memoryMib, held.memoryMib(), wanted.memoryMib(), Long::toString, " MiB");
    check(short_, "storage", storageGib, held.storageGib(), wanted.storageGib(), Long::toString, " GiB");
    if (short_.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("host " + host + " has too little free capacity: " + String.join("; ", short_)
        + ". Delete or purge deployments on it, ask for less (resources), or raise decommission.capacity");
  }

  private static void check(List<String> out, String what, Long capacity, long held, long wanted,
      java.util.function.LongFunction<String> format, String unit) {
    if (capacity == null || wanted == 0 || held + wanted <= capacity) {
      return;
    }
    out.add(what + " " + format.apply(Math.max(0, capacity - held)) + unit + " free of " + format.apply(capacity) + unit
        + ", " + format.apply(wanted) + unit + " needed");
  }

  /** What is left when {@code held} is taken; null for a resource that is not limited. */
  public HostCapacity free(Reservation held) {
    return new HostCapacity(
        cpuMillis == null ? null : cpuMillis - held.cpuMillis(),
        memoryMib == null ? null : memoryMib - held.memoryMib(),
        storageGib == null ? null : storageGib - held.storageGib());
  }
}
