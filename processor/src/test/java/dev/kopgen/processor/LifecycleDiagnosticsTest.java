package dev.kopgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kopgen.processor.DiagnosticAssertions.assertNothingGenerated;
import static dev.kopgen.processor.KopgenCompiler.compile;
import static dev.kopgen.processor.Samples.file;
import static dev.kopgen.processor.Samples.reconcile;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Diagnostics about cleanup on delete ({@code Cleaner}) and {@code @Controller(updateFilter)}. */
class LifecycleDiagnosticsTest {

  @Test
  void aCleanerOfAnotherTypeIsRefusedOnTheClass() {
    JavaFileObject f =
        file(
            "FooReconciler",
            "import dev.kopgen.runtime.Cleaner;",
            "@Controller(resource = ConfigMap.class)",
            "public class FooReconciler implements Reconciler<ConfigMap>, Cleaner<Secret> {",
            reconcile("ConfigMap"),
            "  public Result cleanup(Secret s, Context c) { return Result.done(); }",
            "}");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/CleanerType] FooReconciler implements Cleaner<Secret> but"
                + " @Controller(resource = ConfigMap.class) declares ConfigMap: implement"
                + " Cleaner<ConfigMap>, since kopgen calls cleanup() with the primary")
        .inFile(f)
        .onLineContaining("public class FooReconciler");
    assertThat(c).hadErrorCount(1);
    assertNothingGenerated(f);
  }

  @Test
  void aRawCleanerIsRefused() {
    JavaFileObject f =
        file(
            "FooReconciler",
            "import dev.kopgen.runtime.Cleaner;",
            "@SuppressWarnings(\"rawtypes\")",
            "@Controller(resource = ConfigMap.class)",
            "public class FooReconciler implements Reconciler<ConfigMap>, Cleaner {",
            reconcile("ConfigMap"),
            "  public Result cleanup(io.fabric8.kubernetes.api.model.HasMetadata s, Context c) {",
            "    return Result.done();",
            "  }",
            "}");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/CleanerType] FooReconciler implements the raw type Cleaner: implement"
                + " Cleaner<ConfigMap> to match @Controller(resource = ConfigMap.class)")
        .inFile(f)
        .onLineContaining("public class FooReconciler");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void anUpdateFilterWithoutANoArgumentConstructorIsReportedOnTheValue() {
    JavaFileObject f =
        file(
            "FooReconciler",
            "@Controller(",
            "    resource = ConfigMap.class,",
            "    updateFilter = FooReconciler.ByName.class)",
            "public class FooReconciler implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "  public static class ByName implements UpdateFilter {",
            "    private final String name;",
            "    public ByName(String name) { this.name = name; }",
            "    @Override",
            "    public boolean accept(HasMetadata o, HasMetadata n) {",
            "      return name.equals(n.getMetadata().getName());",
            "    }",
            "  }",
            "}");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/UpdateFilter] @Controller(updateFilter): ByName has no public no-argument"
                + " constructor; kopgen creates the filter from generated code with its public"
                + " no-argument constructor, so make it a public, concrete, top-level or static"
                + " nested class with one")
        .inFile(f)
        .onLineContaining("updateFilter = FooReconciler.ByName.class");
    assertThat(c).hadErrorCount(1);
    assertNothingGenerated(f);
  }

  @Test
  void anInnerOrHiddenUpdateFilterIsRefused() {
    JavaFileObject f =
        file(
            "FooReconciler",
            "@Controller(",
            "    resource = ConfigMap.class,",
            "    updateFilter = FooReconciler.Inner.class)",
            "public class FooReconciler implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "  public class Inner implements UpdateFilter {",
            "    @Override",
            "    public boolean accept(HasMetadata o, HasMetadata n) { return true; }",
            "  }",
            "}");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/UpdateFilter] @Controller(updateFilter): Inner is an inner" + " class")
        .inFile(f)
        .onLineContaining("updateFilter = FooReconciler.Inner.class");

    JavaFileObject g =
        file(
            "BarReconciler",
            "@Controller(",
            "    resource = ConfigMap.class,",
            "    updateFilter = BarReconciler.Hidden.class)",
            "public class BarReconciler implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "  static class Hidden implements UpdateFilter {",
            "    @Override",
            "    public boolean accept(HasMetadata o, HasMetadata n) { return true; }",
            "  }",
            "}");
    assertThat(compile(g))
        .hadErrorContaining(
            "[kopgen/UpdateFilter] @Controller(updateFilter): Hidden is not"
                + " public (or is nested in a class that is not)")
        .inFile(g)
        .onLineContaining("updateFilter = BarReconciler.Hidden.class");
  }

  private static JavaFileObject retry(String... attributeLines) {
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
  void aZeroInitialBackoffIsRefusedOnItsValue() {
    JavaFileObject f =
        retry("    maxConcurrentReconciles = 2,", "    retryInitialBackoff = \"0s\")");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/RetryPolicy] @Controller(retryInitialBackoff): the initial backoff must be"
                + " longer than 0s: it is the wait after the first failure, and 0 would retry in a"
                + " hot loop")
        .inFile(f)
        .onLineContaining("retryInitialBackoff = \"0s\"");
    assertThat(c).hadErrorCount(1);
    assertNothingGenerated(f);
  }

  @Test
  void aMaximumShorterThanTheInitialBackoffIsRefusedOnTheMaximum() {
    JavaFileObject f = retry("    retryInitialBackoff = \"1m\",", "    retryMaxBackoff = \"30s\")");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/RetryPolicy] @Controller(retryMaxBackoff): the maximum backoff 30s is"
                + " shorter than the initial backoff 1m: make it at least as long")
        .inFile(f)
        .onLineContaining("retryMaxBackoff = \"30s\"");
  }

  @Test
  void anInitialBackoffLongerThanTheDefaultMaximumIsReportedOnTheInitial() {
    JavaFileObject f = retry("    retryInitialBackoff = \"10m\")");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/RetryPolicy] @Controller(retryInitialBackoff): the maximum backoff 5m is"
                + " shorter than the initial backoff 10m")
        .inFile(f)
        .onLineContaining("retryInitialBackoff = \"10m\"");
  }

  @Test
  void negativeMaximumAttemptsAreRefused() {
    JavaFileObject f = retry("    retryMaxAttempts = -1)");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/RetryPolicy] @Controller(retryMaxAttempts): maximum attempts -1 is negative:"
                + " use 0 to retry without limit, or the number of attempts after which the object"
                + " waits for its next change")
        .inFile(f)
        .onLineContaining("retryMaxAttempts = -1");
  }

  @Test
  void aRerunDelayOverTheMaximumIsRefusedOnItsValue() {
    JavaFileObject f = retry("    rerunDelay = \"30s\")");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/RerunDelay] @Controller(rerunDelay): the rerun delay 30s is longer than 10s:"
                + " every change to a busy object would wait that long")
        .inFile(f)
        .onLineContaining("rerunDelay = \"30s\"");
    assertThat(c).hadErrorCount(1);
    assertNothingGenerated(f);
  }

  @Test
  void aZeroRerunDelayIsAccepted() {
    assertThat(compile(retry("    rerunDelay = \"0s\")"))).succeeded();
  }

  @Test
  void aMalformedBackoffIsADurationError() {
    JavaFileObject f = retry("    retryMaxBackoff = \"soon\")");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/Duration] @Controller(retryMaxBackoff): 'soon' is not a" + " duration")
        .inFile(f)
        .onLineContaining("retryMaxBackoff = \"soon\"");
    assertThat(c).hadErrorCount(1);
  }
}
