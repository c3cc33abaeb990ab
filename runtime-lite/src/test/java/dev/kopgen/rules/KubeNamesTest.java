package dev.kopgen.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KubeNamesTest {

  @ParameterizedTest
  @CsvSource({
    "WebAppReconciler, web-app",
    "WebAppController, web-app",
    "ConfigMapMirror, config-map-mirror",
    "HTTPRouteReconciler, http-route",
    "Reconciler, reconciler",
    "S3BucketReconciler, s3-bucket",
    "Outer_InnerReconciler, outer-inner"
  })
  void defaultControllerNames(String simpleName, String expected) {
    assertThat(KubeNames.defaultControllerName(simpleName)).isEqualTo(expected);
    assertThat(KubeNames.dnsLabelProblem(expected)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"web-app", "a", "a1", "1a"})
  void validLabels(String name) {
    assertThat(KubeNames.dnsLabelProblem(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Web", "-a", "a-", "a.b", "a_b"})
  void invalidLabels(String name) {
    assertThat(KubeNames.dnsLabelProblem(name))
        .hasValueSatisfying(m -> assertThat(m).startsWith("'" + name + "' is not a valid"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"web-app", "web.app.lease", "a"})
  void validSubdomains(String name) {
    assertThat(KubeNames.dnsSubdomainProblem(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Web", "a..b", ".a", "a_b"})
  void invalidSubdomains(String name) {
    assertThat(KubeNames.dnsSubdomainProblem(name)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(ints = {63, 64})
  void labelsAreAtMost63Characters(int length) {
    assertThat(KubeNames.dnsLabelProblem("a".repeat(length)).isPresent()).isEqualTo(length > 63);
  }

  @Test
  void shardWorkloadNameLeavesRoomForTheOperatorName() {
    assertThat(KubeNames.shardWorkloadNameProblem("c".repeat(40), "s".repeat(20))).isEmpty();
    assertThat(KubeNames.shardWorkloadNameProblem("c".repeat(40), "s".repeat(21)))
        .hasValueSatisfying(p -> assertThat(p).contains("has 62").contains("at most 61 fit"));
    // The plugin's own check of the full name agrees at the boundary: 'x-' + 61 = 63.
    assertThat(KubeNames.dnsLabelProblem("x-" + "c".repeat(40) + "-" + "s".repeat(20))).isEmpty();
  }

  @Test
  void shardLeaseNameFitsASubdomain() {
    assertThat(KubeNames.shardLeaseNameProblem("l".repeat(249), "abc")).isEmpty();
    assertThat(KubeNames.shardLeaseNameProblem("l".repeat(250), "abc"))
        .hasValueSatisfying(p -> assertThat(p).contains("254 characters"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"app", "app.kubernetes.io/name", "a_b.c-d", "example.com/x", "A1"})
  void validLabelKeys(String key) {
    assertThat(KubeNames.labelKeyProblem(key)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-app", "app-", "a/b/c", "Example.com/x", "/x", "x/", "a b"})
  void invalidLabelKeys(String key) {
    assertThat(KubeNames.labelKeyProblem(key)).hasValueSatisfying(p -> assertThat(p).contains(key));
  }

  @Test
  void labelKeyNameIsAtMost63Characters() {
    assertThat(KubeNames.labelKeyProblem("a".repeat(63))).isEmpty();
    assertThat(KubeNames.labelKeyProblem("example.com/" + "a".repeat(64))).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "v1", "a.b_c-d", "Z"})
  void validLabelValues(String value) {
    assertThat(KubeNames.labelValueProblem(value)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-v", "v-", "a/b", "a b", "ü"})
  void invalidLabelValues(String value) {
    assertThat(KubeNames.labelValueProblem(value))
        .hasValueSatisfying(p -> assertThat(p).contains("not a valid label value"));
    assertThat(KubeNames.labelValueProblem("a".repeat(64))).isPresent();
    assertThat(KubeNames.labelValueProblem(null)).isPresent();
  }
}
