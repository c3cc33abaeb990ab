package dev.kopgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kopgen.processor.DiagnosticAssertions.assertNothingGenerated;
import static dev.kopgen.processor.KopgenCompiler.compile;
import static dev.kopgen.processor.Samples.file;
import static dev.kopgen.processor.Samples.reconcile;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics about {@code @Controller}'s attributes. Each annotation is spread over several lines
 * so the tests prove the diagnostic points at the offending value, not just the class.
 */
class AttributeDiagnosticsTest {

  private static JavaFileObject controller(String... attributeLines) {
    String[] lines = new String[attributeLines.length + 5];
    lines[0] = "@Controller(";
    lines[1] = "    resource = ConfigMap.class,";
    System.arraycopy(attributeLines, 0, lines, 2, attributeLines.length);
    lines[attributeLines.length + 2] =
        "public class FooReconciler implements Reconciler<ConfigMap> {";
    lines[attributeLines.length + 3] = reconcile("ConfigMap");
    lines[attributeLines.length + 4] = "}";
    return file("FooReconciler", lines);
  }

  @Test
  void malformedReconcileTimeoutIsReportedOnTheValue() {
    JavaFileObject f =
        controller("    maxConcurrentReconciles = 2,", "    reconcileTimeout = \"30\")");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/Duration] @Controller(reconcileTimeout): '30' is not a duration: write a"
                + " whole number with a unit, such as \"500ms\", \"15s\", \"2m\" or \"1h30m\"")
        .inFile(f)
        .onLineContaining("reconcileTimeout = \"30\"");
    assertThat(c).hadErrorCount(1);
    assertNothingGenerated(f);
  }

  @Test
  void zeroReconcileTimeoutIsRefused() {
    JavaFileObject f = controller("    reconcileTimeout = \"0s\")");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/ReconcileTimeout] reconcileTimeout must be longer than 0s: it bounds one"
                + " reconcile and the shutdown drain")
        .inFile(f)
        .onLineContaining("reconcileTimeout = \"0s\"");
  }

  @Test
  void veryLongReconcileTimeoutIsAWarning() {
    JavaFileObject f = controller("    reconcileTimeout = \"10m\")");
    Compilation c = compile(f);
    assertThat(c).succeeded();
    assertThat(c)
        .hadWarningContaining(
            "[kopgen/LongReconcileTimeout] reconcileTimeout 10m is longer than 5m: the generated"
                + " terminationGracePeriodSeconds becomes 605, so a rollout may wait that long")
        .inFile(f)
        .onLineContaining("reconcileTimeout = \"10m\"");
    assertThat(c).generatedSourceFile("com.example.FooReconciler_KopgenController");
  }

  @Test
  void maxConcurrentReconcilesBelowOneIsRefused() {
    JavaFileObject f = controller("    maxConcurrentReconciles = 0)");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/MaxConcurrentReconciles] maxConcurrentReconciles must be at least 1, was 0")
        .inFile(f)
        .onLineContaining("maxConcurrentReconciles = 0");
  }

  @Test
  void invalidControllerNameIsRefused() {
    JavaFileObject f = controller("    name = \"Foo_Bar\")");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/ControllerName] @Controller(name): 'Foo_Bar' is not a valid Kubernetes name:"
                + " use at most 63 lowercase letters, digits and '-', starting and ending with a"
                + " letter or digit")
        .inFile(f)
        .onLineContaining("name = \"Foo_Bar\"");
  }

  @Test
  void invalidDerivedControllerNameAsksForAnExplicitName() {
    JavaFileObject f =
        file(
            "Legacy_Reconciler",
            "@Controller(resource = ConfigMap.class)",
            "public class Legacy_Reconciler implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "}");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/ControllerName] the controller name derived from class Legacy_Reconciler,"
                + " 'legacy-' is not a valid Kubernetes name")
        .inFile(f)
        .onLineContaining("@Controller(resource = ConfigMap.class)");
  }

  @Test
  void invalidAndRepeatedNamespacesAreRefused() {
    JavaFileObject f =
        controller(
            "    namespaces = {",
            "        \"team-a\",",
            "        \"Team_B\",",
            "        \"team-a\"})");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/Namespace] @Controller(namespaces): namespace 'Team_B' is not a valid"
                + " Kubernetes name")
        .inFile(f)
        .onLineContaining("\"Team_B\"");
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/DuplicateNamespace] @Controller(namespaces) lists namespace 'team-a' twice:"
                + " remove the repeat")
        .inFile(f)
        .onLineContaining("\"team-a\"})");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void malformedLabelSelectorIsRefused() {
    JavaFileObject f = controller("    labelSelector = \"app=web,,tier\")");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/LabelSelector] @Controller(labelSelector) \"app=web,,tier\": it has an empty"
                + " requirement (a doubled or trailing comma): remove it")
        .inFile(f)
        .onLineContaining("labelSelector = ");
  }

  @Test
  void labelSelectorWithAnInvalidKeyIsRefused() {
    JavaFileObject f = controller("    labelSelector = \"tier in (web,api),-app=web\")");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/LabelSelector] @Controller(labelSelector) \"tier in (web,api),-app=web\":"
                + " '-app' is not a valid label key")
        .inFile(f)
        .onLineContaining("labelSelector = ");
  }
}
