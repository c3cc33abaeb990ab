package dev.kopgen.it.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.manifests.ManifestSettings;
import dev.kopgen.manifests.ManifestWriter;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start's running part (quickstart.sh, step 4) on the real API server, so the build keeps
 * it working: a test operator laid out as a packaged project, two replicas, the sample reconciled,
 * SIGTERM to the leader, the standby taking over and reconciling the next change, both replicas
 * exiting 0 with the Lease released.
 */
class HandOverShowcaseTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  @Test
  void tellsTheWholeStoryOfAPackagedOperator(@TempDir Path project) throws Exception {
    OperatorProject widgets = OperatorProject.compile("widgets");
    String ns = api.namespace();
    ManifestWriter.write(
        widgets.manifests(
            ManifestSettings.defaults("widgets", "kopgen-it/widgets:test").withNamespace(ns)),
        project.resolve("target/kubernetes"));
    Files.createDirectories(project.resolve("src/main/k8s"));
    Files.writeString(
        project.resolve("src/main/k8s/sample.yaml"),
        """
        apiVersion: kopgen.dev/v1
        kind: Widget
        metadata:
          name: sample
        spec:
          message: hello
        """);

    ByteArrayOutputStream transcript = new ByteArrayOutputStream();
    HandOverShowcase.Figures figures;
    try (PrintStream out = new PrintStream(transcript, true, StandardCharsets.UTF_8)) {
      figures =
          HandOverShowcase.run(
              api.server(),
              project,
              widgets.entryPoint(),
              widgets.classes() + File.pathSeparator + System.getProperty("java.class.path"),
              out);
    } finally {
      System.out.print(transcript.toString(StandardCharsets.UTF_8));
    }

    assertThat(figures.leader()).isNotEqualTo(figures.standby());
    assertThat(figures.leaderExitStatus()).isZero();
    assertThat(figures.standbyExitStatus()).isZero();
    assertThat(figures.leaseReleasedByLeader()).isTrue();
    // A correctness bound, not a speed target: a released Lease is taken over through the
    // standby's watch, long before the 4 s lease duration of this operator could run out.
    assertThat(figures.takeoverMillis()).isLessThan(4_000);
    assertThat(transcript.toString(StandardCharsets.UTF_8))
        .contains("child ConfigMap sample-widget (ownerReference controller=true)")
        .contains("reconciled generation 2");
    System.out.printf(
        "[figure] showcase: first reconcile %d ms, take-over %d ms after SIGTERM, leader exit %d"
            + " ms%n",
        figures.firstReconcileMillis(), figures.takeoverMillis(), figures.leaderExitMillis());
  }
}
