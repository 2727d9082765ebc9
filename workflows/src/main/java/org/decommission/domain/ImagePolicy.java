package org.decommission.domain;

/** Whether a purge removes a deployment's image, and why: the one place this rule is written. */
public final class ImagePolicy {
  private ImagePolicy() {}

  /** The decision: remove or keep, and the reason a receipt or plan shows. */
  public record Decision(boolean remove, String reason) {}

  /** Only an image this system pulled for the deployment, and that no other deployment uses, goes. */
  public static Decision decide(boolean pulledForIt, boolean usedElsewhere) {
    if (!pulledForIt) {
      return new Decision(false, "the image was on the host before this deployment; it is not ours to remove");
    }
    if (usedElsewhere) {
      return new Decision(false, "another deployment still uses the image");
    }
    return new Decision(true, "pulled for this deployment and used by no other");
  }
}
