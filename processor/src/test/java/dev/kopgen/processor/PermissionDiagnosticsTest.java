package dev.kopgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.kopgen.processor.DiagnosticAssertions.assertNothingGenerated;
import static dev.kopgen.processor.KopgenCompiler.compile;
import static dev.kopgen.processor.Samples.controller;
import static dev.kopgen.processor.Samples.file;
import static dev.kopgen.processor.Samples.reconcile;

import com.google.common.truth.Truth;
import com.google.testing.compile.Compilation;
import dev.kopgen.rules.OperatorDescriptor;
import dev.kopgen.rules.OperatorDescriptor.PermissionDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics about {@code @Permission}, each on the value to change, and what a valid one records.
 */
class PermissionDiagnosticsTest {

  @Test
  void unknownVerbIsRefusedOnItsValue() {
    JavaFileObject f =
        controller(
            "FooReconciler",
            "ConfigMap",
            "@Controller(resource = ConfigMap.class)",
            "@Permission(resources = \"pods\",",
            "    verbs = {\"get\", \"read\"})");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/PermissionVerb] @Permission(verbs): 'read' is not an RBAC verb; use one of"
                + " get, list, watch, create, update, patch, delete, deletecollection, use, bind,"
                + " escalate, impersonate, approve, sign")
        .inFile(f)
        .onLineContaining("verbs = ");
    assertThat(c).hadErrorCount(1);
    assertNothingGenerated(f);
  }

  @Test
  void kindInsteadOfPluralIsRefused() {
    JavaFileObject f =
        controller(
            "FooReconciler",
            "ConfigMap",
            "@Controller(resource = ConfigMap.class)",
            "@Permission(verbs = \"get\",",
            "    resources = \"Pod\")");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/PermissionResource] @Permission(resources): resource 'Pod' is not a"
                + " lowercase plural name such as pods or pods/exec (RBAC names resources by"
                + " their plural, not their kind)")
        .inFile(f)
        .onLineContaining("resources = ");
  }

  @Test
  void twoSubresourcesAreRefused() {
    JavaFileObject f =
        controller(
            "FooReconciler",
            "ConfigMap",
            "@Controller(resource = ConfigMap.class)",
            "@Permission(verbs = \"get\",",
            "    resources = \"pods/exec/x\")");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/PermissionResource] @Permission(resources): resource 'pods/exec/x' has more"
                + " than one '/'")
        .inFile(f)
        .onLineContaining("resources = ");
  }

  @Test
  void wildcardResourceNeedsTheOptIn() {
    JavaFileObject f =
        controller(
            "FooReconciler",
            "ConfigMap",
            "@Controller(resource = ConfigMap.class)",
            "@Permission(verbs = \"get\",",
            "    resources = \"pods/*\")");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/PermissionResource] @Permission(resources): resource 'pods/*' uses the"
                + " wildcard \"*\", which also grants what later API versions add; name the"
                + " resources, or set allowWildcard = true")
        .inFile(f)
        .onLineContaining("resources = ");
  }

  @Test
  void wildcardVerbAndGroupNeedTheOptIn() {
    JavaFileObject f =
        controller(
            "FooReconciler",
            "ConfigMap",
            "@Controller(resource = ConfigMap.class)",
            "@Permission(resources = \"pods\",",
            "    verbs = \"*\",",
            "    group = \"*\")");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/PermissionVerb] @Permission(verbs): verb \"*\" grants every verb, including"
                + " ones added later; list the verbs, or set allowWildcard = true")
        .inFile(f)
        .onLineContaining("verbs = \"*\"");
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/PermissionGroup] @Permission(group): group \"*\" matches every API group;"
                + " name the group, or set allowWildcard = true")
        .inFile(f)
        .onLineContaining("group = ");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void wildcardWithTheOptInCompilesAndIsRecorded() {
    JavaFileObject f =
        controller(
            "FooReconciler",
            "ConfigMap",
            "@Controller(resource = ConfigMap.class)",
            "@Permission(resources = \"pods/*\", verbs = \"get\", allowWildcard = true)");
    Compilation c = compile(f);
    assertThat(c).succeededWithoutWarnings();
    Truth.assertThat(descriptor(c).controllers().get(0).permissions())
        .containsExactly(
            new PermissionDescriptor(
                "", List.of("pods/*"), List.of("get"), List.of(), List.of(), false, true, ""));
  }

  @Test
  void malformedGroupIsRefused() {
    JavaFileObject f =
        controller(
            "FooReconciler",
            "ConfigMap",
            "@Controller(resource = ConfigMap.class)",
            "@Permission(resources = \"deployments\", verbs = \"get\",",
            "    group = \"Apps\")");
    assertThat(compile(f))
        .hadErrorContaining("[kopgen/PermissionGroup] @Permission(group): group 'Apps': ")
        .inFile(f)
        .onLineContaining("group = ");
  }

  @Test
  void namedCreateOfATopLevelResourceIsRefused() {
    JavaFileObject f =
        controller(
            "FooReconciler",
            "ConfigMap",
            "@Controller(resource = ConfigMap.class)",
            "@Permission(resources = \"secrets\", verbs = {\"create\", \"get\"},",
            "    resourceNames = \"db-admin\")");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/PermissionResourceName] @Permission(resourceNames): create on secrets cannot"
                + " be limited by resourceNames: Kubernetes authorizes a create before the object"
                + " has a name, so this rule would never allow it; declare create in a separate"
                + " @Permission without resourceNames")
        .inFile(f)
        .onLineContaining("resourceNames = ");
  }

  @Test
  void wildcardResourceNameIsRefused() {
    JavaFileObject f =
        controller(
            "FooReconciler",
            "ConfigMap",
            "@Controller(resource = ConfigMap.class)",
            "@Permission(resources = \"secrets\", verbs = \"get\",",
            "    resourceNames = {\"a\", \"*\"})");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/PermissionResourceName] @Permission(resourceNames): resourceNames does not"
                + " understand wildcards")
        .inFile(f)
        .onLineContaining("resourceNames = ");
  }

  @Test
  void emptyVerbsAndResourcesAreRefused() {
    JavaFileObject f =
        controller(
            "FooReconciler",
            "ConfigMap",
            "@Controller(resource = ConfigMap.class)",
            "@Permission(resources = {},",
            "    verbs = {})");
    Compilation c = compile(f);
    assertThat(c)
        .hadErrorContaining(
            "[kopgen/PermissionEmpty] @Permission(verbs) is empty: a permission grants at least"
                + " one verb on at least one resource")
        .inFile(f)
        .onLineContaining("verbs = ");
    assertThat(c)
        .hadErrorContaining("[kopgen/PermissionEmpty] @Permission(resources) is empty")
        .inFile(f)
        .onLineContaining("resources = ");
  }

  @Test
  void clusterWideWithNamespacesIsRefused() {
    JavaFileObject f =
        controller(
            "FooReconciler",
            "ConfigMap",
            "@Controller(resource = ConfigMap.class)",
            "@Permission(resources = \"pods\", verbs = \"get\", clusterWide = true,",
            "    namespaces = \"a\")");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/PermissionScope] @Permission sets both clusterWide = true and namespaces")
        .inFile(f)
        .onLineContaining("namespaces = ");
  }

  @Test
  void clusterScopedResourceInARoleIsRefused() {
    JavaFileObject f =
        controller(
            "FooReconciler",
            "ConfigMap",
            "@Controller(resource = ConfigMap.class, namespaces = \"team-a\")",
            "@Permission(verbs = {\"get\", \"list\"},",
            "    resources = \"nodes\")");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/PermissionScope] @Permission(resources): nodes is cluster-scoped, and a"
                + " namespaced Role cannot grant it: set clusterWide = true")
        .inFile(f)
        .onLineContaining("resources = ");
  }

  @Test
  void malformedNamespaceIsRefused() {
    JavaFileObject f =
        controller(
            "FooReconciler",
            "ConfigMap",
            "@Controller(resource = ConfigMap.class)",
            "@Permission(resources = \"pods\", verbs = \"get\",",
            "    namespaces = \"Team_A\")");
    assertThat(compile(f))
        .hadErrorContaining("[kopgen/Namespace] @Permission(namespaces): namespace 'Team_A'")
        .inFile(f)
        .onLineContaining("namespaces = ");
  }

  @Test
  void permissionWithoutControllerIsReported() {
    JavaFileObject f =
        file(
            "Helper",
            "@Permission(resources = \"pods\", verbs = \"get\")",
            "public class Helper {}");
    assertThat(compile(f))
        .hadErrorContaining(
            "[kopgen/MissingController] @Permission on Helper has no effect without @Controller:"
                + " permissions are granted to the controller's ServiceAccount; put it on the"
                + " @Controller class")
        .inFile(f)
        .onLineContaining("@Permission");
  }

  @Test
  void repeatedPermissionsAreRecordedInSourceOrder() {
    JavaFileObject f =
        file(
            "PodReader",
            "@Controller(resource = ConfigMap.class)",
            "@Permission(resources = \"pods\", verbs = {\"list\", \"get\"}, reason = \"reads its pods\")",
            "@Permission(resources = \"pods/exec\", verbs = {\"create\", \"get\"})",
            "@Permission(group = \"apps\", resources = \"deployments/scale\", verbs = \"patch\",",
            "    resourceNames = \"web\", namespaces = {\"a\", \"b\"})",
            "@Permission(resources = \"nodes\", verbs = \"list\", clusterWide = true)",
            "public class PodReader implements Reconciler<ConfigMap> {",
            reconcile("ConfigMap"),
            "}");
    Compilation c = compile(f);
    assertThat(c).succeededWithoutWarnings();
    Truth.assertThat(descriptor(c).controllers().get(0).permissions())
        .containsExactly(
            new PermissionDescriptor(
                "",
                List.of("pods"),
                List.of("list", "get"),
                List.of(),
                List.of(),
                false,
                false,
                "reads its pods"),
            new PermissionDescriptor(
                "",
                List.of("pods/exec"),
                List.of("create", "get"),
                List.of(),
                List.of(),
                false,
                false,
                ""),
            new PermissionDescriptor(
                "apps",
                List.of("deployments/scale"),
                List.of("patch"),
                List.of("web"),
                List.of("a", "b"),
                false,
                false,
                ""),
            new PermissionDescriptor(
                "", List.of("nodes"), List.of("list"), List.of(), List.of(), true, false, ""))
        .inOrder();
  }

  private static OperatorDescriptor descriptor(Compilation c) {
    try {
      return OperatorDescriptor.parse(
          c.generatedFile(StandardLocation.CLASS_OUTPUT, OperatorDescriptor.RESOURCE)
              .orElseThrow()
              .getCharContent(true)
              .toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
