package dev.kopgen.it.decisive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.it.AuditEvent;
import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.TestApiServer;
import dev.kopgen.it.harness.ManifestApplier;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.it.process.OperatorProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The generated RBAC is exactly what the operator needs, decided by the API server's real RBAC
 * authorizer: the operator runs as its generated ServiceAccount (the fixture impersonates it) and
 * does all its work without one refused request, yet the same account is refused whatever the
 * operator does not declare; and an annotation that under-declares a verb yields a 403 at run time,
 * so the rules come from the annotation and from nothing else.
 */
class ServiceAccountRbacTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  /** fabric8's own reading of YAML into its typed model. */
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static final Duration TIMEOUT = Duration.ofSeconds(45);

  @Test
  void operatorDoesItsWorkAsItsServiceAccountAndNothingMore() {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    String other = api.createNamespace("decisive-other");
    OperatorProject project = OperatorProject.compile("widgets");
    String leaseName =
        project.descriptor().controllers().get(0).leaderElection().orElseThrow().leaseName();
    ManifestApplier.apply(admin, project.manifests(Decisive.settings("widgets", ns)));

    try (OperatorProcess p =
        project.start("widgets-0", ns, api.server().processEnvironment(ns, "widgets"))) {
      p.awaitReady(TIMEOUT);
      long created = System.nanoTime();
      widgets(admin).inNamespace(ns).resource(widget(ns, "w1", "hello")).create();

      ConfigMap child =
          await(
              "ConfigMap w1-widget",
              p,
              () ->
                  Optional.ofNullable(
                          admin.configMaps().inNamespace(ns).withName("w1-widget").get())
                      .filter(cm -> "hello".equals(cm.getData().get("message"))));
      assertThat(child.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.getKind()).isEqualTo("Widget");
                assertThat(o.getName()).isEqualTo("w1");
                assertThat(o.getController()).isTrue();
              });
      await("status of w1", p, () -> statusOf(admin, ns, "w1", 1));
      System.out.println(
          "[figure] widgets as its ServiceAccount: child and status "
              + (System.nanoTime() - created) / 1_000_000
              + " ms after the Widget was created");

      // A change goes through the update path (the child exists now): patch, not create.
      GenericKubernetesResource w1 = widgets(admin).inNamespace(ns).withName("w1").get();
      w1.getAdditionalProperties().put("spec", Map.of("message", "again"));
      widgets(admin).inNamespace(ns).resource(w1).update();
      await(
          "w1-widget updated",
          p,
          () ->
              Optional.ofNullable(admin.configMaps().inNamespace(ns).withName("w1-widget").get())
                  .filter(cm -> "again".equals(cm.getData().get("message"))));
      await("status of w1 at generation 2", p, () -> statusOf(admin, ns, "w1", 2));

      Lease lease = admin.leases().inNamespace(ns).withName(leaseName).get();
      assertThat(lease.getSpec().getHolderIdentity()).as("Lease holder").isEqualTo("widgets-0");

      // Not one request was refused: no 403 in the log, and every write the server recorded
      // from this process was made as the ServiceAccount and allowed.
      assertThat(p.logText())
          .as("operator log")
          .doesNotContainIgnoringCase("forbidden")
          .doesNotContainPattern("\\b403\\b(?! ms)"); // not in a port number or a figure in ms
      String sa = TestApiServer.serviceAccountUser(ns, "widgets");
      List<AuditEvent> writes =
          api.server().auditedWrites().stream()
              .filter(e -> e.userAgent().startsWith("kopgen/widgets-0"))
              .toList();
      assertThat(writes)
          .as("audited writes of widgets-0")
          .isNotEmpty()
          .allSatisfy(
              e -> {
                assertThat(e.actingUser()).as("acting as").isEqualTo(sa);
                assertThat(e.podName()).as("pod in the bound token").isEqualTo("widgets-0");
                assertThat(e.code()).as(e.verb() + " " + e.resource()).isLessThan(400);
              });
      TreeSet<String> kinds = new TreeSet<>();
      writes.forEach(
          e ->
              kinds.add(
                  e.verb()
                      + " "
                      + e.resource()
                      + (e.subresource() == null ? "" : "/" + e.subresource())));
      assertThat(kinds).contains("patch configmaps", "patch widgets/status");
      System.out.println(
          "[figure] widgets-0 wrote " + writes.size() + " times, all allowed: " + kinds);
    }

    // Least privilege, asked of the real authorizer: what it needs, and nothing beside it.
    List<String> table = new ArrayList<>();
    Access access = new Access(admin, ns, "widgets", table);
    access.allowed("list", "kopgen.dev", "widgets", null, null); // watches all namespaces
    access.allowed("watch", "kopgen.dev", "widgets", other, null);
    access.allowed("patch", "kopgen.dev", "widgets/status", ns, "w1");
    access.allowed("create", "", "configmaps", ns, null);
    access.allowed("patch", "", "configmaps", ns, "w1-widget");
    access.allowed("create", "", "events", ns, null);
    access.allowed("create", "coordination.k8s.io", "leases", ns, null);
    access.allowed("update", "coordination.k8s.io", "leases", ns, leaseName);
    access.allowed("watch", "coordination.k8s.io", "leases", ns, leaseName);
    access.denied("delete", "kopgen.dev", "widgets", ns, "w1");
    access.denied("update", "kopgen.dev", "widgets", ns, "w1");
    access.denied("patch", "kopgen.dev", "widgets", ns, "w1");
    access.denied("delete", "", "configmaps", ns, "w1-widget");
    access.denied("update", "", "configmaps", ns, "w1-widget");
    access.denied("get", "", "secrets", ns, null);
    access.denied("list", "", "secrets", null, null);
    access.denied("create", "apps", "deployments", ns, null);
    access.denied("update", "coordination.k8s.io", "leases", ns, "another-lease");
    access.denied("get", "coordination.k8s.io", "leases", ns, "another-lease");
    access.denied("delete", "coordination.k8s.io", "leases", ns, leaseName);
    access.denied("list", "coordination.k8s.io", "leases", ns, null); // only by its name
    access.denied("create", "coordination.k8s.io", "leases", other, null);
    access.denied("update", "coordination.k8s.io", "leases", other, leaseName);
    access.denied("get", "coordination.k8s.io", "leases", other, leaseName);
    table.forEach(line -> System.out.println("[figure] widgets SA " + line));

    // And actual requests as the ServiceAccount are refused with 403.
    try (KubernetesClient asOperator = api.server().clientAs(ns, "widgets")) {
      assertForbidden(() -> widgets(asOperator).inNamespace(ns).withName("w1").delete());
      assertForbidden(() -> asOperator.secrets().inNamespace(ns).list());
      assertForbidden(() -> asOperator.leases().inNamespace(other).withName(leaseName).get());
      assertThat(widgets(admin).inNamespace(ns).withName("w1").get()).as("w1 survived").isNotNull();
    }
  }

  @Test
  void aVerbTheAnnotationDoesNotDeclareIsRefused() {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    OperatorProject project = OperatorProject.compile("gadgets");
    var manifests = project.manifests(Decisive.settings("gadgets", ns));
    // What the annotation declares (ownedVerbs = CREATE) is what the ClusterRole grants.
    ClusterRole role = SERIALIZATION.unmarshal(manifests.files().get("clusterrole.yaml"));
    assertThat(role.getRules())
        .filteredOn(r -> r.getResources().contains("configmaps"))
        .singleElement()
        .satisfies(r -> assertThat(r.getVerbs()).containsExactly("create", "get", "list", "watch"));
    ManifestApplier.apply(admin, manifests);

    try (OperatorProcess p =
        project.start("gadgets-0", ns, api.server().processEnvironment(ns, "gadgets"))) {
      p.awaitReady(TIMEOUT);
      admin
          .genericKubernetesResources("kopgen.dev/v1", "Gadget")
          .inNamespace(ns)
          .resource(
              new GenericKubernetesResourceBuilder()
                  .withApiVersion("kopgen.dev/v1")
                  .withKind("Gadget")
                  .withNewMetadata()
                  .withName("g1")
                  .withNamespace(ns)
                  .endMetadata()
                  .addToAdditionalProperties("spec", Map.of("label", "blue"))
                  .build())
          .create();

      Event failure =
          await(
              "ReconcileFailed Event on g1",
              p,
              () ->
                  admin.v1().events().inNamespace(ns).list().getItems().stream()
                      .filter(e -> "ReconcileFailed".equals(e.getReason()))
                      .filter(e -> "g1".equals(e.getInvolvedObject().getName()))
                      .findFirst());
      System.out.println("[figure] gadgets: the undeclared PATCH got: " + failure.getMessage());
      assertThat(failure.getType()).isEqualTo("Warning");
      assertThat(failure.getInvolvedObject().getKind()).isEqualTo("Gadget");
      assertThat(failure.getMessage())
          .contains("403")
          .contains(TestApiServer.serviceAccountUser(ns, "gadgets"))
          .contains("cannot patch resource \"configmaps\"");
      assertThat(p.logText())
          .contains("reconcile of " + ns + "/g1 failed", "cannot patch resource \"configmaps\"");
      assertThat(admin.configMaps().inNamespace(ns).withName("g1-gadget").get())
          .as("the child was not written")
          .isNull();
      assertThat(api.server().auditedWrites())
          .as("the server refused the operator's patch")
          .anySatisfy(
              e -> {
                assertThat(e.userAgent()).startsWith("kopgen/gadgets-0");
                assertThat(e.verb()).isEqualTo("patch");
                assertThat(e.resource()).isEqualTo("configmaps");
                assertThat(e.name()).isEqualTo("g1-gadget");
                assertThat(e.code()).isEqualTo(403);
              });
    }
  }

  @Test
  void namespacedOperatorRunsOnItsRolesAlone() {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    OperatorProject project = OperatorProject.compile("scoped");
    List<String> watched = project.descriptor().controllers().get(0).namespaces();
    assertThat(watched).hasSize(2).doesNotContain(ns);
    watched.forEach(w -> Decisive.ensureNamespace(admin, w));
    var manifests = project.manifests(Decisive.settings("scoped", ns));
    assertThat(manifests.files().keySet())
        .as("no cluster-wide RBAC")
        .noneMatch(f -> f.startsWith("clusterrole"));
    ManifestApplier.apply(admin, manifests);

    try (OperatorProcess p =
        project.start("scoped-0", ns, api.server().processEnvironment(ns, "scoped"))) {
      // Ready means every informer listed: ConfigMaps and Secrets in both namespaces.
      p.awaitReady(TIMEOUT);
      // The watched namespaces outlive this test (see Decisive.ensureNamespace): unique names.
      String source = ns + "-src";
      for (String w : watched) {
        admin
            .configMaps()
            .inNamespace(w)
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(source)
                    .withNamespace(w)
                    .addToLabels("decisive", "scoped")
                    .endMetadata()
                    .addToData("where", w)
                    .build())
            .create();
      }
      for (String w : watched) {
        await(
            "Secret " + w + "/" + source + "-scoped",
            p,
            () ->
                Optional.ofNullable(
                    admin.secrets().inNamespace(w).withName(source + "-scoped").get()));
      }
      assertThat(p.logText())
          .as("operator log")
          .doesNotContainIgnoringCase("forbidden")
          .doesNotContainPattern("\\b403\\b(?! ms)"); // not in a port number or a figure in ms
    }

    List<String> table = new ArrayList<>();
    Access access = new Access(admin, ns, "scoped", table);
    for (String w : watched) {
      access.allowed("watch", "", "configmaps", w, null);
      access.allowed("patch", "", "secrets", w, null);
      access.allowed("create", "", "events", w, null);
    }
    access.denied("list", "", "configmaps", null, null);
    access.denied("list", "", "configmaps", ns, null);
    access.denied("create", "", "secrets", ns, null);
    access.denied("create", "", "events", ns, null);
    access.allowed(
        "update",
        "coordination.k8s.io",
        "leases",
        ns,
        project.descriptor().controllers().get(0).leaderElection().orElseThrow().leaseName());
    table.forEach(line -> System.out.println("[figure] scoped SA " + line));
  }

  /** Access checks, each printed as one line of a table. */
  private record Access(
      KubernetesClient admin, String saNamespace, String serviceAccount, List<String> table) {
    void allowed(String verb, String group, String resource, String ns, String name) {
      check(true, verb, group, resource, ns, name);
    }

    void denied(String verb, String group, String resource, String ns, String name) {
      check(false, verb, group, resource, ns, name);
    }

    private void check(
        boolean expected, String verb, String group, String resource, String ns, String name) {
      boolean actual =
          Decisive.allowed(admin, saNamespace, serviceAccount, verb, group, resource, ns, name);
      String what =
          verb
              + " "
              + (group.isEmpty() ? "" : group + "/")
              + resource
              + (name == null ? "" : " " + name)
              + (ns == null
                  ? " (all namespaces)"
                  : ns.equals(saNamespace) ? " (own namespace)" : " in " + ns);
      table.add((actual ? "ALLOWED " : "DENIED  ") + what);
      assertThat(actual).as(what).isEqualTo(expected);
    }
  }

  private static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      widgets(KubernetesClient client) {
    return client.genericKubernetesResources("kopgen.dev/v1", "Widget");
  }

  private static GenericKubernetesResource widget(String ns, String name, String message) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("kopgen.dev/v1")
        .withKind("Widget")
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .addToAdditionalProperties("spec", new java.util.HashMap<>(Map.of("message", message)))
        .build();
  }

  @SuppressWarnings("unchecked")
  private static Optional<Map<String, Object>> statusOf(
      KubernetesClient admin, String ns, String name, long generation) {
    GenericKubernetesResource w = widgets(admin).inNamespace(ns).withName(name).get();
    Object status = w == null ? null : w.getAdditionalProperties().get("status");
    if (status instanceof Map<?, ?> m
        && (name + "-widget").equals(m.get("configMap"))
        && m.get("observedGeneration") instanceof Number g
        && g.longValue() == generation) {
      return Optional.of((Map<String, Object>) m);
    }
    return Optional.empty();
  }

  private static void assertForbidden(Runnable request) {
    assertThatThrownBy(request::run)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> assertThat(e.getCode()).as(e.getMessage()).isEqualTo(403));
  }

  private static <T> T await(String what, OperatorProcess p, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      try {
        TimeUnit.MILLISECONDS.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError(
        what
            + " did not appear within "
            + TIMEOUT
            + "; "
            + p.podName()
            + "'s log:\n"
            + p.logText());
  }
}
