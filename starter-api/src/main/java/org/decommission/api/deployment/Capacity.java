package org.decommission.api.deployment;

import java.util.UUID;
import org.decommission.activities.store.CapacityLedger;
import org.decommission.activities.store.StoreException;
import org.decommission.api.ApiException;
import org.decommission.domain.DeploymentRecord;
import org.decommission.domain.HostCapacity;
import org.decommission.domain.Reservation;
import org.decommission.worker.DecommissionProperties;
import org.springframework.stereotype.Component;

/**
 * The hosts' capacity as the API meets it: each host's limits from the configuration, and the
 * reservation a start or resume makes before its request reaches the workflow (a refusal answers
 * 409 at once). Create and revision reserve in the transaction that stores them.
 */
@Component
class Capacity {
  private final CapacityLedger ledger;
  private final DecommissionProperties.Capacity config;

  Capacity(CapacityLedger ledger, DecommissionProperties properties) {
    this.ledger = ledger;
    this.config = properties.capacity();
  }

  HostCapacity of(String host) {
    return config.of(host);
  }

  /**
   * Reserves again the cpu and memory of a deployment that is to be started or resumed (a failed,
   * cancelled or missing one holds none). Returns what undoes it if the request is then refused.
   *
   * @throws ApiException 409 when its host has too little free capacity
   */
  Runnable reserveToStart(DeploymentRecord record) {
    UUID id = UUID.fromString(record.id());
    boolean raised = reserving(() -> ledger.reserve(id, record.revision(), record.host(), Reservation.of(record.spec()), of(record.host())));
    return raised ? () -> ledger.releaseCompute(id) : () -> {};
  }

  /** Runs a reservation; a host too full for it answers 409 with what is short. */
  static <T> T reserving(java.util.function.Supplier<T> reservation) {
    try {
      return reservation.get();
    } catch (StoreException e) {
      if (org.decommission.workflow.FailureTypes.CAPACITY_EXCEEDED.equals(e.type())) {
        throw ApiException.conflict("Capacity exceeded", e.getMessage());
      }
      throw e;
    }
  }
}
