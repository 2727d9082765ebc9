package org.decommission.activities.docker;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What Docker's answer to a failed pull means, read from the HTTP status and Docker's message in
 * this one place (observed with Docker 20.10 against the distribution registry 2.8 and Docker
 * Hub's address unresolvable): a 404 or "manifest unknown" is an image that is not there; "no
 * basic auth credentials", "unauthorized" or "denied" a registry that refused our credentials; "no
 * such host" a registry name that does not resolve; anything else (connection refused, a 5xx, a
 * broken stream) a registry that may answer later.
 */
enum PullRefusals {
  /** The registry answered: no such repository, tag or digest. No retry mends it. */
  NOT_FOUND,
  /** The registry wants credentials, or refused the ones given. No retry mends it. */
  AUTH,
  /** The registry's host name does not resolve: a typo in the reference, most likely. */
  UNKNOWN_REGISTRY,
  /** The registry did not answer or failed: retried with backoff. */
  TRANSIENT;

  private static final Pattern NOT_THERE =
      Pattern.compile("manifest unknown|name unknown|repository does not exist|not found|no such image");
  private static final Pattern REFUSED = Pattern.compile("no basic auth credentials|unauthorized|authentication required|denied");

  static PullRefusals of(int httpStatus, String message) {
    String m = String.valueOf(message).toLowerCase(Locale.ROOT);
    if (httpStatus == 404 || NOT_THERE.matcher(m).find()) {
      return NOT_FOUND;
    }
    if (httpStatus == 401 || httpStatus == 403 || REFUSED.matcher(m).find()) {
      return AUTH;
    }
    if (m.contains("no such host")) {
      return UNKNOWN_REGISTRY;
    }
    return TRANSIENT;
  }
}
