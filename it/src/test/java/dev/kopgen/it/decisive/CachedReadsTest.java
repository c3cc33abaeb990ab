package dev.kopgen.it.decisive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.AuditEvent;
import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.harness.ManifestApplier;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.it.process.OperatorProcess;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reads through {@code Context.owned}/{@code Context.cached} are served from the informer caches:
 * the bundles operator reconciles a Bundle through several changes, reading its ConfigMaps each
 * time, and the API server's audit log (which records reads of ConfigMaps for this) shows not one
 * GET or LIST of ConfigMaps from it after its caches synced, while its status proves it read the
 * right objects.
 */
class CachedReadsTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void readsThroughTheContextCauseNoRequests() throws InterruptedException {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    OperatorProject project = OperatorProject.compile("bundles");
    ManifestApplier.apply(admin, project.manifests(Decisive.settings("bundles", ns)));

    try (OperatorProcess p =
        project.start("bundles-0", ns, api.server().processEnvironment(ns, "bundles"))) {
      p.awaitReady(TIMEOUT);
      Instant ready = Instant.now();
      var bundles = admin.genericKubernetesResources("kopgen.dev/v1", "Bundle").inNamespace(ns);
      bundles
          .resource(
              new GenericKubernetesResourceBuilder()
                  .withApiVersion("kopgen.dev/v1")
                  .withKind("Bundle")
                  .withNewMetadata()
                  .withName("b")
                  .withNamespace(ns)
                  .endMetadata()
                  .addToAdditionalProperties("spec", new HashMap<>(Map.of("items", 3)))
                  .build())
          .create();
      await(p, "3 cached children", () -> status(admin, ns, 3));
      GenericKubernetesResource b = bundles.withName("b").get();
      b.getAdditionalProperties().put("spec", new HashMap<>(Map.of("items", 5)));
      bundles.resource(b).update();
      Map<?, ?> status = await(p, "5 cached children", () -> status(admin, ns, 5));
      assertThat(status.get("first")).as("cached(ConfigMap, b-0)").isEqualTo("b-0:0");
      assertThat(admin.configMaps().inNamespace(ns).list().getItems())
          .filteredOn(c -> c.getMetadata().getName().startsWith("b-"))
          .hasSize(5);

      long reconciles =
          p.logText().lines().filter(l -> l.contains("RECONCILED " + ns + "/b")).count();
      List<AuditEvent> reads =
          api.server().auditedReads().stream()
              .filter(e -> e.userAgent().startsWith("kopgen/bundles-0"))
              .filter(e -> "configmaps".equals(e.resource()))
              .toList();
      List<AuditEvent> afterReady =
          reads.stream()
              .filter(e -> e.received().isAfter(ready))
              .filter(e -> e.verb().equals("get") || e.verb().equals("list"))
              .toList();
      System.out.println(
          "[figure] bundles: "
              + reconciles
              + " reconciles reading ConfigMaps from"
              + " the cache; ConfigMap reads audited from the operator: "
              + reads.size()
              + " in all (its informer's list and watch), "
              + afterReady.size()
              + " GET/LIST after it was ready");
      assertThat(reconciles)
          .as("reconciles that read through the Context")
          .isGreaterThanOrEqualTo(2);
      assertThat(reads)
          .as("the audit log records the operator's ConfigMap reads")
          .anySatisfy(e -> assertThat(e.verb()).isIn("list", "watch"));
      assertThat(afterReady).as("GET/LIST of ConfigMaps after the caches synced").isEmpty();
    }
  }

  private static Optional<Map<?, ?>> status(KubernetesClient admin, String ns, int children) {
    return Decisive.status(admin, "Bundle", ns, "b")
        .filter(m -> m.get("children") instanceof Number n && n.intValue() == children);
  }

  private static <T> T await(OperatorProcess p, String what, Supplier<Optional<T>> probe)
      throws InterruptedException {
    return Decisive.await(p, what, TIMEOUT, probe);
  }
}
