package org.decommission.activities.store;

import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.decommission.activities.PullRecords;
import org.decommission.domain.Phase;
import org.decommission.domain.PullProgress;

/** {@link PullRecords} in PostgreSQL: {@code pulled_images}, and progress rows in {@code status_history}. */
public class PulledImages implements PullRecords {
  private final Sql sql;

  public PulledImages(DataSource dataSource) {
    this.sql = new Sql(dataSource);
  }

  @Override
  public void progress(String deploymentId, PullProgress progress) {
    sql.jdbc.update(
        "INSERT INTO status_history (deployment_id, old_status, new_status, phase, actor, reason, event_kind, progress)"
            + " SELECT id, status, status, ?, 'system', ?, ?, ?::jsonb FROM deployments WHERE id = ?",
        Phase.PULL_IMAGE.name(), progress.describe(), EventKind.PROGRESS.name(), Json.write(progress), UUID.fromString(deploymentId));
  }

  @Override
  public void pulled(String deploymentId, String hostId, String reference, String imageId) {
    sql.jdbc.update(
        "INSERT INTO pulled_images (host_id, reference, image_id, pulled_by) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (host_id, reference) DO UPDATE SET image_id = excluded.image_id, pulled_by = excluded.pulled_by, pulled_at = now()",
        hostId, reference, imageId, UUID.fromString(deploymentId));
  }

  @Override
  public boolean pending(String hostId, String reference) {
    return sql.jdbc.queryForObject(
        "SELECT count(*) FROM pulled_images WHERE host_id = ? AND reference = ? AND image_id IS NULL", Integer.class, hostId, reference) > 0;
  }

  @Override
  public Optional<String> pulledId(String hostId, String reference) {
    return sql.jdbc.queryForList(
        "SELECT image_id FROM pulled_images WHERE host_id = ? AND reference = ? AND image_id IS NOT NULL", String.class, hostId, reference)
        .stream().findFirst();
  }

  @Override
  public void forget(String hostId, String reference) {
    sql.jdbc.update("DELETE FROM pulled_images WHERE host_id = ? AND reference = ?", hostId, reference);
  }
}
