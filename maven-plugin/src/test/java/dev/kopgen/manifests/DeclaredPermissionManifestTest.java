package dev.kopgen.manifests;

import static dev.kopgen.manifests.Fixtures.settings;
import static dev.kopgen.manifests.Fixtures.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.rules.OperatorDescriptor;
import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.rules.OperatorDescriptor.OwnedDescriptor;
import dev.kopgen.rules.OperatorDescriptor.PermissionDescriptor;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code @Permission} in the emitted YAML: the rule, with a comment that says where it came from.
 */
class DeclaredPermissionManifestTest {

  @Test
  void declaredRulesAreEmittedWithTheirReasonAndAWildcardIsCalledOut() {
    ControllerDescriptor base = Fixtures.webApp(Optional.empty(), List.of(), List.of());
    ControllerDescriptor c =
        base.toBuilder()
            .permissions(
                List.of(
                    new PermissionDescriptor(
                        "",
                        List.of("pods/exec"),
                        List.of("create", "get"),
                        List.of(),
                        List.of(),
                        false,
                        false,
                        "runs the backup tool in its pod"),
                    new PermissionDescriptor(
                        "",
                        List.of("pods/*"),
                        List.of("get"),
                        List.of(),
                        List.of(),
                        false,
                        true,
                        "")))
            .build();
    Manifests m =
        new ManifestGenerator()
            .generate(new OperatorDescriptor(Fixtures.ENTRY, List.of(c)), types(), settings());
    String role = m.files().get("clusterrole.yaml");
    assertThat(role)
        .contains(
            "    resources:  # declared by @Permission on WebAppReconciler; runs the backup tool"
                + " in its pod\n      - pods/exec\n    verbs:\n      - create\n      - get\n")
        .contains(
            "    resources:  # wildcard \"*\" explicitly allowed by @Permission(allowWildcard ="
                + " true) on WebAppReconciler\n      - \"pods/*\"\n    verbs:\n      - get\n");
  }

  @Test
  void eachOwnsGetsItsOwnVerbsBesideTheSharedOwnedVerbsWithAComment() {
    ControllerDescriptor c =
        Fixtures.webApp(Optional.empty(), List.of(), List.of()).toBuilder()
            .ownedClasses(List.of(Fixtures.CONFIG_MAP))
            .ownedVerbs(List.of("create", "patch"))
            .owned(
                List.of(
                    new OwnedDescriptor(
                        "io.fabric8.kubernetes.api.model.Pod", List.of("delete"), true),
                    new OwnedDescriptor(Fixtures.DEPLOYMENT, List.of(), false)))
            .build();
    Manifests m =
        new ManifestGenerator()
            .generate(new OperatorDescriptor(Fixtures.ENTRY, List.of(c)), types(), settings());
    String role = m.files().get("clusterrole.yaml");
    assertThat(role)
        .contains(
            "  - apiGroups:\n      - \"\"\n    resources:\n      - configmaps\n    verbs:\n"
                + "      - create\n      - get\n      - list\n      - patch\n      - watch\n")
        .contains(
            "    resources:  # owned: @Owns(Pod.class, metadataOnly = true) on WebAppReconciler\n"
                + "      - pods\n    verbs:\n      - delete\n      - get\n      - list\n"
                + "      - watch\n")
        .contains(
            "    resources:  # owned: @Owns(Deployment.class, verbs = {}) on WebAppReconciler:"
                + " reads only\n      - deployments\n    verbs:\n      - get\n      - list\n"
                + "      - watch\n");
  }
}
