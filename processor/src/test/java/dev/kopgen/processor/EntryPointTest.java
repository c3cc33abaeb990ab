package dev.kopgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kopgen.processor.KopgenCompiler.compile;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** Where the entry point goes when the controllers share no package. */
class EntryPointTest {

  @Test
  void withoutACommonPackageTheFirstControllersPackageIsUsed() {
    Compilation c =
        compile(
            Samples.controllerIn(
                "org.other", "AReconciler", "ConfigMap", "@Controller(resource = ConfigMap.class)"),
            Samples.controllerIn(
                "com.acme.ops", "ZReconciler", "Secret", "@Controller(resource = Secret.class)"));
    assertThat(c).succeededWithoutWarnings();
    // com.acme.ops.ZReconciler sorts before org.other.AReconciler by qualified name.
    assertThat(c)
        .generatedSourceFile("com.acme.ops.KopgenOperator")
        .contentsAsUtf8String()
        .contains(
            "AReconciler_KopgenController.definition(),\n        ZReconciler_KopgenController.definition());");
  }
}
