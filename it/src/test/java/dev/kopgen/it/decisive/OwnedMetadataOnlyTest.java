package dev.kopgen.it.decisive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.it.AuditEvent;
import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.TestApiServer;
import dev.kopgen.it.harness.ManifestApplier;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.it.process.OperatorProcess;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
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
 * {@code @Owns(value = Secret.class, verbs = {CREATE, PATCH}, metadataOnly = true)} end to end: the
 * ownedsecrets operator (a separate JVM, as its generated ServiceAccount) applies a token Secret
 * for its Keeper and reads it back through {@code context.owned}: the Secret is there with its own
 * kind and owner, but without data, though the server's copy has some (the informer listed and
 * watched PartialObjectMetadata). Deleting the Secret reconciles the Keeper, which applies it
 * again. The real authorizer grants the ServiceAccount exactly the declared writes on Secrets
 * (create, patch) and refuses the rest (delete, update), while ConfigMaps, owned the short way,
 * keep {@code ownedVerbs}' default.
 */
class OwnedMetadataOnlyTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String SA = "ownedsecrets";

  @Test
  void ownsSecretsMetadataOnlyRecreatesADeletedOneAndMayWriteThemOnlyAsDeclared()
      throws InterruptedException {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    OperatorProject project = OperatorProject.compile("ownedsecrets");
    var manifests = project.manifests(Decisive.settings(SA, ns));
    assertThat(manifests.files().get("clusterrole.yaml"))
        .contains(
            "    resources:  # owned: @Owns(Secret.class, metadataOnly = true) on"
                + " KeeperReconciler\n      - secrets\n    verbs:\n      - create\n      - get\n"
                + "      - list\n      - patch\n      - watch\n");
    ManifestApplier.apply(admin, manifests);

    try (OperatorProcess p =
        project.start("ownedsecrets-0", ns, api.server().processEnvironment(ns, SA))) {
      p.awaitReady(TIMEOUT);
      admin
          .genericKubernetesResources("kopgen.dev/v1", "Keeper")
          .inNamespace(ns)
          .resource(
              new GenericKubernetesResourceBuilder()
                  .withApiVersion("kopgen.dev/v1")
                  .withKind("Keeper")
                  .withNewMetadata()
                  .withName("k")
                  .withNamespace(ns)
                  .endMetadata()
                  .addToAdditionalProperties("spec", Map.of())
                  .build())
          .create();

      Map<?, ?> first =
          Decisive.await(
              p,
              "the Keeper's status naming its cached token Secret",
              TIMEOUT,
              () -> withSecretUid(admin, ns, null));
      assertThat(first.get("secrets"))
          .as("context.owned(Secret.class)")
          .isEqualTo(List.of("k-token"));
      assertThat(first.get("kind")).as("the cached object's kind").isEqualTo("Secret");
      assertThat(first.get("hasData")).as("data in the metadata-only cache").isEqualTo(false);
      Secret onServer = admin.secrets().inNamespace(ns).withName("k-token").get();
      assertThat(onServer.getData()).as("the Secret on the server").containsKey("token");
      assertThat(onServer.getMetadata().getUid()).isEqualTo(first.get("uid"));
      assertThat(onServer.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(r -> assertThat(r.getController()).isTrue());

      // The child's deletion reaches its owner through the metadata-only informer: recreated.
      String firstUid = (String) first.get("uid");
      long deletedAt = System.nanoTime();
      admin.secrets().inNamespace(ns).withName("k-token").delete();
      Map<?, ?> second =
          Decisive.await(
              p,
              "the token Secret recreated and cached again",
              TIMEOUT,
              () -> withSecretUid(admin, ns, firstUid));
      long recreatedMillis = (System.nanoTime() - deletedAt) / 1_000_000;
      assertThat(second.get("hasData")).isEqualTo(false);
      assertThat(admin.secrets().inNamespace(ns).withName("k-token").get().getMetadata().getUid())
          .isEqualTo(second.get("uid"));

      List<AuditEvent> secretRequests =
          java.util.stream.Stream.concat(
                  api.server().auditedReads().stream(), api.server().auditedWrites().stream())
              .filter(
                  e -> e.userAgent() != null && e.userAgent().startsWith("kopgen/ownedsecrets-0"))
              .filter(e -> "secrets".equals(e.resource()))
              .toList();
      System.out.println(
          "[figure] ownedsecrets: Secret requests audited from the operator: "
              + secretRequests.stream().map(e -> e.verb() + " -> " + e.code()).toList()
              + "; deleted token Secret recreated and cached again in "
              + recreatedMillis
              + " ms");
      assertThat(secretRequests)
          .as("its Secret requests, as its ServiceAccount")
          .isNotEmpty()
          .allSatisfy(
              e -> {
                assertThat(e.actingUser()).isEqualTo(TestApiServer.serviceAccountUser(ns, SA));
                assertThat(e.code()).as(e.verb() + " not refused").isLessThan(400);
                // reads come from the cache: the informer's list, never a get per reconcile
                assertThat(e.verb()).isIn("list", "watch", "patch", "create");
              });
      assertThat(secretRequests).anySatisfy(e -> assertThat(e.verb()).isEqualTo("list"));
      assertThat(secretRequests)
          .filteredOn(e -> "patch".equals(e.verb()) || "create".equals(e.verb()))
          .as("the two applies of the token Secret")
          .hasSizeGreaterThanOrEqualTo(2);
      assertThat(p.logText())
          .as("operator log")
          .doesNotContainIgnoringCase("forbidden")
          .doesNotContainPattern("\\b403\\b(?! ms)");
    }

    // The real authorizer: exactly the declared writes on Secrets; ConfigMaps keep the default.
    List<String> table = new ArrayList<>();
    for (String[] c :
        new String[][] {
          {"create", "secrets", "true"},
          {"patch", "secrets", "true"},
          {"get", "secrets", "true"},
          {"list", "secrets", "true"},
          {"watch", "secrets", "true"},
          {"delete", "secrets", "false"},
          {"update", "secrets", "false"},
          {"deletecollection", "secrets", "false"},
          {"delete", "configmaps", "true"},
          {"update", "configmaps", "true"}
        }) {
      boolean allowed = Decisive.allowed(admin, ns, SA, c[0], "", c[1], ns, null);
      table.add((allowed ? "ALLOWED " : "DENIED  ") + c[0] + " " + c[1]);
      assertThat(allowed).as(c[0] + " " + c[1]).isEqualTo(Boolean.parseBoolean(c[2]));
    }
    table.forEach(line -> System.out.println("[figure] ownedsecrets SA " + line));

    try (KubernetesClient asOperator = api.server().clientAs(ns, SA)) {
      // A declared verb succeeds...
      Secret labelled =
          asOperator
              .secrets()
              .inNamespace(ns)
              .withName("k-token")
              .edit(
                  s -> {
                    s.getMetadata().setLabels(Map.of("checked", "yes"));
                    return s;
                  });
      assertThat(labelled.getMetadata().getLabels()).containsEntry("checked", "yes");
      // ...an undeclared one on the same type is refused by the API server.
      assertThatThrownBy(() -> asOperator.secrets().inNamespace(ns).withName("k-token").delete())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
    assertThat(admin.secrets().inNamespace(ns).withName("k-token").get()).isNotNull();
  }

  /** The Keeper's status once it names a cached token Secret whose uid is not {@code notUid}. */
  private static Optional<Map<?, ?>> withSecretUid(
      KubernetesClient admin, String ns, String notUid) {
    return Decisive.status(admin, "Keeper", ns, "k")
        .filter(s -> s.get("uid") instanceof String uid && !uid.equals(notUid));
  }
}
