package org.decommission.api.system;

import java.util.List;
import java.util.Map;
import org.decommission.activities.store.CapacityLedger;
import org.decommission.domain.HostCapacity;
import org.decommission.domain.Reservation;
import org.decommission.worker.DecommissionProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Each Docker host's capacity, what its deployments hold and what is free (admins only, as all of /api/system). */
@RestController
@RequestMapping("/api/system")
class CapacityController {
  private final CapacityLedger ledger;
  private final DecommissionProperties properties;

  CapacityController(CapacityLedger ledger, DecommissionProperties properties) {
    this.ledger = ledger;
    this.properties = properties;
  }

  /** Cpu in cores, memory in MiB, storage in GiB; null where the host's capacity is not limited. */
  record Amounts(Double cpu, Long memory, Long storage) {
    static Amounts of(HostCapacity c) {
      return new Amounts(c.cpuMillis() == null ? null : c.cpuMillis() / 1000.0, c.memoryMib(), c.storageGib());
    }

    static Amounts of(Reservation r) {
      return new Amounts(r.cpuMillis() / 1000.0, r.memoryMib(), r.storageGib());
    }
  }

  record HostView(String host, Amounts capacity, Amounts used, Amounts free) {}

  record CapacityView(List<HostView> hosts) {}

  @GetMapping("/capacity")
  CapacityView capacity() {
    Map<String, Reservation> held = ledger.byHost();
    List<HostView> hosts = properties.docker().hostsOrDefault().keySet().stream().map(host -> {
      HostCapacity capacity = properties.capacity().of(host);
      Reservation used = held.getOrDefault(host, Reservation.NONE);
      return new HostView(host, Amounts.of(capacity), Amounts.of(used), Amounts.of(capacity.free(used)));
    }).toList();
    return new CapacityView(hosts);
  }
}
