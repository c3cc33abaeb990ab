package dev.kopgen.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.manifests.fixtures.Tenant;
import dev.kopgen.manifests.fixtures.WebApp;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassLoaderKubernetesTypesTest {

  static Path testClasses() throws URISyntaxException {
    return Path.of(WebApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void resolvesBuiltInAndCustomTypesAsFabric8Does() {
    KubernetesTypes types = Fixtures.types();
    assertThat(types.resolve("io.fabric8.kubernetes.api.model.apps.Deployment"))
        .isEqualTo(
            new KubeType(
                "io.fabric8.kubernetes.api.model.apps.Deployment",
                "apps",
                "v1",
                "Deployment",
                "deployments",
                true,
                false));
    assertThat(types.resolve(WebApp.class.getName()))
        .isEqualTo(
            new KubeType(
                WebApp.class.getName(),
                "example.com",
                "v1alpha1",
                "WebApp",
                "webapps",
                true,
                true));
    assertThat(types.resolve(Tenant.class.getName()).namespaced()).isFalse();
    assertThat(types.resolve("io.fabric8.kubernetes.api.model.Namespace").namespaced()).isFalse();
    assertThat(types.resolve("io.fabric8.kubernetes.api.model.ConfigMap").group()).isEmpty();
  }

  @Test
  void discoversConcreteCustomResourcesAmongTheProjectsClasses() throws URISyntaxException {
    KubernetesTypes types =
        new ClassLoaderKubernetesTypes(getClass().getClassLoader(), testClasses());
    assertThat(types.projectCustomResources())
        .containsExactly(Tenant.class.getName(), WebApp.class.getName());
  }

  @Test
  void aClassWithoutGroupOrVersionIsExplained() {
    assertThatThrownBy(
            () -> Fixtures.types().resolve("io.fabric8.kubernetes.client.CustomResource"))
        .isInstanceOf(ManifestException.class)
        .hasMessage(
            "io.fabric8.kubernetes.client.CustomResource: CustomResource carries no @Group"
                + " and @Version (io.fabric8.kubernetes.model.annotation) of its own, so fabric8 knows no"
                + " API group and version to watch it under: annotate it with @Group(\"example.com\")"
                + " and @Version(\"v1\")");
  }

  @Test
  void aSubclassOfAModelClassGetsTheSameAdviceAsFromTheProcessor() {
    // One rule (TypedResources) for the processor and the plugin: fabric8 does not inherit
    // @Group/@Version, so a ConfigMap subclass is no kind of its own.
    assertThat(ClassLoaderKubernetesTypes.shapeOf(SpecialMap.class).annotatedSuperclass())
        .contains("ConfigMap");
    assertThat(
            dev.kopgen.rules.TypedResources.problem(
                ClassLoaderKubernetesTypes.shapeOf(SpecialMap.class)))
        .hasValueSatisfying(p -> assertThat(p).contains("name ConfigMap itself"));
  }

  /** A subclass without annotations of its own. */
  public static class SpecialMap extends io.fabric8.kubernetes.api.model.ConfigMap {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void crdsCarryTheGivenLabelsAndNoFabric8Header() {
    var crds =
        Fixtures.types()
            .crds(java.util.List.of(Tenant.class.getName()), Map.of("team", "platform"));
    assertThat(crds).containsOnlyKeys("tenants.example.com");
    assertThat(crds.get("tenants.example.com"))
        .startsWith("apiVersion: apiextensions.k8s.io/v1\n")
        .contains("    team: platform\n")
        .contains("scope: Cluster");
  }
}
