package org.decommission.domain;

/**
 * How far a pull has come: layers known and done, bytes downloaded of the bytes Docker has
 * announced so far. Sent as heartbeat details, stored as a progress event, shown by GET.
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(value = "percent", allowGetters = true)
public record PullProgress(String image, int layers, int layersDone, long bytes, long totalBytes) {
  /** Percent done, 0-100: by bytes once Docker has announced sizes, by layers before. */
  @com.fasterxml.jackson.annotation.JsonProperty("percent")
  public int percent() {
    if (layers == 0) {
      return 0;
    }
    if (layersDone == layers) {
      return 100;
    }
    if (totalBytes > 0) {
      return (int) Math.min(99, bytes * 100 / totalBytes);
    }
    return layersDone * 100 / layers;
  }

  /** A line for the history and the logs. */
  public String describe() {
    return "pulling " + image + ": " + layersDone + "/" + layers + " layer(s), " + mib(bytes) + " of " + mib(totalBytes) + " MiB ("
        + percent() + "%)";
  }

  private static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
  }
}
