package dev.kopgen.rules;

import static dev.kopgen.rules.WorkloadsTest.controller;
import static dev.kopgen.rules.WorkloadsTest.lease;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.rules.OperatorDescriptor.OwnedDescriptor;
import dev.kopgen.rules.OperatorDescriptor.ShardDescriptor;
import dev.kopgen.rules.RbacRules.ApiResource;
import dev.kopgen.rules.RbacRules.Permissions;
import dev.kopgen.rules.RbacRules.Rule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RbacRulesTest {

  static final Map<String, ApiResource> TYPES =
      Map.of(
          "com.example.WebApp", new ApiResource("example.com", "webapps", true),
          "io.fabric8.kubernetes.api.model.ConfigMap", new ApiResource("", "configmaps", true),
          "io.fabric8.kubernetes.api.model.Namespace", new ApiResource("", "namespaces", false),
          "io.fabric8.kubernetes.api.model.Pod", new ApiResource("", "pods", true),
          "io.fabric8.kubernetes.api.model.apps.Deployment",
              new ApiResource("apps", "deployments", true));

  static final Function<String, ApiResource> RESOLVE =
      n -> {
        ApiResource r = TYPES.get(n);
        if (r == null) {
          throw new IllegalArgumentException("unknown " + n);
        }
        return r;
      };

  static Permissions permissionsOf(ControllerDescriptor... controllers) {
    return RbacRules.permissions(
        Workloads.of(new OperatorDescriptor("E", List.of(controllers))).get(0), RESOLVE);
  }

  @Test
  void clusterWideControllerGetsReadsDeclaredWritesStatusAndEventsInAClusterRole() {
    Permissions p =
        permissionsOf(
            controller("web", Duration.ofSeconds(30), Optional.empty(), List.of(), List.of()));

    assertThat(p.namespaceRules()).isEmpty();
    assertThat(p.leaseRules()).isEmpty();
    assertThat(p.clusterRules())
        .containsExactly(
            new Rule("", "configmaps", List.of(), List.of("create", "get", "list", "watch")),
            new Rule("", "events", List.of(), List.of("create", "patch")),
            new Rule("example.com", "webapps", List.of(), List.of("get", "list", "watch")),
            new Rule(
                "example.com", "webapps/status", List.of(), List.of("get", "patch", "update")));
  }

  @Test
  void namespacedControllerGetsOneRolePerNamespaceAndNothingClusterWide() {
    Permissions p =
        permissionsOf(
            controller(
                "web", Duration.ofSeconds(30), Optional.empty(), List.of("b", "a"), List.of()));

    assertThat(p.clusterRules()).isEmpty();
    assertThat(p.namespaceRules().keySet()).containsExactly("a", "b");
    assertThat(p.namespaceRules().get("a")).hasSize(4).isEqualTo(p.namespaceRules().get("b"));
  }

  @Test
  void clusterScopedTypesGoToTheClusterRoleEvenForANamespacedController() {
    ControllerDescriptor c =
        ControllerDescriptor.builder("ns", "R", "com.example.WebApp")
            .ownedClasses(List.of("io.fabric8.kubernetes.api.model.Namespace"))
            .namespaces(List.of("a"))
            .maxConcurrentReconciles(1)
            .reconcileTimeout(Duration.ofSeconds(1))
            .updatesStatus(false)
            .ownedVerbs(List.of("patch"))
            .build();
    Permissions p = permissionsOf(c);
    assertThat(p.clusterRules())
        .containsExactly(
            new Rule("", "namespaces", List.of(), List.of("get", "list", "patch", "watch")));
    assertThat(p.namespaceRules().get("a"))
        .extracting(Rule::resource)
        .containsExactly("events", "webapps");
  }

  @Test
  void leasesCreateUnnamedAndEverythingElseOnlyOnTheWorkloadsOwnLeases() {
    Permissions p =
        permissionsOf(
            controller("web", Duration.ofSeconds(30), lease("web-lease", 2), List.of(), List.of()));
    assertThat(p.leaseRules())
        .containsExactly(
            new Rule("coordination.k8s.io", "leases", List.of(), List.of("create")),
            new Rule(
                "coordination.k8s.io",
                "leases",
                List.of("web-lease"),
                List.of("get", "list", "patch", "update", "watch")));
  }

  @Test
  void aShardGetsItsOwnLeaseAndOnlyItsNamespaces() {
    ControllerDescriptor c =
        controller(
            "web",
            Duration.ofSeconds(30),
            lease("web", 2),
            List.of(),
            List.of(
                new ShardDescriptor("a", List.of("team-a"), ""),
                new ShardDescriptor("b", List.of("team-b"), "")));
    var ws = Workloads.of(new OperatorDescriptor("E", List.of(c)));
    Permissions a = RbacRules.permissions(ws.get(0), RESOLVE);
    assertThat(a.clusterRules()).isEmpty();
    assertThat(a.namespaceRules().keySet()).containsExactly("team-a");
    assertThat(a.leaseRules().get(1).resourceNames()).containsExactly("web-a");
  }

  @Test
  void rulesForTheSameResourceMergeTheirVerbs() {
    ControllerDescriptor one =
        ControllerDescriptor.builder("one", "R1", "com.example.WebApp")
            .maxConcurrentReconciles(1)
            .reconcileTimeout(Duration.ofSeconds(1))
            .updatesStatus(false)
            .primaryVerbs(List.of("patch"))
            .ownedVerbs(List.of())
            .build();
    ControllerDescriptor two =
        ControllerDescriptor.builder("two", "R2", "io.fabric8.kubernetes.api.model.ConfigMap")
            .ownedClasses(List.of("com.example.WebApp"))
            .maxConcurrentReconciles(1)
            .reconcileTimeout(Duration.ofSeconds(1))
            .updatesStatus(false)
            .ownedVerbs(List.of("delete"))
            .build();
    Permissions p = permissionsOf(one, two);
    assertThat(p.clusterRules())
        .filteredOn(r -> r.resource().equals("webapps"))
        .containsExactly(
            new Rule(
                "example.com",
                "webapps",
                List.of(),
                List.of("delete", "get", "list", "patch", "watch")));
    assertThat(p.clusterRules())
        .extracting(Rule::resource)
        .containsExactly("configmaps", "events", "webapps");
  }

  @Test
  void eachOwnsDeclarationGetsReadsPlusExactlyItsOwnVerbsWithAComment() {
    ControllerDescriptor c =
        ControllerDescriptor.builder("web", "com.example.WebAppReconciler", "com.example.WebApp")
            .ownedClasses(List.of("io.fabric8.kubernetes.api.model.ConfigMap"))
            .ownedVerbs(List.of("create", "patch"))
            .updatesStatus(false)
            .namespaces(List.of("team-a"))
            .owned(
                List.of(
                    new OwnedDescriptor(
                        "io.fabric8.kubernetes.api.model.Pod", List.of("delete"), true),
                    new OwnedDescriptor(
                        "io.fabric8.kubernetes.api.model.apps.Deployment", List.of(), false)))
            .build();
    List<Rule> rules = permissionsOf(c).namespaceRules().get("team-a");
    assertThat(rules)
        .containsExactly(
            new Rule(
                "", "configmaps", List.of(), List.of("create", "get", "list", "patch", "watch")),
            new Rule("", "events", List.of(), RbacRules.EVENT_VERBS),
            new Rule(
                "",
                "pods",
                List.of(),
                List.of("delete", "get", "list", "watch"),
                List.of("owned: @Owns(Pod.class, metadataOnly = true) on WebAppReconciler")),
            new Rule(
                "apps",
                "deployments",
                List.of(),
                RbacRules.READ_VERBS,
                List.of(
                    "owned: @Owns(Deployment.class, verbs = {}) on WebAppReconciler: reads only")),
            new Rule("example.com", "webapps", List.of(), RbacRules.READ_VERBS));
    assertThat(permissionsOf(c).clusterRules()).isEmpty();
  }

  @Test
  void anUnknownClassPropagatesTheResolversError() {
    ControllerDescriptor c =
        ControllerDescriptor.builder("x", "R", "com.example.Missing")
            .maxConcurrentReconciles(1)
            .reconcileTimeout(Duration.ofSeconds(1))
            .updatesStatus(false)
            .ownedVerbs(List.of())
            .build();
    assertThatThrownBy(() -> permissionsOf(c)).hasMessage("unknown com.example.Missing");
  }

  @Test
  void aCleanerGetsPatchAndUpdateOnItsPrimaryForTheFinalizerAndNothingElseChanges() {
    ControllerDescriptor plain =
        controller("web", Duration.ofSeconds(30), Optional.empty(), List.of(), List.of());
    ControllerDescriptor cleaner =
        plain.toBuilder().finalizer(LifecycleRules.finalizerName("example.com", "web")).build();
    List<Rule> without = permissionsOf(plain).clusterRules();
    List<Rule> with = permissionsOf(cleaner).clusterRules();
    assertThat(with)
        .contains(
            new Rule(
                "example.com",
                "webapps",
                List.of(),
                List.of("get", "list", "patch", "update", "watch")));
    assertThat(with)
        .filteredOn(r -> !r.resource().equals("webapps"))
        .isEqualTo(without.stream().filter(r -> !r.resource().equals("webapps")).toList());
  }
}
