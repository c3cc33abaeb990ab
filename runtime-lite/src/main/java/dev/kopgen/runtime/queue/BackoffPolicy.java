package dev.kopgen.runtime.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-object exponential backoff after failed reconciles: the n-th failure in a row waits {@code
 * base × 2^(n-1)}, never longer than {@code cap}; a success resets the count.
 *
 * <p>The {@link #DEFAULT} is 10 ms doubling up to 5 minutes: 10 ms, 20 ms, 40 ms, … 5.12 s at the
 * 10th failure, about 2.7 min at the 15th and 5 min from the 16th on. controller-runtime's per-item
 * limiter uses 5 ms up to 1000 s; kopgen starts a little slower, because the first retries of a
 * transient conflict rarely succeed within 5 ms, and caps lower, because an object that has been
 * failing for 16 minutes in a row should still be retried a few times an hour once the cause is
 * fixed elsewhere (e.g. a missing Secret was created), which does not always produce an event for
 * the object itself.
 *
 * @param base the delay after the first failure
 * @param cap the longest delay
 */
public record BackoffPolicy(Duration base, Duration cap) {

  /** 10 ms doubling, capped at 5 minutes. */
  public static final BackoffPolicy DEFAULT =
      new BackoffPolicy(Duration.ofMillis(10), Duration.ofMinutes(5));

  public BackoffPolicy {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(cap, "cap");
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("backoff base must be positive: " + base);
    }
    if (cap.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "backoff cap (" + cap + ") must not be shorter than its base (" + base + ")");
    }
  }

  /**
   * The delay after {@code failures} failures in a row.
   *
   * @param failures at least 1
   */
  public Duration delay(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1: " + failures);
    }
    // Doubling past 2^62 nanoseconds would overflow; long before that the cap applies.
    int shift = Math.min(failures - 1, 62);
    long baseNanos = base.toNanos();
    long capNanos = cap.toNanos();
    if (baseNanos > (capNanos >> shift)) {
      return cap;
    }
    return Duration.ofNanos(baseNanos << shift);
  }
}
