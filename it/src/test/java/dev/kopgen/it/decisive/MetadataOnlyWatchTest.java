package dev.kopgen.it.decisive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.AuditEvent;
import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.harness.ManifestApplier;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.it.process.OperatorProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @Watch(metadataOnly = true)}: the metarefs operator (a separate JVM, as its generated
 * ServiceAccount) watches ConfigMaps for their metadata only. A change of the ConfigMap a Reader
 * names reconciles it; the reconcile reads that ConfigMap from the cache and finds its
 * resourceVersion, labels and own kind, but no data, though the ConfigMap on the server has some:
 * the API server sent PartialObjectMetadata.
 */
class MetadataOnlyWatchTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void cachesMetadataOnlyAndStillMapsChanges() throws InterruptedException {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    OperatorProject project = OperatorProject.compile("metarefs");
    ManifestApplier.apply(admin, project.manifests(Decisive.settings("metarefs", ns)));

    try (OperatorProcess p =
        project.start("metarefs-0", ns, api.server().processEnvironment(ns, "metarefs"))) {
      p.awaitReady(TIMEOUT);
      ConfigMap cm =
          admin
              .configMaps()
              .inNamespace(ns)
              .resource(
                  new ConfigMapBuilder()
                      .withNewMetadata()
                      .withName("ref")
                      .withNamespace(ns)
                      .addToLabels("tier", "one")
                      .endMetadata()
                      .withData(Map.of("payload", "x".repeat(4096)))
                      .build())
              .create();
      admin
          .genericKubernetesResources("kopgen.dev/v1", "Reader")
          .inNamespace(ns)
          .resource(
              new GenericKubernetesResourceBuilder()
                  .withApiVersion("kopgen.dev/v1")
                  .withKind("Reader")
                  .withNewMetadata()
                  .withName("r")
                  .withNamespace(ns)
                  .endMetadata()
                  .addToAdditionalProperties("spec", new HashMap<>(Map.of("configMapName", "ref")))
                  .build())
          .create();
      Map<?, ?> first =
          await(
              p,
              "the status for the ConfigMap's first version",
              () -> status(admin, ns, cm.getMetadata().getResourceVersion()));
      assertThat(first.get("label")).as("a label, from the cached metadata").isEqualTo("one");
      assertThat(first.get("kind")).as("the cached object's kind").isEqualTo("ConfigMap");
      assertThat(first.get("hasData")).as("data in the metadata-only cache").isEqualTo(false);

      // A change of the ConfigMap (not of the Reader) reaches the Reader through the mapper.
      long changedAt = System.nanoTime();
      ConfigMap changed =
          admin
              .configMaps()
              .inNamespace(ns)
              .withName("ref")
              .edit(
                  c -> {
                    c.getMetadata().getLabels().put("tier", "two");
                    c.getData().put("more", "y");
                    return c;
                  });
      Map<?, ?> second =
          await(
              p,
              "the status for the ConfigMap's second version",
              () -> status(admin, ns, changed.getMetadata().getResourceVersion()));
      long mappedMillis = (System.nanoTime() - changedAt) / 1_000_000;
      assertThat(second.get("label")).isEqualTo("two");
      assertThat(second.get("hasData")).isEqualTo(false);
      assertThat(admin.configMaps().inNamespace(ns).withName("ref").get().getData())
          .as("the ConfigMap on the server")
          .containsKeys("payload", "more");

      List<AuditEvent> reads =
          api.server().auditedReads().stream()
              .filter(e -> e.userAgent().startsWith("kopgen/metarefs-0"))
              .filter(e -> "configmaps".equals(e.resource()))
              .toList();
      System.out.println(
          "[figure] metarefs: ConfigMap reads audited from the operator: "
              + reads.stream().map(AuditEvent::verb).toList()
              + "; cached ConfigMap carried data: "
              + second.get("hasData")
              + "; ConfigMap change -> Reader status "
              + mappedMillis
              + " ms");
      // The audit log records the informer's LIST (a watch is long-running and is not among
      // the audited reads): the operator's own identity read ConfigMaps, metadata only.
      assertThat(reads)
          .as("its metadata-only list, as its ServiceAccount")
          .anySatisfy(e -> assertThat(e.verb()).isEqualTo("list"));
    }
  }

  private static Optional<Map<?, ?>> status(KubernetesClient admin, String ns, String rv) {
    return Decisive.status(admin, "Reader", ns, "r")
        .filter(m -> rv.equals(m.get("resourceVersion")));
  }

  private static <T> T await(OperatorProcess p, String what, Supplier<Optional<T>> probe)
      throws InterruptedException {
    return Decisive.await(p, what, TIMEOUT, probe);
  }
}
