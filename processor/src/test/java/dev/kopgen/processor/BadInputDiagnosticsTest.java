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
 * Values javac accepts but kopgen's arithmetic or Kubernetes cannot: each gets a tagged
 * diagnostic on the value, never an exception from the processor.
 */
class BadInputDiagnosticsTest {

  private static final String TOO_LONG =
      " is longer than 8760h, the longest duration kopgen accepts: no timeout, lease or retry"
          + " period needs more, and longer ones overflow the arithmetic and the Kubernetes fields"
          + " they end up in";

  @Test
  void reconcileTimeoutTooLargeForTheArithmeticIsADiagnostic() {
    // 999999999999999999h overflowed java.time.Duration; 99999999999999h overflowed toMillis()
    // in the generator: both were uncaught exceptions from the processor.
    JavaFileObject f =
        file(
            "FooReconciler",
            "@Controller(",
            "    resource = ConfigMap.class,",
            "    reconcileTimeout = \"999999999999999999h\")",
            "public class FooReconciler implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "}");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/Duration] @Controller(reconcileTimeout): '999999999999999999h'" + TOO_LONG)
        .inFile(f)
        .onLineContaining("reconcileTimeout = ");
    assertThat(c).hadErrorCount(1);
    assertNothingGenerated(f);
  }

  @Test
  void leaseTimingsTooLargeForTheArithmeticAreDiagnostics() {
    // These overflowed toNanos() in the timing rule (LeaseTiming.problems) and would not fit a
    // Lease's int32 leaseDurationSeconds.
    JavaFileObject f =
        file(
            "FooReconciler",
            "@Controller(resource = ConfigMap.class)",
            "@LeaderElection(",
            "    leaseDuration = \"999999999999999h\",",
            "    renewDeadline = \"99999999h\",",
            "    retryPeriod = \"2s\")",
            "public class FooReconciler implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "}");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/Duration] @LeaderElection(leaseDuration): '999999999999999h'" + TOO_LONG)
        .inFile(f)
        .onLineContaining("leaseDuration = ");
    assertThat(c)
        .hadErrorContaining("[kopgen/Duration] @LeaderElection(renewDeadline): '99999999h'" + TOO_LONG)
        .inFile(f)
        .onLineContaining("renewDeadline = ");
    assertThat(c).hadErrorCount(2);
    assertNothingGenerated(f);
  }

  @Test
  void theLongestAcceptedDurationGeneratesCodeThatCompiles() {
    // Its milliseconds exceed int range: the generated Duration.ofMillis literal needs an L.
    JavaFileObject f =
        file(
            "FooReconciler",
            "@Controller(",
            "    resource = ConfigMap.class,",
            "    reconcileTimeout = \"8759h59m59s999ms\")",
            "public class FooReconciler implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "}");
    Compilation c = compile(f);
    assertThat(c).succeeded();
    assertThat(c)
        .generatedSourceFile("com.example.FooReconciler_KopgenController")
        .contentsAsUtf8String()
        .contains("Duration.ofMillis(31535999999L)");
  }
}
