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
 * Values javac accepts but kopgen's arithmetic or Kubernetes cannot: each gets a tagged diagnostic
 * on the value, never an exception from the processor.
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
        .hadErrorContaining(
            "[kopgen/Duration] @LeaderElection(renewDeadline): '99999999h'" + TOO_LONG)
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

  @Test
  void shardDeploymentNameOverTheLabelLimitIsReportedOnTheShardName() {
    String controller = "c".repeat(40);
    String shard = "s".repeat(21); // 40 + 1 + 21 = 62: a one-letter operator name no longer fits
    JavaFileObject f =
        file(
            "FooReconciler",
            "@Controller(resource = ConfigMap.class, name = \"" + controller + "\")",
            "@LeaderElection",
            "@Sharded({",
            "    @Shard(name = \"a\", namespaces = \"a\"),",
            "    @Shard(name = \"" + shard + "\", namespaces = \"b\")})",
            "public class FooReconciler implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "}");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/DerivedNameLength] the Deployment of shard '"
                + shard
                + "' is named"
                + " <operator>-"
                + controller
                + "-"
                + shard
                + " and carries that name in a label,"
                + " which Kubernetes limits to 63 characters: '"
                + controller
                + "-"
                + shard
                + "' has 62, leaving no room for the operator's name (at most 61 fit): shorten the"
                + " shard name or @Controller(name)")
        .inFile(f)
        .onLineContaining("@Shard(name = \"" + shard);
    assertThat(c).hadErrorCount(1);
    assertNothingGenerated(f);
  }

  @Test
  void shardLeaseNameOverTheLimitIsReportedOnTheLeaseName() {
    String lease = "l".repeat(250);
    JavaFileObject f =
        file(
            "FooReconciler",
            "@Controller(resource = ConfigMap.class)",
            "@LeaderElection(",
            "    leaseName = \"" + lease + "\")",
            "@Sharded(@Shard(name = \"abc\", namespaces = \"a\"))",
            "public class FooReconciler implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "}");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/DerivedNameLength] shard 'abc' elects its leader with Lease '"
                + lease
                + "-abc', 254 characters, longer than the 253 Kubernetes allows for a Lease name:"
                + " shorten @LeaderElection(leaseName)")
        .inFile(f)
        .onLineContaining("leaseName = ");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void derivedNamesAtTheirLimitsAreAccepted() {
    JavaFileObject f =
        file(
            "FooReconciler",
            "@Controller(resource = ConfigMap.class, name = \"" + "c".repeat(40) + "\")",
            "@LeaderElection(leaseName = \"" + "l".repeat(232) + "\")",
            "@Sharded(@Shard(name = \"" + "s".repeat(20) + "\", namespaces = \"a\"))",
            "public class FooReconciler implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "}");
    assertThat(compile(f)).succeededWithoutWarnings();
  }
}
