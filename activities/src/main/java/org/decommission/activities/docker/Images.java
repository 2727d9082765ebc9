package org.decommission.activities.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import java.util.concurrent.TimeUnit;
import org.decommission.activities.Failures;
import org.decommission.activities.Heartbeats;
import org.decommission.domain.ArtifactOutcome;
import org.decommission.workflow.FailureTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The images on one Docker host: looked at, pulled when missing, removed when unused. */
final class Images {
  private static final Logger log = LoggerFactory.getLogger(Images.class);

  private final DockerClient docker;
  private final Receipts receipts;

  Images(DockerClient docker, Receipts receipts) {
    this.docker = docker;
    this.receipts = receipts;
  }

  /** Pulls the image unless it is on the host; returns whether it pulled it. */
  boolean ensure(String image) {
    if (DockerErrors.findOrEmpty(() -> docker.inspectImageCmd(image).exec()).isPresent()) {
      log.info("image {} is on host {}; used as it is", image, receipts.hostId());
      return false;
    }
    log.info("image {} is not on host {}; pulling", image, receipts.hostId());
    try {
      docker
          .pullImageCmd(image)
          .exec(
              new ResultCallback.Adapter<PullResponseItem>() {
                @Override
                public void onNext(PullResponseItem item) {
                  Heartbeats.beat(item.getStatus());
                }
              })
          .awaitCompletion(10, TimeUnit.MINUTES);
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pulling " + image, e);
    } catch (RuntimeException e) {
      throw Failures.nonRetryable(
          FailureTypes.IMAGE_NOT_FOUND,
          "image " + image + " is not on host " + receipts.hostId() + " and could not be pulled (" + e.getMessage()
              + "). Build or load it on the host, then resume or start the deployment.");
    }
  }

  /** Removes the image unless a container still uses it. */
  ArtifactOutcome remove(String image) {
    return receipts.removal(
        ArtifactOutcome.Kind.IMAGE, image, "removed from host " + receipts.hostId(), "still used by a container: ",
        () -> docker.removeImageCmd(image).exec());
  }
}
