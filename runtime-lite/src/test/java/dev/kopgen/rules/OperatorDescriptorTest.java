package dev.kopgen.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.rules.OperatorDescriptor.LeaseDescriptor;
import dev.kopgen.rules.OperatorDescriptor.ShardDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorDescriptorTest {

  static OperatorDescriptor sample() {
    ControllerDescriptor elected =
        ControllerDescriptor.builder(
                "web-app", "com.example.WebAppReconciler", "com.example.WebApp")
            .ownedClasses(List.of("io.fabric8.kubernetes.api.model.ConfigMap"))
            .labelSelector("tier=web, app in (a,b)")
            .maxConcurrentReconciles(4)
            .reconcileTimeout(Duration.ofSeconds(30))
            .updatesStatus(true)
            .primaryVerbs(List.of("patch"))
            .ownedVerbs(List.of("update", "create"))
            .leaderElection(
                Optional.of(new LeaseDescriptor("web-app", LeaseTiming.DEFAULT, 2, "EXIT")))
            .shards(
                List.of(
                    new ShardDescriptor("a", List.of("team-a", "team-a2"), ""),
                    new ShardDescriptor("b", List.of("team-b"), "")))
            .build();
    ControllerDescriptor plain =
        ControllerDescriptor.builder(
                "a-first", "com.example.Outer$Inner", "io.fabric8.kubernetes.api.model.ConfigMap")
            .namespaces(List.of("ns1"))
            .maxConcurrentReconciles(1)
            .reconcileTimeout(Duration.ofMillis(1500))
            .updatesStatus(false)
            .ownedVerbs(List.of())
            .build();
    return new OperatorDescriptor("com.example.KopgenOperator", List.of(elected, plain));
  }

  @Test
  void roundTripsThroughText() {
    OperatorDescriptor d = sample();
    assertThat(OperatorDescriptor.parse(d.toText())).isEqualTo(d);
  }

  @Test
  void controllersAndVerbsAreSortedSoTheTextIsDeterministic() {
    OperatorDescriptor d = sample();
    assertThat(d.controllers())
        .extracting(ControllerDescriptor::name)
        .containsExactly("a-first", "web-app");
    assertThat(d.controllers().get(1).ownedVerbs()).containsExactly("create", "update");
    assertThat(d.toText()).isEqualTo(sample().toText());
  }

  @Test
  void textIsPlainSortedKeyValueLines() {
    String text = sample().toText();
    assertThat(text)
        .startsWith("# kopgen operator descriptor")
        .contains("\ncontroller.web-app.lease.duration=15s\n")
        .contains("\ncontroller.web-app.labelSelector=tier\\=web, app in (a,b)\n")
        .contains("\ncontroller.a-first.reconciler=com.example.Outer$Inner\n")
        .doesNotContain("\r");
    List<String> keys =
        text.lines()
            .filter(l -> !l.startsWith("#"))
            .map(l -> l.substring(0, l.indexOf('=')))
            .toList();
    assertThat(keys).isSorted();
  }

  @Test
  void refusesAnotherFormatVersionWithAClearMessage() {
    assertThatThrownBy(() -> OperatorDescriptor.parse("format=99\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compile the project with the same kopgen version as the plugin");
  }

  @Test
  void namesAMissingKey() {
    assertThatThrownBy(() -> OperatorDescriptor.parse("format=1\ncontrollers=x\nentryPoint=a.B\n"))
        .hasMessage("kopgen descriptor is missing 'controller.x.reconciler'");
  }

  @Test
  void theCleanupFinalizerRoundTripsAndIsWrittenOnlyWhenThereIsOne() {
    OperatorDescriptor d = sample();
    ControllerDescriptor c = d.controllers().get(0);
    ControllerDescriptor cleaning = c.toBuilder().finalizer("kopgen.dev/a-first").build();
    OperatorDescriptor withCleaner =
        new OperatorDescriptor(d.entryPoint(), List.of(cleaning, d.controllers().get(1)));
    assertThat(withCleaner.toText())
        .contains("\ncontroller.a-first.finalizer=kopgen.dev/a-first\n");
    assertThat(OperatorDescriptor.parse(withCleaner.toText())).isEqualTo(withCleaner);
    assertThat(OperatorDescriptor.parse(withCleaner.toText()).controllers().get(0).cleans())
        .isTrue();
    assertThat(d.toText()).doesNotContain("finalizer");
  }
}
