package org.decommission.activities.docker;

import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import java.util.LinkedHashMap;
import java.util.Map;
import org.decommission.domain.PullProgress;

/**
 * Follows Docker's pull stream (fed from docker-java's callback thread) and answers how far the
 * pull has come (read from the activity's thread): each layer's downloaded and announced bytes,
 * and whether it is done. It keeps the first error the stream reports.
 */
final class PullTracker {
  private record Layer(long bytes, long total, boolean done) {}

  private final String image;
  private final Map<String, Layer> layers = new LinkedHashMap<>();
  private String error;

  PullTracker(String image) {
    this.image = image;
  }

  synchronized void accept(PullResponseItem item) {
    if (item.getErrorDetail() != null || item.getError() != null) {
      if (error == null) {
        error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null ? item.getErrorDetail().getMessage() : item.getError();
      }
      return;
    }
    String id = item.getId();
    String status = item.getStatus();
    if (id == null || status == null || status.startsWith("Pulling from")) {
      return;
    }
    Layer was = layers.getOrDefault(id, new Layer(0, 0, false));
    ResponseItem.ProgressDetail detail = item.getProgressDetail();
    Layer now = switch (status) {
      case "Downloading" -> detail == null || detail.getCurrent() == null ? was
          : new Layer(detail.getCurrent(), detail.getTotal() == null ? was.total() : detail.getTotal(), false);
      case "Download complete", "Verifying Checksum", "Extracting" -> new Layer(Math.max(was.total(), was.bytes()), Math.max(was.total(), was.bytes()), false);
      case "Pull complete", "Already exists" -> new Layer(Math.max(was.total(), was.bytes()), Math.max(was.total(), was.bytes()), true);
      default -> was;
    };
    layers.put(id, now);
  }

  synchronized PullProgress progress() {
    int done = (int) layers.values().stream().filter(Layer::done).count();
    long bytes = layers.values().stream().mapToLong(Layer::bytes).sum();
    long total = layers.values().stream().mapToLong(Layer::total).sum();
    return new PullProgress(image, layers.size(), done, bytes, total);
  }

  /** The first error the stream reported, or null. */
  synchronized String error() {
    return error;
  }
}
