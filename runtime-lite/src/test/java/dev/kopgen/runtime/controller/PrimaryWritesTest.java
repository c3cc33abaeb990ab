package dev.kopgen.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pure parts of the status and child helpers; their writes need server-side apply, which
 * fabric8's mock server lacks, so they are shown on the real API server in the it module.
 */
class PrimaryWritesTest {

  private static Deployment primary(Long generation, DeploymentStatus status) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("ns")
        .withUid("u-1")
        .withGeneration(generation)
        .endMetadata()
        .withStatus(status)
        .build();
  }

  @Test
  void desiredStatusDropsNullsAndSetsObservedGenerationWhenTheTypeHasIt() {
    DeploymentStatus s = new DeploymentStatusBuilder().withReplicas(2).build();
    ObjectNode desired = PrimaryWrites.desiredStatus(s, primary(7L, null));
    assertThat(desired.toString()).isEqualTo("{\"replicas\":2,\"observedGeneration\":7}");
  }

  @Test
  void aStatusWithoutObservedGenerationGetsNone() {
    Map<String, Object> s = new HashMap<>();
    s.put("phase", "Ready");
    s.put("message", null);
    assertThat(PrimaryWrites.desiredStatus(s, primary(7L, null)).toString())
        .isEqualTo("{\"phase\":\"Ready\"}");
  }

  @Test
  void anUnchangedStatusIsRecognizedWhateverItsNulls() {
    DeploymentStatus current =
        new DeploymentStatusBuilder().withReplicas(2).withObservedGeneration(7L).build();
    ObjectNode desired =
        PrimaryWrites.desiredStatus(
            new DeploymentStatusBuilder().withReplicas(2).build(), primary(7L, current));
    assertThat(desired).isEqualTo(PrimaryWrites.currentStatus(primary(7L, current)));
    ObjectNode newer =
        PrimaryWrites.desiredStatus(
            new DeploymentStatusBuilder().withReplicas(2).build(), primary(8L, current));
    assertThat(newer).isNotEqualTo(PrimaryWrites.currentStatus(primary(8L, current)));
  }

  @Test
  void childrenOutsideThePrimarysNamespaceAreRefusedBeforeAnyRequest() {
    PrimaryWrites w = new PrimaryWrites(null, "web", primary(1L, null));
    ConfigMap elsewhere =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("c")
            .withNamespace("other")
            .endMetadata()
            .build();
    assertThatThrownBy(() -> w.applyOwned(elsewhere))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is in namespace other")
        .hasMessageContaining("Cleaner");
    Namespace clusterScoped =
        new NamespaceBuilder().withNewMetadata().withName("n").endMetadata().build();
    assertThatThrownBy(() -> w.applyOwned(clusterScoped)).hasMessageContaining("is cluster-scoped");
  }

  @Test
  void theOwnerReferenceIsAControllerReference() {
    Deployment p = primary(1L, null);
    var ref = PrimaryWrites.controllerReference(p);
    assertThat(ref.getController()).isTrue();
    assertThat(ref.getUid()).isEqualTo("u-1");
    assertThat(ref.getKind()).isEqualTo("Deployment");
    assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
  }
}
