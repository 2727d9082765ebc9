package org.decommission.activities.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotsTest {
  @TempDir Path dataDir;

  @Test
  void archivesAreListedFoundAndExpiredByTheirAge() throws Exception {
    Snapshots snapshots = new Snapshots(dataDir, Duration.ofDays(30), 0);
    UUID id = UUID.randomUUID();
    Path fresh = snapshots.archive(id.toString(), "dcm-vol-fresh");
    Path old = snapshots.archive(id.toString(), "dcm-vol-old");
    Files.createDirectories(fresh.getParent());
    Files.write(fresh, new byte[10]);
    Files.write(old, new byte[20]);
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(31))));

    assertThat(snapshots.list(id)).extracting(Snapshots.Snapshot::volume).containsExactly("dcm-vol-fresh", "dcm-vol-old");
    assertThat(snapshots.list(id).get(0).bytes()).isEqualTo(10);
    assertThat(snapshots.find(id, "dcm-vol-fresh")).contains(fresh);
    assertThat(snapshots.find(id, "dcm-vol-none")).isEmpty();
    assertThat(snapshots.list(UUID.randomUUID())).isEmpty();

    assertThat(snapshots.expire(Instant.now())).isEqualTo(1);
    assertThat(snapshots.list(id)).extracting(Snapshots.Snapshot::volume).containsExactly("dcm-vol-fresh");
    assertThat(snapshots.expire(Instant.now().plus(Duration.ofDays(31)))).isEqualTo(1);
    assertThat(fresh.getParent()).as("an empty deployment dir goes too").doesNotExist();
  }

  @Test
  void aNameOutsideDockersAlphabetReachesNoFile() throws Exception {
    Snapshots snapshots = new Snapshots(dataDir, Duration.ofDays(30), 0);
    Files.writeString(dataDir.resolve("admin.token"), "secret");
    UUID id = UUID.randomUUID();
    assertThat(snapshots.find(id, "../../admin.token")).isEmpty();
    assertThat(snapshots.find(id, "..")).isEmpty();
    assertThatThrownBy(() -> snapshots.archive(id.toString(), "a/b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nothingIsWrittenWhileTooLittleSpaceIsFree() {
    Snapshots snapshots = new Snapshots(dataDir, Duration.ofDays(30), Long.MAX_VALUE / 2);
    assertThatThrownBy(snapshots::requireFreeSpace).hasMessageContaining("MiB are free under " + dataDir.resolve("snapshots"))
        .hasMessageContaining("decommission.snapshots.min-free");
    new Snapshots(dataDir, Duration.ofDays(30), 1).requireFreeSpace();
  }
}
