package org.decommission.api.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.decommission.activities.DaemonThreads;
import org.decommission.activities.store.EventKind;
import org.decommission.activities.store.MetricsStore;
import org.decommission.domain.DeploymentStatus;
import org.decommission.workflow.lifecycle.FailureText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The lifecycle's metrics, read from what the pipeline records (so they are the same whichever
 * process ran the workflow, and replay counts nothing twice): every second the history rows and
 * sweeps after the newest read become counters and timers, and the gauges are read again. The
 * counters count from this process's start, as Prometheus expects.
 */
@Component
public class LifecycleMetrics implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(LifecycleMetrics.class);
  private static final int BATCH = 1000;

  private final MetricsStore store;
  private final MeterRegistry registry;
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lifecycle-metrics"));
  private final Map<DeploymentStatus, Long> byStatus = new java.util.concurrent.ConcurrentHashMap<>();
  private final MultiGauge reserved;
  private final Timer deleteDuration;
  private final Timer purgeDuration;
  private long historyId = -1;
  private long sweepId = -1;

  public LifecycleMetrics(MetricsStore store, MeterRegistry registry) {
    this.store = store;
    this.registry = registry;
    for (DeploymentStatus status : DeploymentStatus.values()) {
      Gauge.builder("decommission.deployments", byStatus, m -> m.getOrDefault(status, 0L))
          .description("deployments in each status").tag("status", status.name()).register(registry);
    }
    reserved = MultiGauge.builder("decommission.capacity.reserved").description("what each host's deployments hold").register(registry);
    deleteDuration = Timer.builder("decommission.delete.duration").description("from the delete request (DELETING) to DELETED")
        .publishPercentileHistogram().register(registry);
    purgeDuration = Timer.builder("decommission.purge.duration").description("from the purge's start (PURGING) to PURGED")
        .publishPercentileHistogram().register(registry);
    poller.scheduleWithFixedDelay(this::pollSafely, 0, 1, TimeUnit.SECONDS);
  }

  /** A forced purge was accepted (an admin's {@code ?force=true}). */
  public void forcedPurge() {
    registry.counter("decommission.purges.forced").increment();
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      log.debug("metrics not read this time: {}", e.getMessage());
    }
  }

  synchronized void poll() {
    if (historyId < 0) {
      historyId = store.lastHistoryId();
      sweepId = store.lastSweepId();
    }
    List<MetricsStore.Change> changes;
    do {
      changes = store.changes(historyId, BATCH);
      changes.forEach(this::count);
      historyId = changes.isEmpty() ? historyId : changes.get(changes.size() - 1).id();
    } while (changes.size() == BATCH);
    for (MetricsStore.Sweep sweep : store.sweeps(sweepId, BATCH)) {
      sweep.actions().forEach((kind, n) -> counter("decommission.sweep.actions", "kind", kind).increment(n));
      sweepId = sweep.id();
    }
    Map<DeploymentStatus, Long> counts = store.byStatus();
    for (DeploymentStatus status : DeploymentStatus.values()) {
      byStatus.put(status, counts.getOrDefault(status, 0L));
    }
    reserved.register(store.heldByHost().stream().flatMap(h -> java.util.stream.Stream.of(
        MultiGauge.Row.of(Tags.of("host", h.host(), "resource", "cpu_cores"), h.cpuMillis() / 1000.0),
        MultiGauge.Row.of(Tags.of("host", h.host(), "resource", "memory_mib"), h.memoryMib()),
        MultiGauge.Row.of(Tags.of("host", h.host(), "resource", "storage_gib"), h.storageGib()))).toList(), true);
  }

  /** One change, as the counters see it: the one place a history row becomes a metric. */
  private void count(MetricsStore.Change c) {
    if (c.kind() == EventKind.STUCK) {
      registry.counter("decommission.steps.stuck").increment();
      return;
    }
    DeploymentStatus to = c.to();
    if (c.from() == DeploymentStatus.CREATING && (to == DeploymentStatus.RUNNING || to == DeploymentStatus.FAILED || to == DeploymentStatus.CANCELLED)) {
      counter("decommission.deploys", "outcome", to.name().toLowerCase(java.util.Locale.ROOT)).increment();
    }
    if (to == DeploymentStatus.FAILED) {
      counter("decommission.failures", "type", FailureText.typeIn(c.reason())).increment();
    } else if (to == DeploymentStatus.DELETED) {
      registry.counter("decommission.deletes").increment();
      record(deleteDuration, c.took());
    } else if (to == DeploymentStatus.PURGED) {
      registry.counter("decommission.purges").increment();
      record(purgeDuration, c.took());
    } else if (c.from() == DeploymentStatus.DELETED && to != DeploymentStatus.PURGING) {
      registry.counter("decommission.restores").increment();
    }
  }

  private Counter counter(String name, String tag, String value) {
    return Counter.builder(name).tag(tag, value).register(registry);
  }

  private static void record(Timer timer, Duration took) {
    if (took != null && !took.isNegative()) {
      timer.record(took);
    }
  }

  @Override
  public void destroy() {
    poller.shutdownNow();
  }
}
