package dev.kopgen.it.decisive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.decisive.Decisive.KubectlRun;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.manifests.ManifestGenerator;
import dev.kopgen.manifests.ManifestWriter;
import dev.kopgen.manifests.Manifests;
import dev.kopgen.rules.AvailabilityRules;
import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every file the plugin generates is accepted by a real API server: each one parses as the kind its
 * name claims, the Kustomization lists exactly the YAML files, every file passes a server-side
 * dry-run apply (CRDs applied for real first), and both commands the generator's documentation
 * promises, {@code kubectl apply -k} and {@code kubectl apply -R -f}, accept the directory.
 * Operator shapes: unelected cluster-wide with a custom resource primary and two owned types
 * ({@code gadgets}), elected with a custom resource primary ({@code widgets}), elected in two fixed
 * namespaces ({@code scoped}) and sharded by label selector ({@code shards}).
 */
class GeneratedManifestsApplyTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  /** fabric8's own reading of YAML into its typed model. */
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** The kinds kopgen generates, by the file-name prefix that claims them. */
  private static final Map<String, Class<? extends HasMetadata>> KIND_BY_PREFIX =
      new LinkedHashMap<>();

  static {
    // Longest prefixes first: "clusterrolebinding" also starts with "clusterrole".
    KIND_BY_PREFIX.put("crds/", CustomResourceDefinition.class);
    KIND_BY_PREFIX.put("namespace", Namespace.class);
    KIND_BY_PREFIX.put("poddisruptionbudget", PodDisruptionBudget.class);
    KIND_BY_PREFIX.put("admissionpolicybinding", ValidatingAdmissionPolicyBinding.class);
    KIND_BY_PREFIX.put("admissionpolicy", ValidatingAdmissionPolicy.class);
    KIND_BY_PREFIX.put("serviceaccount", ServiceAccount.class);
    KIND_BY_PREFIX.put("clusterrolebinding", ClusterRoleBinding.class);
    KIND_BY_PREFIX.put("clusterrole", ClusterRole.class);
    KIND_BY_PREFIX.put("rolebinding", RoleBinding.class);
    KIND_BY_PREFIX.put("role", Role.class);
    KIND_BY_PREFIX.put("deployment", Deployment.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"gadgets", "widgets", "scoped", "shards"})
  void everyGeneratedFileIsAcceptedByTheApiServer(String operator, @TempDir Path dir)
      throws IOException {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    OperatorProject project = OperatorProject.compile(operator);
    for (ControllerDescriptor c : project.descriptor().controllers()) {
      c.namespaces().forEach(watched -> Decisive.ensureNamespace(admin, watched));
    }
    Manifests manifests = project.manifests(Decisive.settings(operator, ns));
    Map<String, String> files = manifests.files();

    // Every file is one document of the kind its name claims, in fabric8's typed model.
    List<String> yamlFiles = new ArrayList<>();
    for (Map.Entry<String, String> f : files.entrySet()) {
      if (f.getKey().equals(ManifestGenerator.KUSTOMIZATION)) {
        continue;
      }
      assertThat(f.getKey()).as("file name").endsWith(".yaml");
      yamlFiles.add(f.getKey());
      assertThat(Decisive.yamlDocuments(f.getValue())).as(f.getKey() + ": documents").hasSize(1);
      Class<? extends HasMetadata> claimed = claimedKind(f.getKey());
      HasMetadata parsed = SERIALIZATION.unmarshal(f.getValue());
      assertThat(parsed).as(f.getKey() + " parses as").isExactlyInstanceOf(claimed);
      assertThat(parsed.getKind()).isEqualTo(HasMetadata.getKind(claimed));
      assertThat(parsed.getApiVersion()).isEqualTo(HasMetadata.getApiVersion(claimed));
    }

    // The Kustomization lists exactly the YAML files, each once.
    JsonNode kustomization =
        Decisive.yamlDocuments(files.get(ManifestGenerator.KUSTOMIZATION)).get(0);
    assertThat(kustomization.path("kind").asText()).isEqualTo("Kustomization");
    List<String> listed = new ArrayList<>();
    kustomization.path("resources").forEach(r -> listed.add(r.asText()));
    assertThat(listed).as("Kustomization resources").doesNotHaveDuplicates();
    assertThat(new TreeSet<>(listed)).as("listed = YAML files").isEqualTo(new TreeSet<>(yamlFiles));

    // CRDs for real (the RBAC rules and any later objects refer to their types), then every
    // listed file with a server-side dry run, in the Kustomization's order.
    long start = System.nanoTime();
    for (String file : listed) {
      if (file.startsWith("crds/")) {
        applyCrdForReal(admin, files.get(file));
      }
    }
    for (String file : listed) {
      HasMetadata declared = SERIALIZATION.unmarshal(files.get(file));
      HasMetadata answered =
          admin
              .resource(files.get(file))
              .dryRun()
              .fieldManager("kopgen-decisive")
              .forceConflicts()
              .serverSideApply();
      assertThat(answered.getKind()).as(file).isEqualTo(declared.getKind());
      assertThat(answered.getMetadata().getName())
          .as(file)
          .isEqualTo(declared.getMetadata().getName());
      if (!file.startsWith("crds/") && !file.equals("namespace.yaml")) {
        // A dry run persists nothing: the object is still absent afterwards. (The namespace
        // is the test's own, which exists.)
        assertThat(admin.resource(declared).get()).as(file + " after a dry run").isNull();
      }
    }
    System.out.println(
        "[figure] "
            + operator
            + ": "
            + listed.size()
            + " files accepted by server-side dry-run apply in "
            + millisSince(start)
            + " ms");

    // The directory as the plugin writes it, applied the two ways its comments promise.
    Path out = dir.resolve("kubernetes");
    ManifestWriter.write(manifests, out);
    for (List<String> command :
        List.of(
            List.of("apply", "--dry-run=server", "-k", out.toString()),
            List.of("apply", "--dry-run=server", "-R", "-f", out.toString()))) {
      KubectlRun run = Decisive.kubectl(api.server(), command.toArray(String[]::new));
      assertThat(run.exitCode()).as("kubectl " + command + ":\n" + run.output()).isZero();
      long accepted = run.output().lines().filter(l -> l.endsWith("(server dry run)")).count();
      assertThat(accepted)
          .as("objects kubectl " + command + " applied:\n" + run.output())
          .isEqualTo(listed.size());
    }
  }

  /**
   * C's promise against the real server: a controller without leader election runs as one instance
   * that never overlaps (Recreate, 1 replica); an elected one rolls (RollingUpdate, maxSurge 1,
   * maxUnavailable 0) with its declared replicas; each grace period covers its reconcile timeout
   * plus the Lease release (elected only) and a margin; RBAC for Leases exists only with leader
   * election, in the operator's namespace, limited to its own Lease. Read back from the server's
   * answer to the apply, so defaulting did not change any of it.
   */
  @Test
  void strategyReplicasGracePeriodAndRbacFollowLeaderElection() {
    KubernetesClient admin = api.client();
    String ns = api.namespace();

    OperatorProject unelected = OperatorProject.compile("gadgets");
    Manifests plain = unelected.manifests(Decisive.settings("gadgets", ns));
    Deployment one = appliedDryRun(admin, plain.files().get("deployment.yaml"), Deployment.class);
    ControllerDescriptor gadget = unelected.descriptor().controllers().get(0);
    assertThat(gadget.leaderElection()).isEmpty();
    assertThat(one.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(one.getSpec().getStrategy().getRollingUpdate()).isNull();
    assertThat(one.getSpec().getReplicas()).isEqualTo(1);
    long unelectedGrace = one.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    assertThat(unelectedGrace)
        .as("grace = reconcile timeout + margin")
        .isEqualTo(seconds(gadget.reconcileTimeout().plus(AvailabilityRules.SHUTDOWN_MARGIN)))
        .isGreaterThan(gadget.reconcileTimeout().toSeconds());
    assertThat(plain.files().keySet())
        .as("no Lease RBAC without leader election")
        .noneMatch(f -> f.contains("leader-election"));
    assertThat(rulesOf(plain.files().get("clusterrole.yaml")))
        .as("no Lease rule in the ClusterRole either")
        .noneMatch(r -> r.getResources().contains("leases"));

    OperatorProject elected = OperatorProject.compile("widgets");
    Manifests withLease = elected.manifests(Decisive.settings("widgets", ns));
    Deployment two =
        appliedDryRun(admin, withLease.files().get("deployment.yaml"), Deployment.class);
    ControllerDescriptor widget = elected.descriptor().controllers().get(0);
    var lease = widget.leaderElection().orElseThrow();
    assertThat(two.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    var rolling = two.getSpec().getStrategy().getRollingUpdate();
    assertThat(rolling.getMaxSurge().getIntVal()).as("maxSurge").isEqualTo(1);
    assertThat(rolling.getMaxUnavailable().getIntVal()).as("maxUnavailable").isZero();
    assertThat(two.getSpec().getReplicas()).isEqualTo(lease.replicas()).isGreaterThan(1);
    long electedGrace = two.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    assertThat(electedGrace)
        .as("grace = reconcile timeout + lease release + margin")
        .isEqualTo(
            seconds(
                widget
                    .reconcileTimeout()
                    .plus(AvailabilityRules.LEASE_RELEASE_ALLOWANCE)
                    .plus(AvailabilityRules.SHUTDOWN_MARGIN)))
        .isGreaterThan(unelectedGrace);

    Role leaseRole =
        appliedDryRun(admin, withLease.files().get("role-leader-election.yaml"), Role.class);
    assertThat(leaseRole.getMetadata().getNamespace()).as("Lease Role namespace").isEqualTo(ns);
    assertThat(leaseRole.getRules())
        .as("Lease rules")
        .allSatisfy(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("coordination.k8s.io");
              assertThat(r.getResources()).containsExactly("leases");
            })
        .anySatisfy(
            r -> {
              assertThat(r.getResourceNames()).isNullOrEmpty();
              assertThat(r.getVerbs()).containsExactly("create");
            })
        .anySatisfy(
            r -> {
              assertThat(r.getResourceNames()).containsExactly(lease.leaseName());
              assertThat(r.getVerbs()).doesNotContain("create", "delete", "deletecollection");
            });
    RoleBinding leaseBinding =
        appliedDryRun(
            admin, withLease.files().get("rolebinding-leader-election.yaml"), RoleBinding.class);
    assertThat(leaseBinding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo("widgets");
              assertThat(s.getNamespace()).isEqualTo(ns);
            });
    System.out.printf(
        "[figure] unelected: Recreate, 1 replica, grace %d s; elected: RollingUpdate 1/0, %d"
            + " replicas, grace %d s%n",
        unelectedGrace, two.getSpec().getReplicas(), electedGrace);
  }

  private static <T extends HasMetadata> T appliedDryRun(
      KubernetesClient admin, String yaml, Class<T> kind) {
    HasMetadata answer =
        admin
            .resource(yaml)
            .dryRun()
            .fieldManager("kopgen-decisive")
            .forceConflicts()
            .serverSideApply();
    assertThat(answer).isInstanceOf(kind);
    return kind.cast(answer);
  }

  private static List<PolicyRule> rulesOf(String clusterRoleYaml) {
    return SERIALIZATION.<ClusterRole>unmarshal(clusterRoleYaml).getRules();
  }

  private static void applyCrdForReal(KubernetesClient admin, String yaml) {
    HasMetadata crd =
        admin.resource(yaml).fieldManager("kopgen-decisive").forceConflicts().serverSideApply();
    admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
            30,
            TimeUnit.SECONDS);
  }

  private static Class<? extends HasMetadata> claimedKind(String file) {
    return KIND_BY_PREFIX.entrySet().stream()
        .filter(e -> file.startsWith(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    file
                        + " does not say which kind it holds; known prefixes: "
                        + KIND_BY_PREFIX.keySet().stream().collect(Collectors.joining(", "))));
  }

  private static long seconds(Duration d) {
    return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  /**
   * Issue M, item 5, against the real server: an elected operator's Deployment spreads its replicas
   * over nodes (a preference, ScheduleAnyway) and a PodDisruptionBudget lets a drain evict one
   * replica at a time; the same for every shard Deployment; neither for an unelected operator. Read
   * back from the server's answers to the dry-run applies.
   */
  @Test
  void electedReplicasAreSpreadOverNodesAndBudgetedForDrainsUnelectedOnesAreNot() {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    List<String> seen = new ArrayList<>();
    for (String operator : List.of("widgets", "shards")) {
      OperatorProject project = OperatorProject.compile(operator);
      Map<String, String> files = project.manifests(Decisive.settings(operator, ns)).files();
      List<String> deployments =
          files.keySet().stream().filter(f -> f.startsWith("deployment")).sorted().toList();
      assertThat(deployments).as(operator + " Deployments").isNotEmpty();
      for (String file : deployments) {
        Deployment d = appliedDryRun(admin, files.get(file), Deployment.class);
        assertThat(d.getSpec().getStrategy().getType()).as(file).isEqualTo("RollingUpdate");
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
            .as(operator + " " + file + " spread")
            .singleElement()
            .satisfies(
                (TopologySpreadConstraint c) -> {
                  assertThat(c.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                  assertThat(c.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
                  assertThat(c.getMaxSkew()).isEqualTo(1);
                  assertThat(podLabels).containsAllEntriesOf(c.getLabelSelector().getMatchLabels());
                });
        String budgetFile = file.replace("deployment", "poddisruptionbudget");
        PodDisruptionBudget pdb =
            appliedDryRun(admin, files.get(budgetFile), PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).as(budgetFile).isEqualTo(1);
        assertThat(pdb.getSpec().getMinAvailable()).as(budgetFile).isNull();
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
            .as(budgetFile + " selects exactly this Deployment's pods")
            .isEqualTo(d.getSpec().getSelector().getMatchLabels());
        seen.add(operator + "/" + file);
      }
    }
    Map<String, String> unelected =
        OperatorProject.compile("gadgets").manifests(Decisive.settings("gadgets", ns)).files();
    Deployment one = appliedDryRun(admin, unelected.get("deployment.yaml"), Deployment.class);
    assertThat(one.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
        .as("no spread without leader election")
        .isNullOrEmpty();
    assertThat(unelected.keySet())
        .as("no PodDisruptionBudget without leader election")
        .noneMatch(f -> f.startsWith("poddisruptionbudget"));
    System.out.println(
        "[figure] spread + PodDisruptionBudget admitted for "
            + seen
            + "; none for gadgets (unelected)");
  }

  /**
   * Issue N, item 4: {@code kubectl apply -k} of the plugin's directory on a server where the
   * operator's namespace does not exist creates it first (labelled for the restricted Pod Security
   * level) and then every namespaced object in it. Without kube-controller-manager a namespace is
   * never finalized, so the test uses a fresh name and leaves it behind.
   */
  @Test
  void applyKCreatesTheNamespaceRestrictedAndEverythingInIt(@TempDir Path dir) {
    KubernetesClient admin = api.client();
    String ns = "kopgen-fresh-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    assertThat(admin.namespaces().withName(ns).get()).as("namespace before").isNull();
    Manifests manifests =
        OperatorProject.compile("widgets").manifests(Decisive.settings("widgets", ns));
    Path out = dir.resolve("kubernetes");
    try {
      ManifestWriter.write(manifests, out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    long start = System.nanoTime();
    KubectlRun run = Decisive.kubectl(api.server(), "apply", "-k", out.toString());
    long took = millisSince(start);
    assertThat(run.exitCode()).as("kubectl apply -k:\n" + run.output()).isZero();
    Namespace created = admin.namespaces().withName(ns).get();
    assertThat(created).as("namespace " + ns).isNotNull();
    assertThat(created.getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
        .containsEntry("app.kubernetes.io/managed-by", "kopgen");
    assertThat(admin.apps().deployments().inNamespace(ns).withName("widgets").get())
        .as("Deployment in the new namespace")
        .isNotNull();
    assertThat(admin.serviceAccounts().inNamespace(ns).withName("widgets").get())
        .as("ServiceAccount in the new namespace")
        .isNotNull();
    assertThat(admin.policy().v1().podDisruptionBudget().inNamespace(ns).withName("widgets").get())
        .as("PodDisruptionBudget in the new namespace")
        .isNotNull();
    System.out.println(
        "[figure] kubectl apply -k on a missing namespace: "
            + ns
            + " created restricted, "
            + run.output().lines().count()
            + " objects in "
            + took
            + " ms");
    // The fence's policy and binding stay, although their namespace is never used again: deleting
    // the last ValidatingAdmissionPolicyBinding whose policy takes Leases as parameters makes the
    // API server tear down its Lease informer for good (kubernetes/kubernetes#130887), and every
    // later fence on this shared server would then find no Lease and admit everything.
  }
}
