package org.decommission.workflow;

import java.time.Instant;
import java.util.List;
import org.decommission.domain.SweepPlan;

/**
 * What one reconcile sweep of a Docker host found and did. In a dry run, {@code actions} is what
 * it would have done and nothing was changed; when Docker, the database or the engine could not
 * be read, {@code error} says so and nothing was changed.
 */
public record SweepReport(
    String host,
    boolean dryRun,
    Instant startedAt,
    long durationMillis,
    int records,
    int containers,
    long ghosts,
    long drift,
    long failedExpired,
    long orphansRemoved,
    long orphanNetworksRemoved,
    long staleRoutesRemoved,
    long adopted,
    long namesFreed,
    long portsFreed,
    List<String> errors,
    List<SweepPlan.Action> actions) {}
