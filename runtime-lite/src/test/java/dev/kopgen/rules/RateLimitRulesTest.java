package dev.kopgen.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateLimitRulesTest {

  @Test
  void unsetMeansNoLimit() {
    assertThat(RateLimitRules.parse(null, null)).isEmpty();
    assertThat(RateLimitRules.parse(" ", "")).isEmpty();
  }

  @Test
  void theBurstDefaultsToOneSecondsWorthAndAtLeastOne() {
    assertThat(RateLimitRules.parse("20", null)).contains(new RateLimitRules.Limit(20, 20));
    assertThat(RateLimitRules.parse("0.5", null)).contains(new RateLimitRules.Limit(0.5, 1));
    assertThat(RateLimitRules.parse(" 2.5 ", "40")).contains(new RateLimitRules.Limit(2.5, 40));
  }

  @Test
  void badValuesNameTheVariableToFix() {
    assertThatThrownBy(() -> RateLimitRules.parse("fast", null))
        .hasMessage(
            "KOPGEN_RECONCILE_RATE='fast' is not a number: use reconciles per second,"
                + " such as 20 or 0.5");
    assertThatThrownBy(() -> RateLimitRules.parse("0", null))
        .hasMessageStartingWith("KOPGEN_RECONCILE_RATE: the reconcile rate 0.0 must be");
    assertThatThrownBy(() -> RateLimitRules.parse("Infinity", null))
        .hasMessageStartingWith("KOPGEN_RECONCILE_RATE: ");
    assertThatThrownBy(() -> RateLimitRules.parse("10", "0"))
        .hasMessage(
            "KOPGEN_RECONCILE_BURST: the reconcile burst 0 must be at least 1: it is how"
                + " many reconciles may start at once");
    assertThatThrownBy(() -> RateLimitRules.parse("10", "lots"))
        .hasMessageStartingWith("KOPGEN_RECONCILE_BURST='lots' is not a whole number");
    assertThatThrownBy(() -> RateLimitRules.parse(null, "10"))
        .hasMessageStartingWith("KOPGEN_RECONCILE_BURST='10' is set without KOPGEN_RECONCILE_RATE");
  }
}
