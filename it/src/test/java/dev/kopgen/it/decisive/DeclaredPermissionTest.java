package dev.kopgen.it.decisive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.it.AuditEvent;
import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.TestApiServer;
import dev.kopgen.it.harness.ManifestApplier;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.it.process.OperatorProcess;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @Permission} end to end: the podprobes operator lists Pods and execs into one, access
 * nothing in {@code @Controller} grants, and it runs as its generated ServiceAccount without one
 * refused request; the real authorizer refuses it everything it did not declare (no write on pods,
 * no other subresource, nothing on Secrets or ConfigMaps).
 *
 * <p>No kubelet runs in the test bed, so the exec cannot complete: the API server fails it only
 * after authorizing it. The audit log's record of the exec request, with a code other than 403, is
 * the proof that the declared {@code pods/exec} was granted.
 */
class DeclaredPermissionTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void operatorUsesWhatItDeclaredAndIsRefusedTheRest() throws InterruptedException {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    OperatorProject project = OperatorProject.compile("podprobes");
    var manifests = project.manifests(Decisive.settings("podprobes", ns));
    String clusterRole = manifests.files().get("clusterrole.yaml");
    assertThat(clusterRole)
        .contains(
            "resources:  # declared by @Permission on PodProbeReconciler; counts the pods"
                + " its probe selects")
        .contains("      - pods/exec\n");
    ManifestApplier.apply(admin, manifests);
    admin.pods().inNamespace(ns).resource(pod(ns, "web-0", "web")).create();
    admin.pods().inNamespace(ns).resource(pod(ns, "other-0", "other")).create();

    try (OperatorProcess p =
        project.start("podprobes-0", ns, api.server().processEnvironment(ns, "podprobes"))) {
      p.awaitReady(TIMEOUT);
      long created = System.nanoTime();
      admin
          .genericKubernetesResources("kopgen.dev/v1", "PodProbe")
          .inNamespace(ns)
          .resource(
              new GenericKubernetesResourceBuilder()
                  .withApiVersion("kopgen.dev/v1")
                  .withKind("PodProbe")
                  .withNewMetadata()
                  .withName("probe")
                  .withNamespace(ns)
                  .endMetadata()
                  .addToAdditionalProperties("spec", Map.of("app", "web"))
                  .build())
          .create();
      Map<?, ?> status =
          Decisive.await(
              p,
              "the PodProbe's status",
              TIMEOUT,
              () -> {
                GenericKubernetesResource r =
                    admin
                        .genericKubernetesResources("kopgen.dev/v1", "PodProbe")
                        .inNamespace(ns)
                        .withName("probe")
                        .get();
                Object s = r == null ? null : r.getAdditionalProperties().get("status");
                return s instanceof Map<?, ?> m && m.get("exec") != null
                    ? Optional.of(m)
                    : Optional.empty();
              });
      System.out.println(
          "[figure] podprobes: status "
              + status
              + " "
              + (System.nanoTime() - created) / 1_000_000
              + " ms after the PodProbe was created");
      assertThat(status.get("pods")).as("pods labelled app=web").isEqualTo(1);
      assertThat((String) status.get("exec"))
          .as("what the operator's exec got")
          .doesNotContain("403")
          .doesNotContainIgnoringCase("forbidden");
      // The server's own record: the exec reached it as the ServiceAccount and was not refused
      // by RBAC (it fails after authorization, since no kubelet runs the pod).
      List<AuditEvent> execs =
          api.server().auditedReads().stream()
              .filter(e -> e.userAgent().startsWith("kopgen/podprobes-0"))
              .filter(e -> "pods".equals(e.resource()) && "exec".equals(e.subresource()))
              .toList();
      System.out.println(
          "[figure] podprobes: audited execs "
              + execs.stream().map(e -> e.verb() + " " + e.name() + " -> " + e.code()).toList());
      assertThat(execs)
          .as("audited exec requests")
          .isNotEmpty()
          .allSatisfy(
              e -> {
                assertThat(e.actingUser())
                    .isEqualTo(TestApiServer.serviceAccountUser(ns, "podprobes"));
                assertThat(e.name()).isEqualTo("web-0");
                assertThat(e.code()).as("not refused by RBAC").isNotEqualTo(403);
              });
      assertThat(p.logText())
          .as("operator log")
          .doesNotContainIgnoringCase("forbidden")
          // a 403 status, not a figure such as "synced in 403 ms"
          .doesNotContainPattern("\\b403\\b(?! ms)");
    }

    List<String> table = new ArrayList<>();
    String sa = "podprobes";
    for (String[] c :
        new String[][] {
          {"list", "pods", null},
          {"watch", "pods", null},
          {"get", "pods", "web-0"},
          {"create", "pods/exec", "web-0"},
          {"get", "pods/exec", "web-0"}
        }) {
      boolean allowed = Decisive.allowed(admin, ns, sa, c[0], "", c[1], ns, c[2]);
      table.add((allowed ? "ALLOWED " : "DENIED  ") + c[0] + " " + c[1]);
      assertThat(allowed).as(c[0] + " " + c[1]).isTrue();
    }
    for (String[] c :
        new String[][] {
          {"create", "pods"},
          {"delete", "pods"},
          {"update", "pods"},
          {"patch", "pods"},
          {"get", "pods/log"},
          {"create", "pods/portforward"},
          {"create", "pods/attach"},
          {"list", "secrets"},
          {"list", "configmaps"}
        }) {
      boolean allowed = Decisive.allowed(admin, ns, sa, c[0], "", c[1], ns, null);
      table.add((allowed ? "ALLOWED " : "DENIED  ") + c[0] + " " + c[1]);
      assertThat(allowed).as(c[0] + " " + c[1]).isFalse();
    }
    table.forEach(line -> System.out.println("[figure] podprobes SA " + line));

    try (KubernetesClient asOperator = api.server().clientAs(ns, sa)) {
      assertThat(asOperator.pods().inNamespace(ns).withLabel("app", "web").list().getItems())
          .hasSize(1);
      assertForbidden(() -> asOperator.pods().inNamespace(ns).withName("web-0").getLog());
      assertForbidden(() -> asOperator.pods().inNamespace(ns).withName("web-0").delete());
    }
    assertThat(TestApiServer.serviceAccountUser(ns, sa)).isNotEmpty();
  }

  private static Pod pod(String ns, String name, String app) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .addToLabels("app", app)
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        // Restricted-compliant: the generated manifests label the namespace for the restricted
        // Pod Security level, and no kubelet ever runs these pods anyway.
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(65532L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("main")
        .withImage("busybox:1.36")
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }

  private static void assertForbidden(Runnable request) {
    assertThatThrownBy(request::run)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> assertThat(e.getCode()).as(e.getMessage()).isEqualTo(403));
  }
}
