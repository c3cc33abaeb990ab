package dev.kopgen.manifests;

import static dev.kopgen.manifests.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every emitted file parses, with fabric8's own model, as the kind its name claims. */
class ManifestParsingTest {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static final Map<String, Class<? extends HasMetadata>> KIND_BY_PREFIX =
      Map.ofEntries(
          Map.entry("namespace", io.fabric8.kubernetes.api.model.Namespace.class),
          Map.entry(
              "poddisruptionbudget",
              io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
          Map.entry(
              "admissionpolicybinding",
              io.fabric8.kubernetes.api.model.admissionregistration.v1
                  .ValidatingAdmissionPolicyBinding.class),
          Map.entry(
              "admissionpolicy",
              io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy
                  .class),
          Map.entry("serviceaccount", ServiceAccount.class),
          Map.entry("deployment", Deployment.class),
          Map.entry("clusterrolebinding", ClusterRoleBinding.class),
          Map.entry("clusterrole", ClusterRole.class),
          Map.entry("rolebinding", RoleBinding.class),
          Map.entry("role", Role.class),
          Map.entry("crds/", CustomResourceDefinition.class));

  static Stream<Manifests> cases() {
    return Stream.of(
            Fixtures.unelected(), Fixtures.elected(), Fixtures.namespaced(), Fixtures.sharded())
        .map(d -> ManifestGeneratorTest.generate(d, settings()));
  }

  static Class<? extends HasMetadata> claimedKind(String path) {
    return KIND_BY_PREFIX.entrySet().stream()
        .filter(e -> path.startsWith(e.getKey()))
        .max(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(String::length)))
        .orElseThrow(() -> new AssertionError("no kind for " + path))
        .getValue();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void everyFileParsesAsTheKindItsNameClaims(Manifests m) {
    m.files()
        .forEach(
            (path, text) -> {
              if (path.equals(ManifestGenerator.KUSTOMIZATION)) {
                return;
              }
              Object parsed = SERIALIZATION.unmarshal(text);
              assertThat(parsed).as(path).isExactlyInstanceOf(claimedKind(path));
              HasMetadata object = (HasMetadata) parsed;
              assertThat(object.getMetadata().getLabels())
                  .as(path)
                  .containsEntry("app.kubernetes.io/managed-by", "kopgen")
                  .containsEntry("app.kubernetes.io/name", "demo-operator");
              boolean namespaced =
                  !(object instanceof ClusterRole
                      || object instanceof ClusterRoleBinding
                      || object instanceof CustomResourceDefinition
                      || object instanceof io.fabric8.kubernetes.api.model.Namespace
                      || object
                          instanceof
                          io.fabric8.kubernetes.api.model.admissionregistration.v1
                              .ValidatingAdmissionPolicy
                      || object
                          instanceof
                          io.fabric8.kubernetes.api.model.admissionregistration.v1
                              .ValidatingAdmissionPolicyBinding);
              assertThat(object.getMetadata().getNamespace() != null)
                  .as(path + " has a namespace")
                  .isEqualTo(namespaced);
            });
  }

  @Test
  void electedDeploymentHasTheDerivedFields() {
    Manifests m = ManifestGeneratorTest.generate(Fixtures.elected(), settings());
    Deployment d = SERIALIZATION.unmarshal(m.files().get("deployment.yaml"), Deployment.class);
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
    assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .isEqualTo(0);
    assertThat(d.getSpec().getSelector().getMatchLabels())
        .isEqualTo(
            Map.of(
                "app.kubernetes.io/name",
                "demo-operator",
                "app.kubernetes.io/instance",
                "demo-operator"));
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());

    PodSpec pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(37L);
    assertThat(pod.getServiceAccountName()).isEqualTo("demo-operator");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getVolumes())
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());

    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("registry.example.com/demo-operator:1.0.0");
    assertThat(c.getCommand()).isEmpty();
    assertThat(c.getEnv())
        .extracting(EnvVar::getName)
        .containsExactly("POD_NAME", "POD_NAMESPACE", "KOPGEN_HEALTH_PORT", "JAVA_TOOL_OPTIONS");
    assertThat(c.getEnv().get(1).getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(c.getEnv().get(2).getValue()).isEqualTo("8080");
    // The comment lines above JAVA_TOOL_OPTIONS leave one plain value, the flags java reads.
    assertThat(c.getEnv().get(3).getValue())
        .isEqualTo(
            "-XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    assertThat(c.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(c.getVolumeMounts())
        .singleElement()
        .satisfies(v -> assertThat(v.getMountPath()).isEqualTo("/tmp"));
    assertThat(c.getResources().getRequests()).containsOnlyKeys("cpu", "memory");
    assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("256Mi");
    assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
  }

  @Test
  void unelectedDeploymentRecreatesOneReplica() {
    Manifests m = ManifestGeneratorTest.generate(Fixtures.unelected(), settings());
    Deployment d = SERIALIZATION.unmarshal(m.files().get("deployment.yaml"), Deployment.class);
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(d.getSpec().getStrategy().getRollingUpdate()).isNull();
    assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isEqualTo(35L);
  }

  @Test
  void leaseRoleLimitsEverythingButCreateToTheShardsOwnLease() {
    Manifests m = ManifestGeneratorTest.generate(Fixtures.sharded(), settings());
    Role role =
        SERIALIZATION.unmarshal(m.files().get("role-web-app-a-leader-election.yaml"), Role.class);
    assertThat(role.getMetadata().getNamespace()).isEqualTo("operators");
    assertThat(role.getRules())
        .extracting(PolicyRule::getResourceNames, PolicyRule::getVerbs)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(List.of(), List.of("create")),
            org.assertj.core.groups.Tuple.tuple(
                List.of("web-app-a"), List.of("get", "list", "patch", "update", "watch")));
    RoleBinding binding =
        SERIALIZATION.unmarshal(
            m.files().get("rolebinding-web-app-a-leader-election.yaml"), RoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getName()).isEqualTo("demo-operator-web-app-a");
              assertThat(s.getNamespace()).isEqualTo("operators");
            });
    Deployment shard =
        SERIALIZATION.unmarshal(m.files().get("deployment-web-app-a.yaml"), Deployment.class);
    assertThat(shard.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("demo-operator-web-app-a");
    assertThat(shard.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("KOPGEN_SHARD");
              assertThat(e.getValue()).isEqualTo("web-app/a");
            });
  }

  @Test
  void namespaceShardRolesLiveInTheShardsNamespacesAndBindTheShardsAccount() {
    Manifests m = ManifestGeneratorTest.generate(Fixtures.sharded(), settings());
    Role role =
        SERIALIZATION.unmarshal(m.files().get("role-web-app-b-in-team-b-staging.yaml"), Role.class);
    assertThat(role.getMetadata().getNamespace()).isEqualTo("team-b-staging");
    assertThat(role.getRules())
        .extracting(r -> r.getResources().get(0))
        .containsExactly("configmaps", "events", "deployments", "webapps", "webapps/status");
    RoleBinding rb =
        SERIALIZATION.unmarshal(
            m.files().get("rolebinding-web-app-b-in-team-b-staging.yaml"), RoleBinding.class);
    assertThat(rb.getSubjects().get(0).getNamespace()).isEqualTo("operators");
    assertThat(rb.getSubjects().get(0).getName()).isEqualTo("demo-operator-web-app-b");
    ClusterRole main =
        SERIALIZATION.unmarshal(m.files().get("clusterrole.yaml"), ClusterRole.class);
    assertThat(main.getRules())
        .extracting(r -> r.getResources().get(0))
        .containsExactly("events", "secrets");
    assertThat(main.getRules().get(1).getVerbs()).containsExactly("get", "list", "watch");
  }

  @Test
  void crdIsTheCustomResourcesDefinition() {
    Manifests m = ManifestGeneratorTest.generate(Fixtures.elected(), settings());
    CustomResourceDefinition crd =
        SERIALIZATION.unmarshal(
            m.files().get("crds/webapps.example.com.yaml"), CustomResourceDefinition.class);
    assertThat(crd.getMetadata().getName()).isEqualTo("webapps.example.com");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("WebApp");
    assertThat(crd.getSpec().getVersions())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getName()).isEqualTo("v1alpha1");
              assertThat(v.getSubresources().getStatus()).isNotNull();
            });
  }
}
