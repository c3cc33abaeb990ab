package dev.kopgen.it.decisive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.manifests.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The generated Deployment runs in a namespace that enforces the {@code restricted} Pod Security
 * Standard: the API server's PodSecurity admission accepts it and a Pod made from its template
 * without a single warning, while the same Pod with one privileged setting is refused, which shows
 * the namespace really enforces.
 */
class RestrictedPodSecurityTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  @Test
  void generatedPodTemplateMeetsTheRestrictedStandard() {
    String ns = api.namespace();
    api.client()
        .namespaces()
        .withName(ns)
        .edit(
            n -> {
              n.getMetadata()
                  .getLabels()
                  .putAll(
                      Map.of(
                          "pod-security.kubernetes.io/enforce", "restricted",
                          "pod-security.kubernetes.io/enforce-version", "latest",
                          "pod-security.kubernetes.io/warn", "restricted",
                          "pod-security.kubernetes.io/warn-version", "latest"));
              return n;
            });

    WarningRecorder warnings = new WarningRecorder();
    Config config = Config.fromKubeconfig(api.server().kubeconfigYaml());
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("warnings", warnings))
            .build()) {
      // The elected operator (everything a Deployment can carry), installed into this namespace.
      OperatorProject project = OperatorProject.compile("widgets");
      Manifests manifests = project.manifests(Decisive.settings("widgets", ns));
      for (Map.Entry<String, String> f : manifests.files().entrySet()) {
        if (f.getKey().endsWith(".yaml") && !f.getKey().startsWith("crds/")) {
          client
              .resource(f.getValue())
              .fieldManager("kopgen-decisive")
              .forceConflicts()
              .serverSideApply();
        }
      }
      assertThat(warnings.drain()).as("warnings when applying the manifests").isEmpty();

      Deployment deployment = client.apps().deployments().inNamespace(ns).withName("widgets").get();
      Pod pod = podFrom(deployment, ns, "widgets-pod");
      HasMetadata dryRun = client.resource(pod).dryRun().create();
      assertThat(dryRun).isInstanceOf(Pod.class);
      assertThat(warnings.drain()).as("warnings for the Pod (dry run)").isEmpty();
      // Once for real: admission is the same, and without a scheduler the Pod just stays Pending.
      Pod created = client.resource(pod).create();
      assertThat(created.getMetadata().getUid()).isNotBlank();
      assertThat(warnings.drain()).as("warnings for the Pod").isEmpty();
      client.resource(created).withGracePeriod(0).delete();
      System.out.println(
          "[figure] restricted namespace: manifests and a Pod from the generated"
              + " template accepted with 0 warnings");

      // Negative control: one privileged setting, and the namespace refuses the Pod...
      Pod escalating = podFrom(deployment, ns, "escalating-pod");
      escalating
          .getSpec()
          .getContainers()
          .get(0)
          .getSecurityContext()
          .setAllowPrivilegeEscalation(true);
      assertThatThrownBy(() -> client.resource(escalating).dryRun().create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(403);
                assertThat(e.getMessage())
                    .contains("violates PodSecurity \"restricted:latest\"")
                    .contains("allowPrivilegeEscalation");
              });
      // ...and warns about the Deployment (Pod Security admits workloads but warns), which also
      // shows the recorder does see warnings when there are some.
      Deployment bad = Serialization.clone(deployment);
      bad.getMetadata().setResourceVersion(null);
      bad.getMetadata().setManagedFields(null);
      bad.getSpec()
          .getTemplate()
          .getSpec()
          .getContainers()
          .get(0)
          .getSecurityContext()
          .setAllowPrivilegeEscalation(true);
      client.resource(bad).dryRun().update();
      List<String> seen = warnings.drain();
      System.out.println("[figure] restricted namespace, negative control: " + seen);
      assertThat(seen)
          .anySatisfy(
              w ->
                  assertThat(w)
                      // The header quotes its text, so the quotes inside it arrive escaped.
                      .contains(
                          "would violate PodSecurity",
                          "restricted:latest",
                          "allowPrivilegeEscalation"));
    }
  }

  /** A Pod with exactly the Deployment's pod template: its labels and its spec. */
  private static Pod podFrom(Deployment deployment, String ns, String name) {
    var template = Serialization.clone(deployment.getSpec().getTemplate());
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withLabels(template.getMetadata().getLabels())
        .endMetadata()
        .withSpec(template.getSpec())
        .build();
  }
}
