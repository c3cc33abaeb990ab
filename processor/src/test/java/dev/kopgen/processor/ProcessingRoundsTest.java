package dev.kopgen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Set;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * kopgen must cause no processing round beyond the one its generated sources need: everything
 * (every controller's wiring and the entry point) is generated in the round the controllers are
 * found, so the generated sources are all compiled in one extra round.
 */
class ProcessingRoundsTest {

  private static final JavaFileObject[] SOURCES = {
    Samples.controllerIn(
        "com.example.a", "AReconciler", "ConfigMap", "@Controller(resource = ConfigMap.class)"),
    Samples.controllerIn(
        "com.example.b", "BReconciler", "Secret", "@Controller(resource = Secret.class)")
  };

  @Test
  void everythingIsGeneratedInTheFirstRound() {
    RoundRecorder plain = new RoundRecorder();
    Compilation withoutKopgen = javac().withProcessors(plain).compile(SOURCES);
    assertThat(withoutKopgen).succeeded();

    RoundRecorder recorder = new RoundRecorder();
    Compilation withKopgen =
        javac().withProcessors(recorder, new KopgenProcessor()).compile(SOURCES);
    assertThat(withKopgen).succeeded();

    System.out.printf(
        "processing rounds: %d without kopgen, %d with kopgen%n",
        plain.roots.size(), recorder.roots.size());
    // Without kopgen: the sources' round and the final round.
    assertThat(plain.roots).hasSize(2);
    // With kopgen: one more, in which exactly kopgen's round-1 output is compiled.
    assertThat(recorder.roots).hasSize(3);
    assertThat(recorder.roots.get(1))
        .containsExactly(
            "com.example.KopgenOperator",
            "com.example.a.AReconciler_KopgenController",
            "com.example.b.BReconciler_KopgenController");
    assertThat(recorder.roots.get(2)).isEqualTo(Set.of());
    assertThat(List.copyOf(recorder.roots.get(0)))
        .containsAtLeast("com.example.a.AReconciler", "com.example.b.BReconciler");
  }
}
