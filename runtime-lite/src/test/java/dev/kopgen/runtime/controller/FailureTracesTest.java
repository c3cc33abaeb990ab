package dev.kopgen.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureTracesTest {

  @Test
  void onlyTheFirstFailureOfARunGetsItsTrace() {
    assertThat(FailureTraces.firstOfARun(1)).isTrue();
    // 1,767 lines in two minutes came from a trace on every retry of one object.
    for (int retry = 2; retry <= 100; retry++) {
      assertThat(FailureTraces.firstOfARun(retry)).isFalse();
    }
  }
}
