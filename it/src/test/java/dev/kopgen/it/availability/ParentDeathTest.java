package dev.kopgen.it.availability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.harness.ManifestApplier;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.it.process.OperatorProcess;
import dev.kopgen.manifests.ManifestSettings;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator started by a tool ({@code mvn kopgen:dev}) that is then killed outright leaves no
 * orphan: the operator, told its parent's pid in {@code KOPGEN_PARENT_PID}, shuts down gracefully
 * when that process is gone, and releases its Lease (confirmed, and logged as such). A {@code
 * sleep} process plays the killed Maven.
 */
class ParentDeathTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  @Test
  void theOperatorShutsDownGracefullyWhenItsParentIsKilled() throws Exception {
    String ns = api.namespace();
    OperatorProject echo = OperatorProject.compile("echo");
    ManifestApplier.apply(
        api.client(),
        echo.manifests(ManifestSettings.defaults("echo", "echo:test").withNamespace(ns)));
    Process maven = new ProcessBuilder("sleep", "300").start();
    Map<String, String> env = new HashMap<>(api.server().processEnvironment(ns, "echo"));
    env.put("KOPGEN_PARENT_PID", Long.toString(maven.pid()));
    try (OperatorProcess p = echo.start("echo-orphan", ns, env)) {
      p.awaitReady(Duration.ofSeconds(30));

      long killed = System.nanoTime();
      maven.destroyForcibly(); // SIGKILL: the parent gets no chance to stop its child
      int status = p.awaitExit(Duration.ofSeconds(30));
      System.out.println(
          "[figure] parent death: operator exited "
              + (System.nanoTime() - killed) / 1_000_000
              + " ms after its parent was killed");

      assertThat(status).as(p.logText()).isZero();
      assertThat(p.logText())
          .contains(
              "the process that started this operator (pid "
                  + maven.pid()
                  + ") has exited: shutting down")
          .contains("shutdown: released 1 Lease(s)");
      Lease lease =
          api.client()
              .leases()
              .inNamespace(ns)
              .withName(
                  echo.descriptor().controllers().get(0).leaderElection().orElseThrow().leaseName())
              .get();
      assertThat(lease.getSpec().getHolderIdentity()).as("holder after release").isNullOrEmpty();
    } finally {
      maven.destroyForcibly();
    }
  }
}
