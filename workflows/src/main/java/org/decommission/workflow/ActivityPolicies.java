package org.decommission.workflow;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Timeouts and retry policies of every activity, in one place.
 *
 * <p>Every host activity stub waits for a cancelled activity to finish ({@code WAIT_CANCELLATION_COMPLETED}), so
 * a delete that cancels a deploy never races a container creation that is still under way.
 * Docker activities heartbeat, so a worker that dies mid-activity is noticed within the heartbeat
 * timeout and the activity is retried elsewhere.
 */
public final class ActivityPolicies {
  static final Duration HEARTBEAT = Duration.ofSeconds(10);
  /**
   * How often at most a host worker sends an activity's heartbeats on. A cancellation (a delete
   * or cancel mid-deploy) reaches an activity only with a heartbeat's answer; the SDK's default
   * (0.8 of the heartbeat timeout) let a cancel wait up to 8 s.
   */
  public static final Duration HEARTBEAT_THROTTLE = Duration.ofSeconds(1);

  private ActivityPolicies() {}

  /**
   * Database activities run as local activities: in the worker that runs the workflow, with no
   * task-queue round trip (they are short, idempotent writes; a delete of 50 replicas makes about
   * thirty of them). A local activity always ends before the workflow handles its next event, so
   * a cancelled deploy never races a phase write. Retried until the database answers.
   */
  public static LocalActivityOptions store() {
    return LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(retry(0))
        .build();
  }

  /** Host activities of the deploy phases: a bounded number of attempts, then the deploy fails. */
  public static ActivityOptions deploy(String hostId) {
    return host(hostId, 5);
  }

  /** How long one attempt of a pull may take: a large image over a slow link. */
  public static final Duration PULL_TIMEOUT = Duration.ofHours(2);

  /** {@code host}'s options for a pull: the same retries and heartbeat timeout, {@link #PULL_TIMEOUT} per attempt. */
  public static ActivityOptions.Builder pull(ActivityOptions host) {
    return ActivityOptions.newBuilder(host).setStartToCloseTimeout(PULL_TIMEOUT);
  }

  /** How many times each teardown step is tried, by default, before the deployment is reported stuck. */
  public static final int TEARDOWN_ATTEMPTS = 8;

  /**
   * Host activities of stop, delete, purge and compensation: {@code attempts} tries each (the
   * default when 0), about a minute with the default; then the step is reported stuck.
   */
  public static ActivityOptions teardown(String hostId, int attempts) {
    return host(hostId, attempts > 0 ? attempts : TEARDOWN_ATTEMPTS);
  }

  /** An admin's forced purge: two tries per step; what still fails is left behind, and receipted. */
  public static ActivityOptions forced(String hostId) {
    return host(hostId, 2);
  }

  /**
   * A reconcile sweep: tried once (the next sweep is the retry); it reports what it could not
   * read instead of failing.
   */
  public static ActivityOptions sweep(String hostId) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.docker(hostId))
        .setStartToCloseTimeout(Duration.ofMinutes(5))
        .setRetryOptions(retry(1))
        .build();
  }

  /** The purge backstop's pass: on the main queue, tried once (the next scheduled pass is the retry). */
  public static ActivityOptions backstop() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.MAIN)
        .setStartToCloseTimeout(Duration.ofMinutes(5))
        .setRetryOptions(retry(1))
        .build();
  }

  /** How long one webhook POST may take, connecting included. */
  public static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(10);

  /**
   * A webhook delivery: one POST per attempt on the main queue, {@code settings.attempts()} tries
   * with exponential backoff (coefficient 2) from {@code settings.backoffMillis()} up to
   * {@code settings.maxBackoffMillis()}; then the workflow marks it failed and goes on.
   */
  public static ActivityOptions webhook(WebhookSettings settings) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.MAIN)
        // The POST's own timeout, twice (connecting, then the answer), and time to record the attempt.
        .setStartToCloseTimeout(WEBHOOK_TIMEOUT.multipliedBy(3))
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofMillis(settings.backoffMillis()))
            .setBackoffCoefficient(2.0)
            .setMaximumInterval(Duration.ofMillis(settings.maxBackoffMillis()))
            .setMaximumAttempts(settings.attempts())
            .build())
        .build();
  }

  private static ActivityOptions host(String hostId, int maxAttempts) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.docker(hostId))
        .setStartToCloseTimeout(Duration.ofMinutes(15))
        .setHeartbeatTimeout(HEARTBEAT)
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setRetryOptions(retry(maxAttempts))
        .build();
  }

  private static RetryOptions retry(int maxAttempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofMillis(500))
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(Duration.ofSeconds(30))
        .setMaximumAttempts(maxAttempts)
        .setDoNotRetry(FailureTypes.NON_RETRYABLE)
        .build();
  }
}
