package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.runtime.queue.ObjectKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reconcile logic without a server: what the ConfigMap and the status should be. The
 * end-to-end test ({@link ${resourceKind}OperatorIT}) covers the API calls.
 */
class ${resourceKind}ReconcilerTest {

  @Test
  void configMapCarriesTheSpec() {
    ${resourceKind} resource = resource("Hello", Map.of("greeting", "hi"));

    ConfigMap configMap = ${resourceKind}Reconciler.desiredConfigMap(resource, null);

    assertThat(configMap.getMetadata().getName()).isEqualTo("sample-config");
    assertThat(configMap.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(configMap.getData())
        .containsExactlyInAnyOrderEntriesOf(Map.of("message", "Hello", "greeting", "hi"));
    // The owner reference is added by context.applyOwned(); the end-to-end test checks it.
    assertThat(configMap.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", ${resourceKind}Reconciler.MANAGED_BY);
  }

  @Test
  void messageWinsOverASettingOfTheSameName() {
    ${resourceKind} resource = resource("from spec.message", Map.of("message", "from settings"));

    assertThat(${resourceKind}Reconciler.desiredConfigMap(resource, null).getData())
        .containsEntry("message", "from spec.message");
  }

  @Test
  void sameResourceGivesSameConfigMap() {
    // Idempotence starts here: a reconcile that runs twice must apply the same object twice.
    ${resourceKind} resource = resource("Hello", Map.of("b", "2", "a", "1"));

    assertThat(${resourceKind}Reconciler.desiredConfigMap(resource, null))
        .isEqualTo(${resourceKind}Reconciler.desiredConfigMap(resource, null));
  }

  @Test
  void resourceWithoutSpecGetsAnEmptyConfigMap() {
    ${resourceKind} resource = resource(null, null);
    resource.setSpec(null);

    ConfigMap configMap = ${resourceKind}Reconciler.desiredConfigMap(resource, null);

    assertThat(configMap.getData()).isEmpty();
    assertThat(configMap.getMetadata().getName()).isEqualTo("sample-config");
  }

  @Test
  void statusNamesTheConfigMap() {
    ConfigMap configMap = ${resourceKind}Reconciler.desiredConfigMap(resource("Hello", null), null);

    ${resourceKind}Status status = ${resourceKind}Reconciler.desiredStatus(configMap);

    // observedGeneration is filled in by context.applyStatus(), which also skips an unchanged
    // status; the end-to-end test checks both.
    assertThat(status.getObservedGeneration()).isNull();
    assertThat(status.getReady()).isTrue();
    assertThat(status.getConfigMapName()).isEqualTo("sample-config");
  }

  @Test
  void configMapListsTheSecretsKeyNamesNotItsValues() {
    ${resourceKind} resource = resource("Hello", null);
    resource.getSpec().setSecretName("credentials");
    Secret secret = secret("credentials", Map.of("user", "ZGVtbw==", "password", "czNjcjN0"));

    ConfigMap configMap = ${resourceKind}Reconciler.desiredConfigMap(resource, secret);

    assertThat(configMap.getData()).containsEntry("secretKeys", "password,user");
    assertThat(configMap.getData().values()).doesNotContain("ZGVtbw==", "czNjcjN0", "demo");
  }

  @Test
  void aMissingSecretLeavesOutItsKeys() {
    ${resourceKind} resource = resource("Hello", null);
    resource.getSpec().setSecretName("not-created-yet");

    assertThat(${resourceKind}Reconciler.desiredConfigMap(resource, null).getData())
        .containsOnlyKeys("message");
  }

  @Test
  void aSecretMapsToTheResourcesNamingIt() {
    ${resourceKind} naming = resource("Hello", null);
    naming.getSpec().setSecretName("credentials");
    ${resourceKind} other = resource("Hello", null);
    other.getMetadata().setName("other");
    other.getSpec().setSecretName("something-else");
    ${resourceKind} none = resource("Hello", null);
    none.getMetadata().setName("none");

    var keys =
        new ${resourceKind}sReferencingSecret()
            .map(secret("credentials", Map.of()), namespace -> namespace.equals("team-a")
                ? List.of(naming, other, none)
                : List.of());

    assertThat(keys).containsExactly(ObjectKey.of(naming));
  }

  private static Secret secret(String name, Map<String, String> data) {
    return new SecretBuilder()
        .withNewMetadata().withName(name).withNamespace("team-a").endMetadata()
        .withData(data)
        .build();
  }

  private static ${resourceKind} resource(String message, Map<String, String> settings) {
    ${resourceKind}Spec spec = new ${resourceKind}Spec();
    spec.setMessage(message);
    spec.setSettings(settings);
    ${resourceKind} resource = new ${resourceKind}();
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName("sample")
            .withNamespace("team-a")
            .withUid("0b8e5d6c-uid")
            .withGeneration(3L)
            .build());
    resource.setSpec(spec);
    return resource;
  }
}
