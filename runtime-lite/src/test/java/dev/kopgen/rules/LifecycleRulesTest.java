package dev.kopgen.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleRulesTest {

  @Test
  void finalizerIsNamedAfterGroupAndController() {
    assertThat(LifecycleRules.finalizerName("example.com", "web-app"))
        .isEqualTo("example.com/web-app");
    assertThat(LifecycleRules.finalizerName("", "config-copy"))
        .as("the core group has no domain: kopgen's stands in")
        .isEqualTo("kopgen.dev/config-copy");
    assertThat(LifecycleRules.finalizerName(null, "x")).isEqualTo("kopgen.dev/x");
  }

  @Test
  void sameGenerationFinalizersAndDeletionIsNotAChangeOfIntent() {
    assertThat(LifecycleRules.updateChangesIntent(3L, 3L, null, List.of(), null, null)).isFalse();
    assertThat(LifecycleRules.updateChangesIntent(3L, 3L, List.of("a"), List.of("a"), "t", "t"))
        .isFalse();
  }

  @Test
  void aNewGenerationFinalizerOrDeletionIsAChangeOfIntent() {
    assertThat(LifecycleRules.updateChangesIntent(3L, 4L, null, null, null, null)).isTrue();
    assertThat(LifecycleRules.updateChangesIntent(3L, 3L, null, List.of("f"), null, null)).isTrue();
    assertThat(LifecycleRules.updateChangesIntent(3L, 3L, List.of("f"), List.of(), null, null))
        .isTrue();
    assertThat(LifecycleRules.updateChangesIntent(3L, 3L, null, null, null, "2026-01-01T00:00:00Z"))
        .isTrue();
  }

  @Test
  void withoutAGenerationEveryUpdateIsAChangeOfIntent() {
    // ConfigMap, Secret: no generation, so a status write cannot be told from an edit.
    assertThat(LifecycleRules.updateChangesIntent(null, null, null, null, null, null)).isTrue();
    assertThat(LifecycleRules.updateChangesIntent(1L, null, null, null, null, null)).isTrue();
  }

  @Test
  void rerunDelayFromZeroUpToTenSeconds() {
    assertThat(LifecycleRules.rerunDelayProblem(Duration.ZERO)).isEmpty();
    assertThat(LifecycleRules.rerunDelayProblem(LifecycleRules.DEFAULT_RERUN_DELAY)).isEmpty();
    assertThat(LifecycleRules.rerunDelayProblem(Duration.ofSeconds(10))).isEmpty();
    assertThat(LifecycleRules.rerunDelayProblem(Duration.ofMillis(-1)))
        .hasValueSatisfying(p -> assertThat(p).contains("must not be negative"));
    assertThat(LifecycleRules.rerunDelayProblem(Duration.ofMillis(10_001)))
        .hasValueSatisfying(p -> assertThat(p).contains("requeueAfter"));
  }
}
