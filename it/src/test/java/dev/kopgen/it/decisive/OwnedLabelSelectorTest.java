package dev.kopgen.it.decisive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.harness.ManifestApplier;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.it.process.OperatorProcess;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @Controller(ownedLabelSelector)} keeps the owned cache to the labelled objects: the
 * parcels operator (a separate JVM, as its generated ServiceAccount) owns ConfigMaps with the
 * selector {@code kopgen.dev/parcel-child=yes}. Beside its labelled children the namespace holds
 * unlabelled ConfigMaps, some of them even naming the Parcel as their controller; the operator's
 * {@code kopgen_cached_objects} metric (the size of its informer store) counts only the labelled
 * ones, and {@code context.owned} returns only those.
 */
class OwnedLabelSelectorTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern CACHED =
      Pattern.compile("(?m)^kopgen_cached_objects\\{[^}]*kind=\"ConfigMap\"[^}]*} ([0-9.]+)$");

  @Test
  void onlyLabelledChildrenAreCached() throws InterruptedException {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    OperatorProject project = OperatorProject.compile("parcels");
    ManifestApplier.apply(admin, project.manifests(Decisive.settings("parcels", ns)));

    try (OperatorProcess p =
        project.start("parcels-0", ns, api.server().processEnvironment(ns, "parcels"))) {
      p.awaitReady(TIMEOUT);
      var parcels = admin.genericKubernetesResources("kopgen.dev/v1", "Parcel").inNamespace(ns);
      GenericKubernetesResource parcel =
          parcels
              .resource(
                  new GenericKubernetesResourceBuilder()
                      .withApiVersion("kopgen.dev/v1")
                      .withKind("Parcel")
                      .withNewMetadata()
                      .withName("p")
                      .withNamespace(ns)
                      .endMetadata()
                      .addToAdditionalProperties("spec", new HashMap<>(Map.of("items", 3)))
                      .build())
              .create();
      Decisive.await(p, "3 labelled children", TIMEOUT, () -> children(admin, ns, 3));

      // Unlabelled ConfigMaps: 6 that name the Parcel as their controller, 4 that name nothing.
      for (int i = 0; i < 10; i++) {
        var b =
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("unlabelled-" + i)
                .withNamespace(ns)
                .endMetadata()
                .withData(Map.of("filler", "x".repeat(1024)));
        if (i < 6) {
          b.editMetadata()
              .addNewOwnerReference()
              .withApiVersion("kopgen.dev/v1")
              .withKind("Parcel")
              .withName("p")
              .withUid(parcel.getMetadata().getUid())
              .withController(true)
              .endOwnerReference()
              .endMetadata();
        }
        admin.configMaps().inNamespace(ns).resource(b.build()).create();
      }
      // A new generation: this reconcile runs after the unlabelled children exist, finds 3
      // children in its cache, adds the 4th, and the 4th's event makes it report 4.
      GenericKubernetesResource current = parcels.withName("p").get();
      current.getAdditionalProperties().put("spec", new HashMap<>(Map.of("items", 4)));
      parcels.resource(current).update();
      Decisive.await(p, "4 labelled children", TIMEOUT, () -> children(admin, ns, 4));

      int cached =
          Decisive.await(
              p,
              "kopgen_cached_objects of ConfigMaps at 4",
              TIMEOUT,
              () -> {
                Matcher m = CACHED.matcher(String.valueOf(p.healthText("/metrics")));
                return m.find() && Double.parseDouble(m.group(1)) == 4
                    ? Optional.of(4)
                    : Optional.empty();
              });
      long inNamespace = admin.configMaps().inNamespace(ns).list().getItems().size();
      long inCluster = admin.configMaps().inAnyNamespace().list().getItems().size();
      System.out.println(
          "[figure] parcels: ConfigMaps cached by the operator "
              + cached
              + " (labelled children); in its namespace "
              + inNamespace
              + ", in the cluster "
              + inCluster);
      assertThat(inNamespace).as("ConfigMaps in the namespace").isGreaterThanOrEqualTo(14);
      assertThat(
              admin
                  .configMaps()
                  .inNamespace(ns)
                  .withLabel("kopgen.dev/parcel-child", "yes")
                  .list()
                  .getItems())
          .as("labelled children on the server")
          .hasSize(4);
      Map<?, ?> status = children(admin, ns, 4).orElseThrow();
      assertThat(status.get("children")).as("context.owned(ConfigMap) size").isEqualTo(4);
    }
  }

  private static Optional<Map<?, ?>> children(KubernetesClient admin, String ns, int children) {
    GenericKubernetesResource r =
        admin
            .genericKubernetesResources("kopgen.dev/v1", "Parcel")
            .inNamespace(ns)
            .withName("p")
            .get();
    Object s = r == null ? null : r.getAdditionalProperties().get("status");
    return s instanceof Map<?, ?> m
            && m.get("children") instanceof Number n
            && n.intValue() == children
        ? Optional.of(m)
        : Optional.empty();
  }
}
