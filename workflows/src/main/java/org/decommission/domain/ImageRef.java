package org.decommission.domain;

/**
 * What an image reference names, by Docker's own rules: the registry it is pulled from and the tag
 * it means. The one place these rules are written.
 */
public final class ImageRef {
  /** The registry a reference without a registry part is pulled from. */
  public static final String DOCKER_HUB = "docker.io";

  private ImageRef() {}

  /**
   * The reference with {@code :latest} when it names neither a tag nor a digest; Docker would
   * otherwise pull every tag of the repository.
   */
  public static String withDefaultTag(String reference) {
    if (reference == null || reference.contains("@")) {
      return reference;
    }
    String lastPart = reference.substring(reference.lastIndexOf('/') + 1);
    return lastPart.contains(":") ? reference : reference + ":latest";
  }

  /**
   * The registry host of a reference: its first part when that has a dot or a port or is
   * {@code localhost}, else Docker Hub.
   */
  public static String registry(String reference) {
    int slash = reference.indexOf('/');
    if (slash < 0) {
      return DOCKER_HUB;
    }
    String first = reference.substring(0, slash);
    return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : DOCKER_HUB;
  }

  /** The reference without its tag or digest: what Docker's pull API calls {@code fromImage}. */
  public static String repository(String reference) {
    String noDigest = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
    int slash = noDigest.lastIndexOf('/');
    int colon = noDigest.lastIndexOf(':');
    return colon > slash ? noDigest.substring(0, colon) : noDigest;
  }

  /** The tag or digest to pull: {@code latest} when the reference names none. */
  public static String tag(String reference) {
    if (reference.contains("@")) {
      return reference.substring(reference.indexOf('@') + 1);
    }
    String tagged = withDefaultTag(reference);
    return tagged.substring(tagged.lastIndexOf(':') + 1);
  }
}
