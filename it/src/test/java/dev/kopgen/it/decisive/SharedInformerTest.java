package dev.kopgen.it.decisive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.AuditEvent;
import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.harness.ManifestApplier;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.it.process.OperatorProcess;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two controllers of one operator that both own ConfigMaps open one ConfigMap watch, not two: the
 * API server's audit log records a single LIST of ConfigMaps from the operator, and each controller
 * still finds exactly its own children in the shared cache.
 */
class SharedInformerTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void twoControllersOwningConfigMapsOpenOneWatch() throws InterruptedException {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    OperatorProject project = OperatorProject.compile("pair");
    assertThat(project.descriptor().controllers())
        .hasSize(2)
        .allSatisfy(
            c ->
                assertThat(c.ownedClasses())
                    .containsExactly("io.fabric8.kubernetes.api.model.ConfigMap"));
    ManifestApplier.apply(admin, project.manifests(Decisive.settings("pair", ns)));

    try (OperatorProcess p =
        project.start("pair-0", ns, api.server().processEnvironment(ns, "pair"))) {
      p.awaitReady(TIMEOUT);
      for (String kind : List.of("Left", "Right")) {
        admin
            .genericKubernetesResources("kopgen.dev/v1", kind)
            .inNamespace(ns)
            .resource(
                new GenericKubernetesResourceBuilder()
                    .withApiVersion("kopgen.dev/v1")
                    .withKind(kind)
                    .withNewMetadata()
                    .withName("x")
                    .withNamespace(ns)
                    .endMetadata()
                    .build())
            .create();
      }
      await(p, "RECONCILED Left x owns [x-left]");
      await(p, "RECONCILED Right x owns [x-right]");

      List<AuditEvent> lists =
          api.server().auditedReads().stream()
              .filter(e -> e.userAgent().startsWith("kopgen/pair-0"))
              .filter(e -> "configmaps".equals(e.resource()) && "list".equals(e.verb()))
              .toList();
      System.out.println(
          "[figure] pair: 2 controllers owning ConfigMaps, audited LISTs of"
              + " ConfigMaps from the operator: "
              + lists.size());
      assertThat(lists).as("one informer's initial list").hasSize(1);
    }
  }

  private static void await(OperatorProcess p, String line) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (p.logText().contains(line)) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError(
        "'" + line + "' not logged within " + TIMEOUT + "; log:\n" + p.logText());
  }
}
