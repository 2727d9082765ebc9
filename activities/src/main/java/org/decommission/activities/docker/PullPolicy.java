package org.decommission.activities.docker;

import java.util.Locale;

/** When PULL_IMAGE pulls ({@code decommission.images.pull-policy}). */
public enum PullPolicy {
  /** Use an image the host has as it is; pull only a missing one. */
  IF_NOT_PRESENT,
  /** Pull every time, so a moved tag is followed; the image on the host is kept if the pull brings nothing new. */
  ALWAYS;

  /** {@code if-not-present} or {@code always}. */
  public static PullPolicy parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "", "if-not-present", "if_not_present" -> IF_NOT_PRESENT;
      case "always" -> ALWAYS;
      default -> throw new IllegalArgumentException(
          "decommission.images.pull-policy is '" + value + "'; it must be if-not-present or always");
    };
  }
}
