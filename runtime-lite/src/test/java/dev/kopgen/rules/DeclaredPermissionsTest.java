package dev.kopgen.rules;

import static dev.kopgen.rules.RbacRulesTest.RESOLVE;
import static dev.kopgen.rules.WorkloadsTest.controller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.rules.OperatorDescriptor.PermissionDescriptor;
import dev.kopgen.rules.RbacRules.Permissions;
import dev.kopgen.rules.RbacRules.Rule;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code @Permission}s merged into the derived RBAC: exactly what is declared, where it says. */
class DeclaredPermissionsTest {

  private static final String DECLARED = "declared by @Permission on webReconciler";

  private static ControllerDescriptor withPermissions(
      List<String> namespaces, PermissionDescriptor... permissions) {
    ControllerDescriptor c =
        controller("web", Duration.ofSeconds(30), Optional.empty(), namespaces, List.of());
    return c.toBuilder().permissions(List.of(permissions)).build();
  }

  private static PermissionDescriptor permission(
      String group,
      List<String> resources,
      List<String> verbs,
      List<String> names,
      List<String> namespaces,
      boolean clusterWide,
      boolean wildcard,
      String reason) {
    return new PermissionDescriptor(
        group, resources, verbs, names, namespaces, clusterWide, wildcard, reason);
  }

  private static Permissions of(ControllerDescriptor c) {
    return RbacRules.permissions(
        Workloads.of(new OperatorDescriptor("E", List.of(c))).get(0), RESOLVE);
  }

  @Test
  void declaredRulesGoWhereTheControllerWatchesAndCarryTheirReason() {
    Permissions p =
        of(
            withPermissions(
                List.of(),
                permission(
                    "",
                    List.of("pods", "pods/exec"),
                    List.of("get", "list", "create"),
                    List.of(),
                    List.of(),
                    false,
                    false,
                    "reads and execs into its pods")));
    assertThat(p.clusterRules())
        .contains(
            new Rule(
                "",
                "pods",
                List.of(),
                List.of("create", "get", "list"),
                List.of(DECLARED, "reads and execs into its pods")),
            new Rule(
                "",
                "pods/exec",
                List.of(),
                List.of("create", "get", "list"),
                List.of(DECLARED, "reads and execs into its pods")));
    assertThat(p.namespaceRules()).isEmpty();
  }

  @Test
  void namedNamespacesGetARoleEachAndClusterWideGoesToTheClusterRole() {
    Permissions p =
        of(
            withPermissions(
                List.of("a"),
                permission(
                    "",
                    List.of("secrets"),
                    List.of("get"),
                    List.of("db-admin"),
                    List.of("vault"),
                    false,
                    false,
                    ""),
                permission(
                    "", List.of("nodes"), List.of("list"), List.of(), List.of(), true, false, "")));
    assertThat(p.namespaceRules().keySet()).containsExactly("a", "vault");
    assertThat(p.namespaceRules().get("vault"))
        .containsExactly(
            new Rule("", "secrets", List.of("db-admin"), List.of("get"), List.of(DECLARED)));
    assertThat(p.namespaceRules().get("a")).noneMatch(r -> r.resource().equals("secrets"));
    assertThat(p.clusterRules())
        .containsExactly(new Rule("", "nodes", List.of(), List.of("list"), List.of(DECLARED)));
  }

  @Test
  void aDeclaredRuleOnADerivedResourceMergesVerbsAndKeepsTheNote() {
    Permissions p =
        of(
            withPermissions(
                List.of(),
                permission(
                    "",
                    List.of("configmaps"),
                    List.of("delete"),
                    List.of(),
                    List.of(),
                    false,
                    false,
                    "")));
    assertThat(p.clusterRules())
        .contains(
            new Rule(
                "",
                "configmaps",
                List.of(),
                List.of("create", "delete", "get", "list", "watch"),
                List.of(DECLARED)));
  }

  @Test
  void aWildcardSaysItWasAskedFor() {
    Permissions p =
        of(
            withPermissions(
                List.of(),
                permission(
                    "", List.of("pods/*"), List.of("get"), List.of(), List.of(), false, true, "")));
    assertThat(p.clusterRules())
        .contains(
            new Rule(
                "",
                "pods/*",
                List.of(),
                List.of("get"),
                List.of(
                    "wildcard \"*\" explicitly allowed by @Permission(allowWildcard = true) on"
                        + " webReconciler")));
  }

