package dev.kopgen.manifests;

import static dev.kopgen.manifests.Fixtures.settings;
import static dev.kopgen.manifests.Fixtures.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.manifests.InvalidSettingsException.Problem;
import dev.kopgen.rules.ImageRules;
import dev.kopgen.rules.ImageRules.JvmSettings;
import dev.kopgen.rules.KubeNames;
import dev.kopgen.rules.OperatorDescriptor;
import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.rules.PodContract;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ManifestGeneratorTest {

  static Manifests generate(OperatorDescriptor d, ManifestSettings s) {
    return new ManifestGenerator().generate(d, types(), s);
  }

  @Test
  void unelectedGolden() throws IOException {
    Manifests m = generate(Fixtures.unelected(), settings());
    Goldens.assertMatches("unelected", m);
    assertThat(m.files().get("deployment.yaml"))
        .contains("replicas: 1  # exactly one")
        .contains(
            "type: Recreate  # Recreate: no leader election, so two instances must never overlap")
        .contains("terminationGracePeriodSeconds: 35  # drain 30s + margin 5s")
        .doesNotContain("rollingUpdate");
    assertThat(m.files()).doesNotContainKey("role-leader-election.yaml");
  }

  @Test
  void electedGolden() throws IOException {
    Manifests m = generate(Fixtures.elected(), settings());
    Goldens.assertMatches("elected", m);
    assertThat(m.files().get("deployment.yaml"))
        .contains("replicas: 2  # @LeaderElection(replicas = 2)")
        .contains("type: RollingUpdate  # RollingUpdate (maxSurge 1, maxUnavailable 0)")
        .contains("terminationGracePeriodSeconds: 37  # drain 30s + lease release 2s + margin 5s");
    assertThat(m.files())
        .containsKeys("role-leader-election.yaml", "rolebinding-leader-election.yaml");
  }

  @Test
  void namespacedGolden() throws IOException {
    ManifestSettings s =
        settings()
            .withLabels(Map.of("team", "platform"))
            .withResources(Map.of("cpu", "250m", "memory", "384Mi"), Map.of("memory", "1Gi"));
    Manifests m = generate(Fixtures.namespaced(), s);
    Goldens.assertMatches("namespaced", m);
    assertThat(m.files())
        .doesNotContainKeys("clusterrole.yaml", "clusterrolebinding.yaml")
        .containsKeys("role-in-team-a.yaml", "role-in-team-b.yaml", "rolebinding-in-team-a.yaml");
  }

  @Test
  void shardedGolden() throws IOException {
    Manifests m = generate(Fixtures.sharded(), settings());
    Goldens.assertMatches("sharded", m);
    assertThat(m.files())
        .containsKeys(
            "deployment.yaml",
            "deployment-web-app-a.yaml",
            "deployment-web-app-b.yaml",
            "serviceaccount-web-app-a.yaml",
            "role-web-app-b-in-team-b-staging.yaml",
            "role-web-app-a-leader-election.yaml");
    assertThat(m.files().get("deployment-web-app-a.yaml"))
        .contains("- name: KOPGEN_SHARD\n              value: web-app/a\n");
    // The main Deployment runs only the unsharded controller: its budget is secret-audit's 2m.
    assertThat(m.files().get("deployment.yaml"))
        .contains("terminationGracePeriodSeconds: 127  # drain 2m + lease release 2s + margin 5s")
        .contains("replicas: 3")
        .doesNotContain("KOPGEN_SHARD");
  }

  @Test
  void everyControllerShardedMeansNoMainDeployment() {
    OperatorDescriptor d =
        new OperatorDescriptor(Fixtures.ENTRY, List.of(Fixtures.sharded().controllers().get(1)));
    Manifests m = generate(d, settings());
    assertThat(m.files())
        .doesNotContainKeys("deployment.yaml", "serviceaccount.yaml")
        .containsKeys("deployment-web-app-a.yaml", "deployment-web-app-b.yaml");
  }

  @Test
  void twoControllersWithAShardOfTheSameNameGetDeploymentsThatNameTheirController() {
    ControllerDescriptor other =
        ControllerDescriptor.builder(
                "secret-audit", "com.example.SecretAuditReconciler", Fixtures.SECRET)
            .maxConcurrentReconciles(1)
            .reconcileTimeout(Duration.ofSeconds(10))
            .updatesStatus(false)
            .leaderElection(Fixtures.lease("secret-audit", 2))
            .shards(List.of(new OperatorDescriptor.ShardDescriptor("a", List.of("team-b"), "")))
            .ownedVerbs(List.of())
            .build();
    OperatorDescriptor d =
        new OperatorDescriptor(
            Fixtures.ENTRY, List.of(Fixtures.sharded().controllers().get(1), other));
    Manifests m = generate(d, settings());
    assertThat(m.files().get("deployment-web-app-a.yaml"))
        .contains("- name: KOPGEN_SHARD\n              value: web-app/a\n");
    assertThat(m.files().get("deployment-secret-audit-a.yaml"))
        .contains("- name: KOPGEN_SHARD\n              value: secret-audit/a\n");
    assertThat(m.files().get("role-secret-audit-a-leader-election.yaml"))
        .contains("- secret-audit-a\n")
        .doesNotContain("web-app-a");
  }

  @Test
  void kustomizationListsEveryOtherFile() {
    Manifests m = generate(Fixtures.sharded(), settings());
    String k = m.files().get(ManifestGenerator.KUSTOMIZATION);
    for (String file : m.files().keySet()) {
      if (!file.equals(ManifestGenerator.KUSTOMIZATION)) {
        assertThat(k).contains("\n  - " + file + "\n");
      }
    }
    assertThat(m.files().keySet())
        .allSatisfy(
            f ->
                assertThat(f.endsWith(".yaml") || f.equals(ManifestGenerator.KUSTOMIZATION))
                    .isTrue());
  }

  @Test
  void everyFileHasTheHeaderAndIsOneDocument() {
    Manifests m = generate(Fixtures.sharded(), settings());
    m.files()
        .forEach(
            (path, text) -> {
              assertThat(text)
                  .as(path)
                  .startsWith(
                      "# Generated by kopgen from com.example.KopgenOperator; do not edit — change the annotations"
                          + " or the plugin configuration\n");
              assertThat(text).as(path).doesNotContain("\n---").doesNotContain("\r").endsWith("\n");
            });
  }

  @Test
  void replicasAboveOneWithoutLeaderElectionIsRefusedNamingTheSetting() {
    assertThatThrownBy(
            () -> generate(Fixtures.unelected(), settings().withReplicas(OptionalInt.of(3))))
        .isInstanceOfSatisfying(
            InvalidSettingsException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.setting()).isEqualTo(Setting.REPLICAS);
                          assertThat(p.message())
                              .contains("Deployment demo-operator")
                              .contains("replicas 3 without leader election")
                              .contains("add @LeaderElection");
                        }));
  }

  @Test
  void replicasOverrideAppliesWithLeaderElection() {
    Manifests m = generate(Fixtures.elected(), settings().withReplicas(OptionalInt.of(3)));
    assertThat(m.files().get("deployment.yaml"))
        .contains("replicas: 3  # from the plugin configuration\n");
  }

  @Test
  void gracePeriodShorterThanTheBudgetIsRefused() {
    assertThatThrownBy(
            () ->
                generate(
                    Fixtures.elected(),
                    settings().withTerminationGracePeriodSeconds(OptionalLong.of(20))))
        .isInstanceOfSatisfying(
            InvalidSettingsException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::setting)
                    .containsExactly(Setting.TERMINATION_GRACE_PERIOD_SECONDS));
    Manifests m =
        generate(
            Fixtures.elected(), settings().withTerminationGracePeriodSeconds(OptionalLong.of(90)));
    assertThat(m.files().get("deployment.yaml"))
        .contains(
            "terminationGracePeriodSeconds: 90  # from the plugin configuration; the shutdown budget needs 37");
  }

  @Test
  void everyInvalidSettingIsReportedAtOnce() {
    ManifestSettings bad =
        ManifestSettings.defaults("Demo_Operator", "has space")
            .withNamespace("-ns")
            .withHealthPort(0)
            .withLabels(Map.of("app.kubernetes.io/name", "x", "ok", "not valid!"))
            .withResources(Map.of("cpu", "lots"), Map.of());
    assertThatThrownBy(() -> generate(Fixtures.unelected(), bad))
        .isInstanceOfSatisfying(
            InvalidSettingsException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::setting)
                    .containsExactlyInAnyOrder(
                        Setting.NAME,
                        Setting.NAMESPACE,
                        Setting.IMAGE,
                        Setting.HEALTH_PORT,
                        Setting.LABELS,
                        Setting.LABELS,
                        Setting.RESOURCES));
  }

  @Test
  void labelAndPortProblemsAreTheModelsOwnWords() {
    ManifestSettings bad =
        settings().withLabels(Map.of("team", "not valid!", "-bad", "x")).withHealthPort(70000);
    assertThatThrownBy(() -> generate(Fixtures.unelected(), bad))
        .isInstanceOfSatisfying(
            InvalidSettingsException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        new Problem(
                            Setting.HEALTH_PORT, PodContract.portProblem(70000).orElseThrow()),
                        new Problem(
                            Setting.LABELS, KubeNames.labelKeyProblem("-bad").orElseThrow()),
                        new Problem(
                            Setting.LABELS,
                            "label 'team': "
                                + KubeNames.labelValueProblem("not valid!").orElseThrow())));
  }

  @Test
  void theContainerCarriesKopgensJvmSettingsForItsLimitsAsJavaToolOptions() {
    Manifests m = generate(Fixtures.elected(), settings());
    JvmSettings defaults =
        ImageRules.jvmSettings(OptionalLong.of(512L << 20), OptionalLong.empty());
    assertThat(m.files().get("deployment.yaml"))
        .contains(
            "            - name: JAVA_TOOL_OPTIONS\n              value: \""
                + defaults.line()
                + "\"\n")
        .contains("            #   -XX:TieredStopAtLevel=1: C1 only")
        .contains("            #   not set, -Xss: ")
        .contains("memory: \"512Mi\"  # the JVM takes up to 50 % of this for its heap");

    // A big pod with a CPU limit under one core: G1 for its heap, still C1 only.
    ManifestSettings big =
        settings().withResources(Map.of("cpu", "100m"), Map.of("memory", "2Gi", "cpu", "500m"));
    OperatorPlan plan = new ManifestGenerator().plan(Fixtures.elected(), types(), big);
    assertThat(plan.jvm().flagStrings())
        .containsExactly(
            "-XX:MaxRAMPercentage=75",
            "-XX:+UseG1GC",
            "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError");
    // Every Deployment gets the same line the Jib image's entrypoint is given (GenerateMojo).
    assertThat(plan.workloads())
        .allSatisfy(
            w ->
                assertThat(w.literalEnvironment())
                    .containsEntry(
                        WorkloadPlan.JAVA_TOOL_OPTIONS_ENV,
                        String.join(" ", plan.jvm().flagStrings())));
    assertThat(ManifestYaml.render(plan).files().get("deployment.yaml"))
        .contains("value: \"-XX:MaxRAMPercentage=75 -XX:+UseG1GC -XX:TieredStopAtLevel=1");
  }

  @Test
  void unknownClassInTheDescriptorSaysToRecompile() {
    ControllerDescriptor c = Fixtures.webApp(Optional.empty(), List.of(), List.of());
    ControllerDescriptor gone = c.toBuilder().resourceClass("com.example.Gone").build();
    assertThatThrownBy(
            () -> generate(new OperatorDescriptor(Fixtures.ENTRY, List.of(gone)), settings()))
        .isExactlyInstanceOf(ManifestException.class)
        .hasMessageContaining("controller 'web-app' names com.example.Gone")
        .hasMessageContaining("not on the project's compile classpath")
        .hasMessageContaining("recompile the project (mvn clean package)");
  }

  @Test
  void aNonResourceClassIsRefused() {
    ControllerDescriptor c = Fixtures.webApp(Optional.empty(), List.of(), List.of());
    ControllerDescriptor odd =
        ControllerDescriptor.builder(c.name(), c.reconcilerClass(), "java.lang.String")
            .maxConcurrentReconciles(1)
            .reconcileTimeout(Duration.ofSeconds(1))
            .updatesStatus(false)
            .ownedVerbs(List.of())
            .build();
    assertThatThrownBy(
            () -> generate(new OperatorDescriptor(Fixtures.ENTRY, List.of(odd)), settings()))
        .hasMessageContaining("java.lang.String is not a Kubernetes resource type");
  }

  @Test
  void crdClassesMustBeCustomResources() {
    assertThatThrownBy(
            () ->
                generate(
                    Fixtures.unelected(),
                    settings().withCrdClasses(Optional.of(List.of(Fixtures.CONFIG_MAP)))))
        .isInstanceOfSatisfying(
            InvalidSettingsException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.setting()).isEqualTo(Setting.CRD_CLASSES);
                          assertThat(p.message())
                              .contains("is not an io.fabric8.kubernetes.client.CustomResource");
                        }));
  }

  @Test
  void explicitCrdClassesReplaceDiscoveryAndAnEmptyListWritesNone() {
    Manifests none =
        generate(Fixtures.unelected(), settings().withCrdClasses(Optional.of(List.of())));
    assertThat(none.files().keySet()).noneMatch(f -> f.startsWith("crds/"));
    Manifests tenant =
        generate(
            Fixtures.unelected(),
            settings()
                .withCrdClasses(Optional.of(List.of("dev.kopgen.manifests.fixtures.Tenant"))));
    assertThat(tenant.files().keySet())
        .filteredOn(f -> f.startsWith("crds/"))
        .containsExactly("crds/tenants.example.com.yaml");
  }

  @Test
  void aShardDeploymentNameOverTheLimitNamesTheNameSetting() {
    ManifestSettings s = ManifestSettings.defaults("a".repeat(60), "img:1").withNamespace("ops");
    assertThatThrownBy(() -> generate(Fixtures.sharded(), s))
        .isInstanceOfSatisfying(
            InvalidSettingsException.class,
            e -> assertThat(e.problems()).extracting(Problem::setting).containsOnly(Setting.NAME));
  }

  @Test
  void replicasAreSpreadAndBudgetedOnlyWithLeaderElection() {
    Manifests elected = generate(Fixtures.elected(), settings());
    assertThat(elected.files().get("deployment.yaml"))
        .contains(
            "topologySpreadConstraints:  # standbys exist to survive the loss of the leader's node")
        .contains("topologyKey: kubernetes.io/hostname\n")
        .contains(
            "whenUnsatisfiable: ScheduleAnyway  # a preference, not a requirement: a one-node cluster");
    assertThat(elected.files().get("poddisruptionbudget.yaml"))
        .contains("kind: PodDisruptionBudget\n")
        .contains("maxUnavailable: 1  # a drain evicts at most one replica at a time")
        .contains("app.kubernetes.io/instance: demo-operator\n");

    Manifests unelected = generate(Fixtures.unelected(), settings());
    assertThat(unelected.files().get("deployment.yaml"))
        .doesNotContain("topologySpreadConstraints");
    assertThat(unelected.files().keySet()).noneMatch(f -> f.startsWith("poddisruptionbudget"));

    Manifests sharded = generate(Fixtures.sharded(), settings());
    assertThat(sharded.files())
        .containsKeys(
            "poddisruptionbudget.yaml",
            "poddisruptionbudget-web-app-a.yaml",
            "poddisruptionbudget-web-app-b.yaml");
    assertThat(sharded.files().get("poddisruptionbudget-web-app-a.yaml"))
        .contains("app.kubernetes.io/instance: demo-operator-web-app-a\n");
  }

  @Test
  void theNamespaceIsCreatedRestrictedUnlessManagedElsewhereOrOwnedByTheCluster() {
    Manifests m = generate(Fixtures.unelected(), settings());
    assertThat(m.files().get("namespace.yaml"))
        .contains("kind: Namespace\n")
        .contains("  name: operators\n")
        .contains("pod-security.kubernetes.io/enforce: restricted\n");
    assertThat(m.files().get(ManifestGenerator.KUSTOMIZATION)).contains("- namespace.yaml\n");

    Manifests optedOut = generate(Fixtures.unelected(), settings().withCreateNamespace(false));
    assertThat(optedOut.files()).doesNotContainKey("namespace.yaml");
    assertThat(optedOut.files().get(ManifestGenerator.KUSTOMIZATION))
        .contains(
            "# Namespace operators is not created here: the plugin configuration says the"
                + " namespace is managed elsewhere.");

    Manifests inDefault = generate(Fixtures.unelected(), settings().withNamespace("default"));
    assertThat(inDefault.files()).doesNotContainKey("namespace.yaml");
  }

  @Test
  void theAdmissionFenceMatchesTheServiceAccountsWritesAndComparesThePodWithTheHolder() {
    Manifests m = generate(Fixtures.elected(), settings());
    String policy = m.files().get("admissionpolicy-web-app.yaml");
    assertThat(policy)
        .contains("kind: ValidatingAdmissionPolicy\n")
        .contains("  name: demo-operator-operators-lease-web-app\n")
        .contains("request.userInfo.username == 'system:serviceaccount:operators:demo-operator'")
        .contains("== params.spec.holderIdentity")
        .contains("    kind: Lease\n")
        .doesNotContain("- leases")
        .doesNotContain("- events");
    assertThat(m.files().get("admissionpolicybinding-web-app.yaml"))
        .contains("policyName: demo-operator-operators-lease-web-app\n")
        .contains("    name: web-app\n    namespace: operators\n")
        .contains("parameterNotFoundAction: Allow  # no Lease, no holder to protect");

    Manifests sharded = generate(Fixtures.sharded(), settings());
    assertThat(sharded.files().get("admissionpolicybinding-web-app-a.yaml"))
        .contains("    name: web-app-a\n");
    assertThat(sharded.files().get("admissionpolicy-web-app-a.yaml"))
        .contains("system:serviceaccount:operators:demo-operator-web-app-a'");

    assertThat(generate(Fixtures.unelected(), settings()).files().keySet())
        .noneMatch(f -> f.startsWith("admissionpolicy"));
    assertThat(generate(Fixtures.elected(), settings().withAdmissionFence(false)).files().keySet())
        .noneMatch(f -> f.startsWith("admissionpolicy"));
  }
}
