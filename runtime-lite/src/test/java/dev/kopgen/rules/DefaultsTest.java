package dev.kopgen.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.annotations.Owns;
import dev.kopgen.annotations.Verb;
import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A controller built by hand behaves as the same controller declared with bare annotations. */
class DefaultsTest {

  private static Object annotationDefault(Class<?> annotation, String attribute) throws Exception {
    return annotation.getMethod(attribute).getDefaultValue();
  }

  @Test
  void theRuntimeBuilderDefaultsAreTheAnnotationDefaults() throws Exception {
    ControllerDefinition<ConfigMap> built =
        ControllerDefinition.builder("c", ConfigMap.class, () -> (cm, ctx) -> Result.done())
            .build();
    assertThat(built.maxConcurrentReconciles())
        .isEqualTo(annotationDefault(Controller.class, "maxConcurrentReconciles"));
    assertThat(built.reconcileTimeout())
        .isEqualTo(
            Durations.parse((String) annotationDefault(Controller.class, "reconcileTimeout")));
    assertThat(built.rerunDelay())
        .isEqualTo(Durations.parse((String) annotationDefault(Controller.class, "rerunDelay")));
  }

  @Test
  void leaseTimingAndRetryDefaultsAreTheAnnotationDefaults() throws Exception {
    assertThat(LeaseTiming.DEFAULT)
        .isEqualTo(
            new LeaseTiming(
                Durations.parse((String) annotationDefault(LeaderElection.class, "leaseDuration")),
                Durations.parse((String) annotationDefault(LeaderElection.class, "renewDeadline")),
                Durations.parse((String) annotationDefault(LeaderElection.class, "retryPeriod"))));
    assertThat(RetryRules.DEFAULT_INITIAL_BACKOFF)
        .isEqualTo(
            Durations.parse((String) annotationDefault(Controller.class, "retryInitialBackoff")));
    assertThat(RetryRules.DEFAULT_MAX_BACKOFF)
        .isEqualTo(
            Durations.parse((String) annotationDefault(Controller.class, "retryMaxBackoff")));
  }

  @Test
  void theRuntimeBuilderRefusesARerunDelayTheRuleRefuses() {
    assertThatThrownBy(
            () ->
                ControllerDefinition.builder("c", ConfigMap.class, () -> (cm, ctx) -> Result.done())
                    .rerunDelay(Duration.ofSeconds(11)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 10s");
  }

  @Test
  void ownedVerbsDefaultIsOneForOwnsAndControllerAndTheDescriptorBuilder() throws Exception {
    java.util.function.Function<Object, java.util.List<String>> rbac =
        verbs -> java.util.Arrays.stream((Verb[]) verbs).map(Verb::rbacName).sorted().toList();
    assertThat(rbac.apply(annotationDefault(Owns.class, "verbs")))
        .isEqualTo(Defaults.OWNED_VERBS)
        .isEqualTo(rbac.apply(annotationDefault(Controller.class, "ownedVerbs")))
        .isEqualTo(ControllerDescriptorBuilder.DEFAULT_OWNED_VERBS);
    assertThat(annotationDefault(Owns.class, "metadataOnly")).isEqualTo(false);
  }

  @Test
  void theRuntimeBuilderRefusesAZeroReconcileTimeoutAsTheProcessorDoes() {
    assertThatThrownBy(
            () ->
                ControllerDefinition.builder("c", ConfigMap.class, () -> (cm, ctx) -> Result.done())
                    .reconcileTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("reconcileTimeout must be longer than 0s");
  }
}
