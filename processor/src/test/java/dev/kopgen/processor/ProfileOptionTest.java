package dev.kopgen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * {@code -Akopgen.profile} prints where kopgen's time went as one note, naming every phase of the
 * pipeline it ran; without the option kopgen prints nothing of it.
 */
class ProfileOptionTest {

  @Test
  void theOptionPrintsOneNoteWithEveryPhase() {
    Compilation c =
        javac()
            .withProcessors(new KopgenProcessor())
            .withOptions("-Akopgen.profile")
            .compile(Samples.MINIMAL);
    assertThat(c).succeeded();
    assertThat(c).hadNoteContaining("[kopgen/Profile] time per phase");
    String note =
        c.diagnostics().stream()
            .filter(d -> d.getKind() == Diagnostic.Kind.NOTE)
            .map(d -> d.getMessage(null))
            .filter(m -> m.startsWith("[kopgen/Profile]"))
            .findFirst()
            .orElseThrow();
    System.out.println("[figure] " + note);
    for (String phase :
        new String[] {
          "read annotations",
          "validate",
          "model",
          "module checks",
          "generate (JavaPoet model)",
          "emit (JavaPoet + Filer)",
          "javac Filer.createSourceFile",
          "javac Filer.createResource",
          "descriptor",
          "from init to the last round"
        }) {
      assertThat(note).contains(phase);
    }
    // One controller and the entry point: two sources through the Filer.
    assertThat(note).containsMatch("javac Filer.createSourceFile +[0-9.]+ ms +2×");
  }

  @Test
  void withoutTheOptionThereIsNoNote() {
    Compilation c = javac().withProcessors(new KopgenProcessor()).compile(Samples.MINIMAL);
    assertThat(c).succeeded();
    assertThat(
            c.diagnostics().stream()
                .filter(d -> d.getMessage(null).contains("[kopgen/Profile]"))
                .count())
        .isEqualTo(0);
  }
}
