package org.decommission.activities.docker;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.decommission.activities.Failures;
import org.decommission.domain.ImageRef;
import org.decommission.workflow.FailureTypes;

/**
 * Translates docker-java's errors into what they mean for us, in this one place: "no such object"
 * ({@code NotFoundException}) is "already gone", "already in that state" ({@code
 * NotModifiedException}) is the goal reached, and a conflict ({@code ConflictException}) is
 * handed to the caller to say what it means there. Callers never catch these exceptions nor read
 * Docker's messages themselves.
 */
public final class DockerErrors {
  private DockerErrors() {}

  /**
   * Runs a call that stops, removes or inspects an object; an object that is not there counts as
   * done. Returns whether it was already gone.
   */
  public static boolean ignoringMissing(Runnable call) {
    try {
      call.run();
      return false;
    } catch (NotFoundException gone) {
      return true;
    }
  }

  /** Runs a look-up; empty when the object is not there. */
  public static <T> Optional<T> findOrEmpty(Supplier<T> lookup) {
    try {
      return Optional.ofNullable(lookup.get());
    } catch (NotFoundException absent) {
      return Optional.empty();
    }
  }

  /** Runs a start or a stop; an object already in the wanted state counts as done. */
  static void ignoringNotModified(Runnable call) {
    try {
      call.run();
    } catch (NotModifiedException alreadyThere) {
      // Started or stopped already, by an earlier attempt or out of band: the goal is reached.
    }
  }

  /**
   * Runs a stop; a container already stopped counts as done. Returns whether it was already gone.
   */
  static boolean stopIgnoringNotModified(Runnable stop) {
    return ignoringMissing(() -> ignoringNotModified(stop));
  }

  /**
   * Runs a call that Docker may refuse because of a conflict (a name taken, an object in use);
   * the conflict is mapped by {@code onConflict}, which gets Docker's explanation only to quote
   * it to a human.
   */
  static <T> T mappingConflict(Supplier<T> call, Function<String, T> onConflict) {
    try {
      return call.get();
    } catch (ConflictException conflict) {
      return onConflict.apply(conflict.getMessage());
    }
  }

  /**
   * Runs a removal Docker may refuse because the object is still in use: a conflict (a volume, an
   * image), or for a network with containers attached, 403 "has active endpoints". The refusal
   * is mapped by {@code inUse}, which gets Docker's explanation only to quote it.
   */
  static <T> T mappingInUse(Supplier<T> call, Function<String, T> inUse) {
    try {
      return mappingConflict(call, inUse);
    } catch (DockerException refused) {
      if (refused.getHttpStatus() != 403) {
        throw refused;
      }
      return inUse.apply(String.valueOf(refused.getMessage()).trim());
    }
  }

  /**
   * Runs a network creation. Docker answers 404 when none of its address pools has a range left
   * for a new network (its defaults allow 31 networks); {@code noPool} turns its explanation into
   * the failure to throw. A name already taken is a conflict, mapped by {@code taken}.
   */
  static String creatingNetwork(Supplier<String> create, Function<String, RuntimeException> noPool, Function<String, String> taken) {
    try {
      return mappingConflict(create, taken);
    } catch (NotFoundException noRange) {
      throw noPool.apply(String.valueOf(noRange.getMessage()).trim());
    }
  }

  /**
   * Runs a container start. A container already running counts as started. When the runtime
   * cannot run the container's command (not in the image, not executable), no retry mends it,
   * so {@code cannotRun} turns Docker's explanation into the failure to throw; any other refusal
   * (a daemon hiccup) is thrown as it is, to be retried.
   */
  static void starting(Runnable start, Function<String, RuntimeException> cannotRun) {
    try {
      ignoringNotModified(start);
    } catch (BadRequestException refused) {
      throw cannotRun.apply(String.valueOf(refused.getMessage()).trim());
    } catch (InternalServerErrorException refused) {
      if (!String.valueOf(refused.getMessage()).contains("OCI runtime")) {
        throw refused;
      }
      throw cannotRun.apply(refused.getMessage().trim());
    }
  }

  /**
   * Runs a pull, which returns the error its stream reported (null when none), and turns a
   * refusal into what it means ({@link PullRefusals}): a missing image or an unresolvable
   * registry is a non-retryable {@code ImageNotFound}, refused credentials a non-retryable
   * {@code RegistryAuthFailed}, anything else an exception the retry policy retries.
   */
  static void pulling(String ref, int attempt, Supplier<String> pull) {
    String streamError;
    int status;
    try {
      streamError = pull.get();
      status = 0;
    } catch (DockerException refused) {
      streamError = String.valueOf(refused.getMessage()).trim();
      status = refused.getHttpStatus();
    } catch (DockerClientException broken) {
      streamError = String.valueOf(broken.getMessage()).trim();
      status = 0;
    }
    if (streamError == null) {
      return;
    }
    String registry = ImageRef.registry(ref);
    throw switch (PullRefusals.of(status, streamError)) {
      case NOT_FOUND -> Failures.nonRetryable(FailureTypes.IMAGE_NOT_FOUND,
          "image " + ref + " is not in registry " + registry + " (Docker: " + streamError + "). Check the reference, push the image,"
              + " or build or load it on the host; then resume or start the deployment.");
      case UNKNOWN_REGISTRY -> Failures.nonRetryable(FailureTypes.IMAGE_NOT_FOUND,
          "image " + ref + " could not be pulled: the registry host " + registry + " does not resolve (Docker: " + streamError
              + "). Check the reference, or build or load the image on the host; then resume or start the deployment.");
      case AUTH -> Failures.nonRetryable(FailureTypes.REGISTRY_AUTH_FAILED,
          "registry " + registry + " refused to serve " + ref + " (Docker: " + streamError + "). Set decommission.registries[" + registry
              + "].username and .password to an account that may pull it, then resume the deployment.");
      case TRANSIENT -> new IllegalStateException(
          "pulling " + ref + " from " + registry + " failed on attempt " + attempt + " (Docker: " + streamError
              + "); it is retried with backoff. If it keeps failing, check that the registry answers, then resume the deployment.");
    };
  }
}
