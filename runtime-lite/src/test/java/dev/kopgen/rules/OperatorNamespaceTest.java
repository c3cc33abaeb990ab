package dev.kopgen.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperatorNamespaceTest {

  @Test
  void createdAndLabelledRestrictedUnlessManagedElsewhere() {
    assertThat(OperatorNamespace.notCreatedBecause("ops", true)).isEmpty();
    assertThat(OperatorNamespace.notCreatedBecause("ops", false))
        .hasValueSatisfying(r -> assertThat(r).contains("managed elsewhere"));
    assertThat(OperatorNamespace.POD_SECURITY_LABELS)
        .containsOnlyKeys(
            "pod-security.kubernetes.io/audit",
            "pod-security.kubernetes.io/enforce",
            "pod-security.kubernetes.io/warn")
        .allSatisfy((k, v) -> assertThat(v).isEqualTo("restricted"));
  }

  @Test
  void theClustersOwnNamespacesAreNeverCreatedNorRelabelled() {
    assertThat(OperatorNamespace.notCreatedBecause("default", true))
        .hasValueSatisfying(r -> assertThat(r).contains("exists in every cluster"));
    assertThat(OperatorNamespace.notCreatedBecause("kube-system", true)).isPresent();
  }
}
