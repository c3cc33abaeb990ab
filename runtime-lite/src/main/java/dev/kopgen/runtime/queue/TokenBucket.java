package dev.kopgen.runtime.queue;

import dev.kopgen.rules.RateLimitRules;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The operator-wide reconcile rate limit: a token bucket shared by the {@link WorkQueue}s of all
 * controllers of a process (controller-runtime's {@code BucketRateLimiter}, but applied where a run
 * starts, so requeues, retries and new events all take a token). It holds at most {@code burst}
 * tokens, starts full, and gains {@code perSecond} tokens per second.
 *
 * <p>Thread-safe; never blocks: {@link #tryTake} says how long to wait instead.
 */
public final class TokenBucket {

  private final double perNano;
  private final double burst;
  private final LongSupplier nanoClock;

  // Guarded by this.
  private double tokens;
  private long last;

  /**
   * @param limit the rate and burst, valid per {@link RateLimitRules#problem}
   * @param nanoClock a monotonic clock in nanoseconds; the same as the queues' in tests
   */
  public TokenBucket(RateLimitRules.Limit limit, LongSupplier nanoClock) {
    Objects.requireNonNull(limit, "limit");
    RateLimitRules.problem(limit.perSecond(), limit.burst())
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(p);
            });
    this.perNano = limit.perSecond() / 1e9;
    this.burst = limit.burst();
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.tokens = burst;
    this.last = nanoClock.getAsLong();
  }

  /**
   * Takes a token if one is there.
   *
   * @return 0 if a token was taken, else the nanoseconds until the next one (at least 1)
   */
  public synchronized long tryTake() {
    long now = nanoClock.getAsLong();
    long elapsed = now - last;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * perNano);
      last = now;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - tokens) / perNano));
  }
}
