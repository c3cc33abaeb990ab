package dev.kopgen.runtime.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a metadata-only informer hands out: an object of the watched class with the metadata it
 * received and its own kind, not fabric8's {@code PartialObjectMetadata} kind. (The request side,
 * the Accept header, is shown against a real API server by {@code MetadataOnlyWatchTest}.)
 */
class MetadataOnlyTest {

  @Test
  void typedKeepsTheMetadataAndRestoresTheKind() {
    ConfigMap received =
        new ConfigMapBuilder()
            .withKind("PartialObjectMetadata")
            .withApiVersion("meta.k8s.io/v1")
            .withNewMetadata()
            .withName("a")
            .withNamespace("n")
            .withResourceVersion("7")
            .addToLabels("tier", "one")
            .endMetadata()
            .build();

    ConfigMap typed = MetadataOnly.typed(ConfigMap.class, received);

    assertThat(typed.getKind()).isEqualTo("ConfigMap");
    assertThat(typed.getApiVersion()).isEqualTo("v1");
    assertThat(typed.getMetadata()).isEqualTo(received.getMetadata());
    assertThat(typed.getData()).isNullOrEmpty();
    assertThat(MetadataOnly.typed(ConfigMap.class, null)).isNull();
  }

  @Test
  void anEmptyMetadataListWithNullItemsReadsAsEmpty() {
    // What kube-apiserver 1.34 answers a metadata list of no objects: Go's nil slice is null.
    String empty =
        "{\"kind\":\"PartialObjectMetadataList\",\"apiVersion\":\"meta.k8s.io/v1\","
            + "\"metadata\":{\"resourceVersion\":\"42\"},\"items\":null}";
    SecretList list = MetadataOnly.serialization().unmarshal(empty, SecretList.class);
    assertThat(list.getItems()).isNotNull().isEmpty();
    assertThat(list.getMetadata().getResourceVersion()).isEqualTo("42");
  }

  @Test
  void managedFieldsAreNotKeptButTheRestOfTheMetadataIs() {
    String received =
        "{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\","
            + "\"metadata\":{\"name\":\"a\",\"namespace\":\"n\",\"resourceVersion\":\"7\","
            + "\"labels\":{\"tier\":\"one\"},\"annotations\":{\"note\":\"x\"},"
            + "\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"name\":\"s\","
            + "\"uid\":\"u-1\",\"controller\":true}],"
            + "\"managedFields\":[{\"manager\":\"kubectl\",\"operation\":\"Apply\","
            + "\"apiVersion\":\"v1\",\"fieldsType\":\"FieldsV1\","
            + "\"fieldsV1\":{\"f:data\":{\"f:key\":{}}}}],"
            + "\"someFutureField\":1}}";
    ConfigMap cm = MetadataOnly.serialization().unmarshal(received, ConfigMap.class);
    assertThat(cm.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cm.getMetadata().getAdditionalProperties()).doesNotContainKey("managedFields");
    assertThat(cm.getMetadata().getName()).isEqualTo("a");
    assertThat(cm.getMetadata().getLabels()).containsEntry("tier", "one");
    assertThat(cm.getMetadata().getAnnotations()).containsEntry("note", "x");
    assertThat(cm.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("u-1"));
  }

  @Test
  void theAcceptHeadersAreTheMetadataOnes() {
    assertThat(Map.of("list", MetadataOnly.LIST, "watch", MetadataOnly.ONE))
        .containsEntry("list", "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1")
        .containsEntry("watch", "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1");
  }
}
