package org.decommission.activities.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.decommission.activities.Heartbeats;
import org.decommission.activities.PullRecords;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.domain.ImageRef;
import org.decommission.domain.PullProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images on one Docker host: looked at, pulled (with the registry's credentials, heartbeats
 * and progress from the activity's own thread), removed by the id this installation pulled.
 */
final class Images {
  private static final Logger log = LoggerFactory.getLogger(Images.class);
  private static final long REPORT_EVERY_MS = 1000;

  private final DockerClient docker;
  private final Receipts receipts;
  private final PullPolicy policy;
  private final Map<String, RegistryCredentials> credentials;
  private final PullRecords records;

  Images(DockerClient docker, Receipts receipts, PullPolicy policy, Map<String, RegistryCredentials> credentials, PullRecords records) {
    this.docker = docker;
    this.receipts = receipts;
    this.policy = policy;
    this.credentials = Map.copyOf(credentials);
    this.records = records;
  }

  /**
   * Pulls the image unless it is on the host (or always, by the policy); returns whether this
   * installation brought it onto the host: an image that was there before is never ours.
   */
  boolean ensure(String deploymentId, String image) {
    String ref = ImageRef.withDefaultTag(image);
    Optional<String> before = imageId(ref);
    if (before.isPresent() && records.pending(receipts.hostId(), ref)) {
      // An earlier attempt of ours pulled it and ended before it could say so.
      records.pulled(deploymentId, receipts.hostId(), ref, before.get());
      log.info("image {} ({}) was pulled by an earlier attempt", ref, before.get());
      return true;
    }
    if (before.isPresent() && policy == PullPolicy.IF_NOT_PRESENT) {
      log.info("image {} is on host {}; used as it is", ref, receipts.hostId());
      return false;
    }
    log.info("image {} {}; pulling from {}", ref, before.isPresent() ? "is on host " + receipts.hostId() + " (pull policy always)"
        : "is not on host " + receipts.hostId(), ImageRef.registry(ref));
    if (before.isEmpty()) {
      records.pulled(deploymentId, receipts.hostId(), ref, null);
    }
    try {
      pull(deploymentId, ref);
    } catch (RuntimeException failed) {
      if (before.isEmpty() && imageId(ref).isEmpty()) {
        // Nothing came: an image loaded by hand later is not ours. A retry notes its pull again.
        records.forget(receipts.hostId(), ref);
      }
      throw failed;
    }
    String after = imageId(ref).orElseThrow(() -> new IllegalStateException("the pull of " + ref + " ended but the image is not on the host"));
    boolean brought = before.map(id -> !id.equals(after)).orElse(true);
    if (brought) {
      records.pulled(deploymentId, receipts.hostId(), ref, after);
    }
    log.info("image {} pulled: {}{}", ref, after, brought ? "" : " (the host had it already)");
    return brought;
  }

  private Optional<String> imageId(String ref) {
    return DockerErrors.findOrEmpty(() -> docker.inspectImageCmd(ref).exec()).map(i -> i.getId());
  }

  private void pull(String deploymentId, String ref) {
    ActivityExecutionContext activity = Heartbeats.current();
    PullTracker tracker = new PullTracker(ref);
    PullImageCmd cmd = docker.pullImageCmd(ImageRef.repository(ref)).withTag(ImageRef.tag(ref));
    RegistryCredentials login = credentials.get(ImageRef.registry(ref));
    if (login != null) {
      cmd.withAuthConfig(new AuthConfig().withRegistryAddress(ImageRef.registry(ref)).withUsername(login.username()).withPassword(login.password()));
    }
    DockerErrors.pulling(ref, Heartbeats.attempt(activity), () -> {
      PullStream stream = cmd.exec(new PullStream(tracker));
      follow(deploymentId, stream, tracker, activity);
      return tracker.error();
    });
  }

  /**
   * The pull's stream, fed on docker-java's thread. Its own latch says when it ended: docker-java's
   * {@code awaitCompletion(timeout)} closes the stream when it returns, so it cannot be polled.
   */
  private static final class PullStream extends ResultCallback.Adapter<PullResponseItem> {
    private final PullTracker tracker;
    private final CountDownLatch ended = new CountDownLatch(1);

    PullStream(PullTracker tracker) {
      this.tracker = tracker;
    }

    @Override
    public void onNext(PullResponseItem item) {
      tracker.accept(item);
    }

    @Override
    public void onError(Throwable throwable) {
      super.onError(throwable);
      ended.countDown();
    }

    @Override
    public void onComplete() {
      super.onComplete();
      ended.countDown();
    }
  }

  /**
   * Waits for the pull on the activity's thread, beating and reporting progress once a second; a
   * cancellation (thrown by a beat) closes the stream, which stops Docker's pull.
   */
  private void follow(String deploymentId, PullStream stream, PullTracker tracker, ActivityExecutionContext activity) {
    PullProgress reported = null;
    try (stream) {
      while (!stream.ended.await(REPORT_EVERY_MS, TimeUnit.MILLISECONDS)) {
        PullProgress now = tracker.progress();
        Heartbeats.beat(activity, now);
        if (!now.equals(reported)) {
          records.progress(deploymentId, now);
          log.info(now.describe());
          reported = now;
        }
      }
      stream.awaitCompletion();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pulling " + tracker.progress().image(), e);
    } catch (IOException e) {
      log.debug("closing the pull stream of {}: {}", tracker.progress().image(), e.toString());
    }
    PullProgress last = tracker.progress();
    if (tracker.error() == null && last.layers() > 0) {
      records.progress(deploymentId, new PullProgress(last.image(), last.layers(), last.layers(), last.totalBytes(), last.totalBytes()));
    }
  }

  /**
   * Removes what this installation pulled as {@code image}: the tag, while it still names the
   * image pulled (Docker removes the image with its last tag), else the image pulled, by its id
   * (a tag moved since to another image is not followed). Kept when a container uses it or
   * another tag names it, and the receipt says why.
   */
  ArtifactOutcome remove(String image) {
    String ref = ImageRef.withDefaultTag(image);
    Optional<String> pulled = records.pulledId(receipts.hostId(), ref);
    String target = pulled.isEmpty() || pulled.equals(imageId(ref)) ? ref : pulled.get();
    ArtifactOutcome outcome = DockerErrors.mappingInUse(
        () -> DockerErrors.ignoringMissing(() -> docker.removeImageCmd(target).exec())
            ? receipts.alreadyGone(ArtifactOutcome.Kind.IMAGE, ref)
            : receipts.removed(ArtifactOutcome.Kind.IMAGE, ref, "removed " + target + pulled.map(id -> " (" + id + ")").orElse("")
                + " from host " + receipts.hostId()),
        reason -> receipts.line(ArtifactOutcome.Kind.IMAGE, ref, ArtifactOutcome.Outcome.RETAINED_BY_POLICY,
            "kept: Docker says it is still in use on host " + receipts.hostId() + " (" + reason + ")"));
    if (outcome.outcome() != ArtifactOutcome.Outcome.RETAINED_BY_POLICY) {
      records.forget(receipts.hostId(), ref);
    }
    return outcome;
  }
}
