package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
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

    ConfigMap configMap = ${resourceKind}Reconciler.desiredConfigMap(resource);

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

    assertThat(${resourceKind}Reconciler.desiredConfigMap(resource).getData())
        .containsEntry("message", "from spec.message");
  }

  @Test
  void sameResourceGivesSameConfigMap() {
    // Idempotence starts here: a reconcile that runs twice must apply the same object twice.
    ${resourceKind} resource = resource("Hello", Map.of("b", "2", "a", "1"));

    assertThat(${resourceKind}Reconciler.desiredConfigMap(resource))
        .isEqualTo(${resourceKind}Reconciler.desiredConfigMap(resource));
  }

  @Test
  void resourceWithoutSpecGetsAnEmptyConfigMap() {
    ${resourceKind} resource = resource(null, null);
    resource.setSpec(null);

    ConfigMap configMap = ${resourceKind}Reconciler.desiredConfigMap(resource);

    assertThat(configMap.getData()).isEmpty();
    assertThat(configMap.getMetadata().getName()).isEqualTo("sample-config");
  }

  @Test
  void statusNamesTheConfigMap() {
    ConfigMap configMap = ${resourceKind}Reconciler.desiredConfigMap(resource("Hello", null));

    ${resourceKind}Status status = ${resourceKind}Reconciler.desiredStatus(configMap);

    // observedGeneration is filled in by context.applyStatus(), which also skips an unchanged
    // status; the end-to-end test checks both.
    assertThat(status.getObservedGeneration()).isNull();
    assertThat(status.getReady()).isTrue();
    assertThat(status.getConfigMapName()).isEqualTo("sample-config");
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
