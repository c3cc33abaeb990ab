package dev.kopgen.rules;

import java.time.Duration;
import java.util.Optional;

/**
 * What makes a retry policy valid, asked by the processor (a compile error on the attribute) and by
 * the runtime's {@code RetryPolicy} (an exception for hand-built definitions).
 */
public final class RetryRules {

  /** 10 ms doubling: the first retries of a transient conflict come quickly. */
  public static final Duration DEFAULT_INITIAL_BACKOFF =
      Durations.parse(Defaults.RETRY_INITIAL_BACKOFF);

  /** 5 minutes: an object failing for long is still retried a few times an hour. */
  public static final Duration DEFAULT_MAX_BACKOFF = Durations.parse(Defaults.RETRY_MAX_BACKOFF);

  /** 0: retry for as long as the object keeps failing. */
  public static final int UNLIMITED_ATTEMPTS = Defaults.RETRY_MAX_ATTEMPTS;

  /** Which value a problem is about, so the compile error points at that attribute. */
  public enum Field {
    INITIAL_BACKOFF,
    MAX_BACKOFF,
    MAX_ATTEMPTS
  }

  /** A problem with one value. */
  public record Problem(Field field, String message) {}

  private RetryRules() {}

  /**
   * Why the policy is invalid, if it is: the initial backoff must be positive, the maximum not
   * shorter than the initial, and the maximum attempts 0 (unlimited) or more.
   */
  public static Optional<Problem> problem(
      Duration initialBackoff, Duration maxBackoff, int maxAttempts) {
    if (initialBackoff.isZero() || initialBackoff.isNegative()) {
      return Optional.of(
          new Problem(
              Field.INITIAL_BACKOFF,
              "the initial backoff must be longer than 0s: it is the wait after the first"
                  + " failure, and 0 would retry in a hot loop"));
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      return Optional.of(
          new Problem(
              Field.MAX_BACKOFF,
              "the maximum backoff "
                  + Durations.format(maxBackoff)
                  + " is shorter than the initial backoff "
                  + Durations.format(initialBackoff)
                  + ": make it at least as long"));
    }
    if (maxAttempts < 0) {
      return Optional.of(
          new Problem(
              Field.MAX_ATTEMPTS,
              "maximum attempts "
                  + maxAttempts
                  + " is negative: use 0 to retry without limit, or the number of attempts"
                  + " after which the object waits for its next change"));
    }
    return Optional.empty();
  }
}
