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
        .hadErrorContaining("[kopgen/UpdateFilter] @Controller(updateFilter): Inner is an inner"
            + " class")
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
        .hadErrorContaining("[kopgen/UpdateFilter] @Controller(updateFilter): Hidden is not"
            + " public (or is nested in a class that is not)")
        .inFile(g)
        .onLineContaining("updateFilter = BarReconciler.Hidden.class");
  }
}
