package dev.kopgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kopgen.processor.DiagnosticAssertions.assertNothingGenerated;
import static dev.kopgen.processor.KopgenCompiler.compile;
import static dev.kopgen.processor.Samples.file;
import static dev.kopgen.processor.Samples.reconcile;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Diagnostics about {@code @LeaderElection}, and about it or {@code @Sharded} out of place. */
class LeaderElectionDiagnosticsTest {

  private static JavaFileObject elected(String... leaderElectionLines) {
    String[] lines = new String[leaderElectionLines.length + 5];
    lines[0] = "@Controller(resource = ConfigMap.class)";
    lines[1] = "@LeaderElection(";
    System.arraycopy(leaderElectionLines, 0, lines, 2, leaderElectionLines.length);
    lines[leaderElectionLines.length + 2] =
        "public class FooReconciler implements Reconciler<ConfigMap> {";
    lines[leaderElectionLines.length + 3] = reconcile("ConfigMap");
    lines[leaderElectionLines.length + 4] = "}";
    return file("FooReconciler", lines);
  }

  @Test
  void invalidLeaseNameIsRefused() {
    JavaFileObject f = elected("    leaseName = \"Foo_Lease\")");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/LeaseName] @LeaderElection(leaseName): 'Foo_Lease' is not a valid Kubernetes"
                + " name: use at most 253 lowercase letters, digits, '-' and '.'")
        .inFile(f)
        .onLineContaining("leaseName = ");
  }

  @Test
  void malformedTimingsAreReportedOnTheirValues() {
    JavaFileObject f =
        elected(
            "    leaseDuration = \"15 s\",",
            "    renewDeadline = \"10s\",",
            "    retryPeriod = \"2s1m\")");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/Duration] @LeaderElection(leaseDuration): '15 s' is not a duration")
        .inFile(f)
        .onLineContaining("leaseDuration = ");
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/Duration] @LeaderElection(retryPeriod): '2s1m' repeats or misorders its"
                + " units: write the largest unit first, once each")
        .inFile(f)
        .onLineContaining("retryPeriod = ");
    assertThat(c).hadErrorCount(2);
    assertNothingGenerated(f);
  }

  @Test
  void unsafeTimingIsReportedOnTheAttributeToChange() {
    JavaFileObject f =
        elected(
            "    leaseDuration = \"15s\",",
            "    renewDeadline = \"20s\",",
            "    retryPeriod = \"17s\")");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/LeaseTiming] @LeaderElection(renewDeadline): renewDeadline (20s) must be"
                + " shorter than leaseDuration (15s): the leader has to fence itself before a"
                + " standby may take the Lease")
        .inFile(f)
        .onLineContaining("renewDeadline = ");
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/LeaseTiming] @LeaderElection(retryPeriod): retryPeriod (17s) × 1.2 must be"
                + " shorter than renewDeadline (20s): the leader needs more than one retry before"
                + " its deadline")
        .inFile(f)
        .onLineContaining("retryPeriod = ");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void timingProblemOfADefaultedAttributeIsReportedOnTheAnnotation() {
    // retryPeriod keeps its default of 2s, which is too long for a 2s renewDeadline: there is no
    // written value to point at, so the diagnostic points at @LeaderElection.
    JavaFileObject f = elected("    renewDeadline = \"2s\")");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/LeaseTiming] @LeaderElection(retryPeriod): retryPeriod (2s) × 1.2 must be"
                + " shorter than renewDeadline (2s)")
        .inFile(f)
        .onLineContaining("@LeaderElection(");
  }

  @Test
  void replicasBelowOneIsRefused() {
    JavaFileObject f = elected("    replicas = 0)");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/Replicas] @LeaderElection(replicas): replicas must be at least 1, was 0")
        .inFile(f)
        .onLineContaining("replicas = 0");
  }

  @Test
  void leaderElectionWithoutControllerIsRefused() {
    JavaFileObject f =
        file(
            "Foo",
            "@LeaderElection",
            "public class Foo implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "}");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/MissingController] @LeaderElection on Foo has no effect without @Controller:"
                + " add @Controller(resource = ...) or remove @LeaderElection")
        .inFile(f)
        .onLineContaining("@LeaderElection");
    assertNothingGenerated(f);
  }

  @Test
  void shardedWithoutControllerIsRefused() {
    JavaFileObject f =
        file("Foo", "@Sharded(@Shard(name = \"a\", namespaces = \"a\"))", "public class Foo {}");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/MissingController] @Sharded on Foo has no effect without @Controller")
        .inFile(f)
        .onLineContaining("@Sharded(");
  }
}