  @Test
  void anInvalidDescriptorIsRefusedByTheSameRules() {
    assertThatThrownBy(
            () ->
                of(
                    withPermissions(
                        List.of(),
                        permission(
                            "",
                            List.of("pods"),
                            List.of("*"),
                            List.of(),
                            List.of(),
                            false,
                            false,
                            ""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("controller web: invalid @Permission: verb \"*\" grants every verb");
    assertThatThrownBy(
            () ->
                of(
                    withPermissions(
                        List.of("a"),
                        permission(
                            "",
                            List.of("nodes"),
                            List.of("get"),
                            List.of(),
                            List.of(),
                            false,
                            false,
                            ""))))
        .hasMessageContaining("nodes is cluster-scoped");
  }

  @Test
  void problemsOfEachKind() {
    assertThat(RbacRules.verbProblem("get", false)).isEmpty();
    assertThat(RbacRules.verbProblem("GET", false)).isPresent();
    assertThat(RbacRules.verbProblem("*", true)).isEmpty();
    assertThat(RbacRules.resourceProblem("pods/exec", false)).isEmpty();
    assertThat(RbacRules.resourceProblem("Pods", false)).isPresent();
    assertThat(RbacRules.resourceProblem("pods/", false)).isPresent();
    assertThat(RbacRules.resourceProblem("*", false)).isPresent();
    assertThat(RbacRules.resourceProblem("*/scale", true)).isEmpty();
    assertThat(RbacRules.groupProblem("", false)).isEmpty();
    assertThat(RbacRules.groupProblem("apps", false)).isEmpty();
    assertThat(RbacRules.groupProblem("example.com", false)).isEmpty();
    assertThat(RbacRules.groupProblem("Apps", false)).isPresent();
    assertThat(RbacRules.resourceNameProblem("a/b")).isPresent();
    assertThat(RbacRules.namedCreateProblem("pods/exec", List.of("create"), List.of("p")))
        .as("a subresource's create has a name")
        .isEmpty();
    assertThat(RbacRules.namedCreateProblem("secrets", List.of("create"), List.of("p")))
        .isPresent();
  }

  @Test
  void watchedTypesAreReadWhereTheyAreWatched() {
    ControllerDescriptor base = withPermissions(List.of("a"));
    ControllerDescriptor c =
        base.toBuilder()
            .watches(
                List.of(
                    new OperatorDescriptor.WatchDescriptor(
                        "io.fabric8.kubernetes.api.model.ConfigMap",
                        "com.example.M",
                        List.of("vault"),
                        "app=web"),
                    new OperatorDescriptor.WatchDescriptor(
                        "io.fabric8.kubernetes.api.model.Namespace",
                        "com.example.N",
                        List.of(),
                        "")))
            .build();
    Permissions p = of(c);
    assertThat(p.namespaceRules().get("vault"))
        .containsExactly(new Rule("", "configmaps", List.of(), List.of("get", "list", "watch")));
    assertThat(p.clusterRules())
        .as("a cluster-scoped watched type")
        .containsExactly(new Rule("", "namespaces", List.of(), List.of("get", "list", "watch")));
    OperatorDescriptor d = new OperatorDescriptor("E", List.of(c));
    assertThat(OperatorDescriptor.parse(d.toText())).isEqualTo(d);
  }

  @Test
  void descriptorRoundTripsPermissionsInOrder() {
    ControllerDescriptor c =
        withPermissions(
            List.of(),
            permission(
                "apps",
                List.of("deployments/scale"),
                List.of("patch", "get"),
                List.of("web"),
                List.of("a", "b"),
                false,
                false,
                "scales web, = it: #1"),
            permission(
                "", List.of("pods"), List.of("list"), List.of(), List.of(), false, false, ""));
    OperatorDescriptor d = new OperatorDescriptor("E", List.of(c));
    String text = d.toText();
    assertThat(OperatorDescriptor.parse(text)).isEqualTo(d);
    assertThat(text).contains("controller.web.permission.000.group=apps\n");
    OperatorDescriptor none = new OperatorDescriptor("E", List.of(withPermissions(List.of())));
    assertThat(none.toText()).doesNotContain("permission");
  }
}
