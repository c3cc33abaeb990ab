package dev.kopgen.runtime;

import dev.kopgen.rules.RetryRules;
import dev.kopgen.runtime.queue.BackoffPolicy;
import java.time.Duration;

/**
 * How a controller retries an object whose reconcile (or cleanup) failed: exponential backoff from
 * {@code initialBackoff}, doubling up to {@code maxBackoff}, reset by a success; and, with {@code
 * maxAttempts} above 0, giving up after that many failures in a row: one {@code Warning
 * RetriesExhausted} Event, {@code kopgen_retries_exhausted_total} counts it, and the object is not
 * retried until something reconciles it again (a change of it or of something it owns).
 *
 * @param initialBackoff the wait after the first failure
 * @param maxBackoff the longest wait
 * @param maxAttempts failures in a row before giving up; 0 for never
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, int maxAttempts) {

  /** 10 ms doubling up to 5 minutes, without limit. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          RetryRules.DEFAULT_INITIAL_BACKOFF,
          RetryRules.DEFAULT_MAX_BACKOFF,
          RetryRules.UNLIMITED_ATTEMPTS);

  public RetryPolicy {
    RetryRules.problem(initialBackoff, maxBackoff, maxAttempts)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(p.message());
            });
  }

  /** The backoff part, as the work queue applies it. */
  public BackoffPolicy backoff() {
    return new BackoffPolicy(initialBackoff, maxBackoff);
  }

  /** Whether {@code failures} failures in a row exhaust this policy. */
  public boolean exhausted(int failures) {
    return maxAttempts > 0 && failures >= maxAttempts;
  }
}
