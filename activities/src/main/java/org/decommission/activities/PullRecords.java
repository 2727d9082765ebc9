package org.decommission.activities;

import org.decommission.domain.PullProgress;

/**
 * Where a pull reports to: its progress, for the user's events and GET, and which image this
 * installation brought onto a host, so a purge removes exactly that one (by image id).
 */
public interface PullRecords {
  /** How far the deployment's pull has come. Called at most about once a second. */
  void progress(String deploymentId, PullProgress progress);

  /**
   * Notes that a pull of {@code reference} onto {@code hostId} for {@code deploymentId} begins
   * ({@code imageId} null) or brought image {@code imageId}. Idempotent.
   */
  void pulled(String deploymentId, String hostId, String reference, String imageId);

  /** Whether a pull of {@code reference} onto {@code hostId} began and was never noted done. */
  boolean pending(String hostId, String reference);

  /** The id of the image this installation pulled as {@code reference} onto {@code hostId}, if it did. */
  java.util.Optional<String> pulledId(String hostId, String reference);

  /** Forgets the pull of {@code reference} onto {@code hostId}: its image was removed. Idempotent. */
  void forget(String hostId, String reference);

  /** Records nothing: for callers outside a worker (benchmarks, tests of Docker alone). */
  PullRecords NONE = new PullRecords() {
    @Override
    public void progress(String deploymentId, PullProgress progress) {}

    @Override
    public void pulled(String deploymentId, String hostId, String reference, String imageId) {}

    @Override
    public boolean pending(String hostId, String reference) {
      return false;
    }

    @Override
    public java.util.Optional<String> pulledId(String hostId, String reference) {
      return java.util.Optional.empty();
    }

    @Override
    public void forget(String hostId, String reference) {}
  };
}
