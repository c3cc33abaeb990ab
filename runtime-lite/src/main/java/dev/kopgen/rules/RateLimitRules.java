package dev.kopgen.rules;

import java.util.Optional;

/**
 * The operator-wide reconcile rate limit: what its two settings mean and when they are valid. Asked
 * by the runtime when it reads {@value #RATE_ENV} and {@value #BURST_ENV} (a start-up error naming
 * the variable) and by {@code Operator.Builder} (an exception for values set in code).
 *
 * <p>The limit is a token bucket shared by every controller of the process: a reconcile (or
 * cleanup) starts only with a token; the bucket holds at most {@code burst} tokens and gains {@code
 * rate} per second. Requeues and retries take tokens like any other start.
 */
public final class RateLimitRules {

  /** Reconciles per second, all controllers of the process together; unset: no limit. */
  public static final String RATE_ENV = "KOPGEN_RECONCILE_RATE";

  /** Reconciles that may start at once after a quiet period; default: the rate, at least 1. */
  public static final String BURST_ENV = "KOPGEN_RECONCILE_BURST";

  /** A valid limit. */
  public record Limit(double perSecond, int burst) {}

  private RateLimitRules() {}

  /** The burst when none is given: one second's worth of tokens, at least one. */
  public static int defaultBurst(double perSecond) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(perSecond)));
  }

  /**
   * Why a limit is invalid, if it is: the rate must be a finite number above 0, the burst at least
   * 1 (a bucket that holds no token never starts anything).
   */
  public static Optional<String> problem(double perSecond, int burst) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      return Optional.of(
          "the reconcile rate "
              + perSecond
              + " must be a number of reconciles per second above 0 (leave it unset for no"
              + " limit)");
    }
    if (burst < 1) {
      return Optional.of(
          "the reconcile burst "
              + burst
              + " must be at least 1: it is how many reconciles may start at once");
    }
    return Optional.empty();
  }

  /**
   * Reads the limit from the two settings' text (as found in the environment).
   *
   * @return empty when {@code rate} is unset or blank (no limit)
   * @throws IllegalArgumentException naming the variable to fix, for an invalid value or a burst
   *     without a rate
   */
  public static Optional<Limit> parse(String rate, String burst) {
    boolean noRate = rate == null || rate.isBlank();
    boolean noBurst = burst == null || burst.isBlank();
    if (noRate) {
      if (!noBurst) {
        throw new IllegalArgumentException(
            BURST_ENV
                + "='"
                + burst
                + "' is set without "
                + RATE_ENV
                + ": set the rate (reconciles per second) too, or unset both for no limit");
      }
      return Optional.empty();
    }
    double perSecond;
    try {
      perSecond = Double.parseDouble(rate.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          RATE_ENV
              + "='"
              + rate
              + "' is not a number: use reconciles per second, such as 20"
              + " or 0.5");
    }
    int b;
    if (noBurst) {
      b = perSecond > 0 ? defaultBurst(perSecond) : 1;
    } else {
      try {
        b = Integer.parseInt(burst.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            BURST_ENV + "='" + burst + "' is not a whole number: use at least 1");
      }
    }
    Optional<String> problem = problem(perSecond, b);
    if (problem.isPresent()) {
      String variable = !(perSecond > 0) || Double.isInfinite(perSecond) ? RATE_ENV : BURST_ENV;
      throw new IllegalArgumentException(variable + ": " + problem.get());
    }
    return Optional.of(new Limit(perSecond, b));
  }
}
