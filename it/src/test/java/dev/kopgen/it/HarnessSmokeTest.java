package dev.kopgen.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.harness.ManifestApplier;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.it.process.OperatorProcess;
import dev.kopgen.manifests.ManifestSettings;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole path once, on the real API server: a test operator compiled by kopgen's processor, its
 * generated RBAC applied, one instance run as its generated ServiceAccount, a reconcile, then
 * SIGTERM: exit 0 and the Lease released.
 */
class HarnessSmokeTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  @Test
  void compiledOperatorRunsAsItsServiceAccountAndShutsDownCleanly() {
    String ns = api.namespace();
    OperatorProject echo = OperatorProject.compile("echo");
    ManifestApplier.apply(
        api.client(),
        echo.manifests(ManifestSettings.defaults("echo", "echo:test").withNamespace(ns)));

    try (OperatorProcess p =
        echo.start("echo-0", ns, api.server().processEnvironment(ns, "echo"))) {
      p.awaitReady(Duration.ofSeconds(30));
      api.client()
          .configMaps()
          .inNamespace(ns)
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("hello")
                  .addToLabels("echo", "source")
                  .endMetadata()
                  .addToData("greeting", "hi")
                  .build())
          .create();
      api.client()
          .secrets()
          .inNamespace(ns)
          .withName("hello-echo")
          .waitUntilCondition(
              s -> s != null && s.getData().containsKey("greeting"), 30, TimeUnit.SECONDS);
      System.out.println(
          "[figure] echo: first reconcile "
              + (System.nanoTime() - p.startedNanos()) / 1_000_000
              + " ms after exec (incl. readiness wait and object creation)");

      long term = System.nanoTime();
      p.terminate();
      assertThat(p.awaitExit(Duration.ofSeconds(20))).as(p.logText()).isZero();
      System.out.println(
          "[figure] echo: exit " + (System.nanoTime() - term) / 1_000_000 + " ms after SIGTERM");
      Lease lease =
          api.client()
              .leases()
              .inNamespace(ns)
              .withName(
                  echo.descriptor().controllers().get(0).leaderElection().orElseThrow().leaseName())
              .get();
      assertThat(lease.getSpec().getHolderIdentity()).as("holder after release").isNullOrEmpty();
    }
  }
}
