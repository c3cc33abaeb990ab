package dev.kopgen.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The three timings of Lease-based leader election and the rule that makes them safe.
 *
 * @param leaseDuration how long a Lease is valid after its last renewal
 * @param renewDeadline how long the leader keeps trying to renew before it fences itself
 * @param retryPeriod how often candidates retry and the leader renews
 */
public record LeaseTiming(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

  /** client-go's jitter factor: retries happen after retryPeriod × (1 + up to 0.2). */
  public static final double JITTER_FACTOR = 1.2;

  /** client-go's and fabric8's defaults: 15 s, 10 s, 2 s. */
  public static final LeaseTiming DEFAULT =
      new LeaseTiming(
          Durations.parse(Defaults.LEASE_DURATION),
          Durations.parse(Defaults.RENEW_DEADLINE),
          Durations.parse(Defaults.RETRY_PERIOD));

  public LeaseTiming {
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    Objects.requireNonNull(renewDeadline, "renewDeadline");
    Objects.requireNonNull(retryPeriod, "retryPeriod");
  }

  /**
   * The safety rule {@code leaseDuration > renewDeadline > JITTER_FACTOR × retryPeriod}, and
   * positive values. The renew deadline must end before the Lease does, so a leader fences itself
   * before any standby may take over; and a leader must get more than one jittered retry in before
   * its deadline.
   *
   * @return one message per violated condition, each naming the attribute to change; empty when the
   *     timing is safe
   */
  public List<Problem> problems() {
    List<Problem> problems = new ArrayList<>();
    if (retryPeriod.isZero() || retryPeriod.isNegative()) {
      problems.add(new Problem("retryPeriod", "retryPeriod must be positive"));
    }
    if (leaseDuration.compareTo(renewDeadline) <= 0) {
      problems.add(
          new Problem(
              "renewDeadline",
              "renewDeadline ("
                  + Durations.format(renewDeadline)
                  + ") must be shorter than leaseDuration ("
                  + Durations.format(leaseDuration)
                  + "): the leader has to fence itself before a standby may take the Lease"));
    }
    Duration jitteredRetry = Duration.ofNanos((long) (retryPeriod.toNanos() * JITTER_FACTOR));
    if (renewDeadline.compareTo(jitteredRetry) <= 0) {
      problems.add(
          new Problem(
              "retryPeriod",
              "retryPeriod ("
                  + Durations.format(retryPeriod)
                  + ") × "
                  + JITTER_FACTOR
                  + " must be shorter than renewDeadline ("
                  + Durations.format(renewDeadline)
                  + "): the leader needs more than one retry before its deadline"));
    }
    return problems;
  }

  /**
   * The longest a standby needs to take over after the leader crashed: the Lease has to expire
   * (leaseDuration after the last renewal) and the standby's next jittered retry to come.
   */
  public Duration crashTakeoverBound() {
    return leaseDuration.plus(Duration.ofNanos((long) (retryPeriod.toNanos() * JITTER_FACTOR)));
  }

  /** A human-readable summary, used in generated comments and logs. */
  public String describe() {
    return "leaseDuration "
        + Durations.format(leaseDuration)
        + " > renewDeadline "
        + Durations.format(renewDeadline)
        + " > "
        + JITTER_FACTOR
        + " × retryPeriod "
        + Durations.format(retryPeriod);
  }

  /**
   * A violated timing condition.
   *
   * @param attribute the {@code @LeaderElection} attribute to change
   * @param message what is wrong and why
   */
  public record Problem(String attribute, String message) {}
}
