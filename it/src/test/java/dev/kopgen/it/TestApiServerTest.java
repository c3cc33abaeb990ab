package dev.kopgen.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fixture itself: a real server (it answers with its version and enforces RBAC). */
class TestApiServerTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  @Test
  void isARealApiServerOfTheBuiltVersion() {
    String gitVersion = api.client().getKubernetesVersion().getGitVersion();
    System.out.println("Test API server: kube-apiserver " + gitVersion);
    assertThat(gitVersion).isEqualTo("v" + api.server().version());
  }

  @Test
  void eachTestGetsItsOwnNamespace() {
    assertThat(api.namespace()).startsWith("eachtestgetsitsownnamespace-");
    ConfigMap cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("probe")
            .endMetadata()
            .addToData("k", "v")
            .build();
    api.client().configMaps().inNamespace(api.namespace()).resource(cm).create();
    assertThat(api.client().configMaps().inNamespace(api.namespace()).withName("probe").get())
        .isNotNull();
  }

  @Test
  void impersonatedServiceAccountIsSubjectToRbac() {
    try (KubernetesClient asSa = api.server().clientAs(api.namespace(), "nobody")) {
      assertThatThrownBy(() -> asSa.configMaps().inNamespace(api.namespace()).list())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }
  }

  @Test
  void recordsEveryWriteInTheAuditLogWithTheImpersonatedUser() {
    ConfigMap cm =
        new ConfigMapBuilder().withNewMetadata().withName("audited").endMetadata().build();
    api.client().configMaps().inNamespace(api.namespace()).resource(cm).create();
    try (KubernetesClient asSa = api.server().clientAs(api.namespace(), "writer")) {
      assertThatThrownBy(
              () -> asSa.configMaps().inNamespace(api.namespace()).withName("audited").delete())
          .isInstanceOf(KubernetesClientException.class);
    }
    assertThat(api.server().auditedWrites())
        .filteredOn(e -> api.namespace().equals(e.namespace()) && "audited".equals(e.name()))
        .extracting(AuditEvent::verb, AuditEvent::impersonatedUser, AuditEvent::code)
        .containsExactly(
            tuple("create", null, 201),
            tuple("delete", TestApiServer.serviceAccountUser(api.namespace(), "writer"), 403));
  }
}
