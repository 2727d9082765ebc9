package org.decommission.domain;

import java.util.List;

/** Whether a purge removes a deployment's image, and why: the one place this rule is written. */
public final class ImagePolicy {
  private ImagePolicy() {}

  /** The decision: remove or keep, and the reason a receipt or plan shows. */
  public record Decision(boolean remove, String reason) {}

  /**
   * Only an image this installation pulled onto the host, and that no other deployment there that
   * is not purged uses ({@code usedBy} names them), goes.
   */
  public static Decision decide(boolean pulledHere, List<String> usedBy) {
    if (!pulledHere) {
      return new Decision(false, "the image was on the host before this installation used it; it is not ours to remove");
    }
    if (!usedBy.isEmpty()) {
      return new Decision(false, "in use by " + String.join(", ", usedBy));
    }
    return new Decision(true, "pulled by this installation and used by no other deployment on the host");
  }
}
