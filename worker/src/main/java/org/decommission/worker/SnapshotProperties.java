package org.decommission.worker;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code decommission.snapshots.*}: how long a SNAPSHOT purge's archives are kept ({@code
 * retention}, then a sweep removes them), and how much space must be free under the data dir
 * before one is written ({@code min-free}).
 */
public record SnapshotProperties(@DefaultValue("30d") Duration retention, @DefaultValue("1GB") DataSize minFree) {}
