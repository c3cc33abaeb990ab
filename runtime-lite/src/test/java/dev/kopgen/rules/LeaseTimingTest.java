package dev.kopgen.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseTimingTest {

  private static LeaseTiming timing(String lease, String renew, String retry) {
    return new LeaseTiming(Durations.parse(lease), Durations.parse(renew), Durations.parse(retry));
  }

  @Test
  void defaultsAreClientGosAndSafe() {
    assertThat(LeaseTiming.DEFAULT).isEqualTo(timing("15s", "10s", "2s"));
    assertThat(LeaseTiming.DEFAULT.problems()).isEmpty();
  }

  @Test
  void renewDeadlineMustBeShorterThanLeaseDuration() {
    assertThat(timing("10s", "10s", "2s").problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.attribute()).isEqualTo("renewDeadline");
              assertThat(p.message())
                  .isEqualTo(
                      "renewDeadline (10s) must be shorter than leaseDuration (10s): the leader"
                          + " has to fence itself before a standby may take the Lease");
            });
  }

  @Test
  void renewDeadlineMustExceedOneJitteredRetry() {
    // 1.2 × 5s = 6s: a 6s deadline allows no second retry.
    assertThat(timing("15s", "6s", "5s").problems())
        .singleElement()
        .satisfies(p -> assertThat(p.attribute()).isEqualTo("retryPeriod"));
    assertThat(timing("15s", "6001ms", "5s").problems()).isEmpty();
  }

  @Test
  void everyViolatedConditionIsReported() {
    assertThat(timing("2s", "3s", "0s").problems())
        .extracting(LeaseTiming.Problem::attribute)
        .containsExactly("retryPeriod", "renewDeadline");
  }

  @Test
  void crashTakeoverBoundIsLeaseDurationPlusAJitteredRetry() {
    assertThat(LeaseTiming.DEFAULT.crashTakeoverBound()).isEqualTo(Duration.ofMillis(17_400));
  }

  @Test
  void describesItselfForGeneratedComments() {
    assertThat(LeaseTiming.DEFAULT.describe())
        .isEqualTo("leaseDuration 15s > renewDeadline 10s > 1.2 × retryPeriod 2s");
  }
}
