package dev.kopgen.it.decisive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.harness.ManifestApplier;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.it.process.OperatorProcess;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @Watch} with a mapper, on a real API server: a change to a Secret that Consumers name in
 * their spec (not owned by them) reconciles exactly the Consumers that name it; a Secret outside
 * the watch's label selector reconciles nothing; the operator does it as its generated
 * ServiceAccount, which may read Secrets and nothing more.
 */
class WatchTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** How long "nothing else happens" is watched for after the expected reconciles. */
  private static final Duration QUIET = Duration.ofSeconds(3);

  @Test
  void aReferencedSecretsChangeReconcilesExactlyItsConsumers() throws InterruptedException {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    OperatorProject project = OperatorProject.compile("secretrefs");
    ManifestApplier.apply(admin, project.manifests(Decisive.settings("secretrefs", ns)));
    secret(admin, ns, "s1", true, "a");
    secret(admin, ns, "s2", true, "a");
    secret(admin, ns, "s3", false, "a");

    try (OperatorProcess p =
        project.start("secretrefs-0", ns, api.server().processEnvironment(ns, "secretrefs"))) {
      p.awaitReady(TIMEOUT);
      consumer(admin, ns, "c1", "s1");
      consumer(admin, ns, "c2", "s1");
      consumer(admin, ns, "c3", "s2");
      consumer(admin, ns, "c4", "s3");
      awaitCounts(p, ns, Map.of("c1", 1, "c2", 1, "c3", 1, "c4", 1));
      TimeUnit.MILLISECONDS.sleep(QUIET.toMillis());
      Map<String, Integer> before = counts(p, ns);
      assertThat(p.logText())
          .contains("RECONCILED " + ns + "/c1 secret s1 keys [a]")
          .contains("RECONCILED " + ns + "/c4 secret s3 keys not cached"); // outside the selector

      long changed = System.nanoTime();
      change(admin, ns, "s1", "b");
      awaitCounts(p, ns, Map.of("c1", before.get("c1") + 1, "c2", before.get("c2") + 1));
      System.out.println(
          "[figure] secretrefs: s1 changed, its two Consumers reconciled within "
              + (System.nanoTime() - changed) / 1_000_000
              + " ms");
      assertThat(p.logText()).contains("RECONCILED " + ns + "/c1 secret s1 keys [b]");
      TimeUnit.MILLISECONDS.sleep(QUIET.toMillis());
      Map<String, Integer> after = counts(p, ns);
      assertThat(after.get("c3")).as("c3 names s2").isEqualTo(before.get("c3"));
      assertThat(after.get("c4")).as("c4 names s3").isEqualTo(before.get("c4"));

      change(admin, ns, "s3", "b"); // outside the watch's label selector
      TimeUnit.MILLISECONDS.sleep(QUIET.toMillis());
      assertThat(counts(p, ns))
          .as("a Secret outside the selector reconciles nothing")
          .isEqualTo(after);
      System.out.println("[figure] secretrefs: reconciles per Consumer " + counts(p, ns));
      assertThat(p.logText())
          .doesNotContainIgnoringCase("forbidden")
          .doesNotContainPattern("\\b403\\b(?! ms)");
    }
    assertThat(Decisive.allowed(admin, ns, "secretrefs", "watch", "", "secrets", ns, null))
        .isTrue();
    assertThat(Decisive.allowed(admin, ns, "secretrefs", "update", "", "secrets", ns, "s1"))
        .isFalse();
  }

  private static void secret(
      KubernetesClient admin, String ns, String name, boolean watched, String key) {
    admin
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .addToLabels("secretrefs", watched ? "yes" : "no")
                .endMetadata()
                .addToStringData(key, "x")
                .build())
        .create();
  }

  /** Replaces the Secret's data with the one key {@code key}. */
  private static void change(KubernetesClient admin, String ns, String name, String key) {
    admin
        .secrets()
        .inNamespace(ns)
        .withName(name)
        .edit(s -> new SecretBuilder(s).withData(Map.of(key, "eA==")).build());
  }

  private static void consumer(KubernetesClient admin, String ns, String name, String secret) {
    admin
        .genericKubernetesResources("kopgen.dev/v1", "Consumer")
        .inNamespace(ns)
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("kopgen.dev/v1")
                .withKind("Consumer")
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .addToAdditionalProperties("spec", Map.of("secretName", secret))
                .build())
        .create();
  }

  private static Map<String, Integer> counts(OperatorProcess p, String ns) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String c : List.of("c1", "c2", "c3", "c4")) {
      counts.put(
          c,
          (int)
              p.logText()
                  .lines()
                  .filter(l -> l.contains("RECONCILED " + ns + "/" + c + " "))
                  .count());
    }
    return counts;
  }

  private static void awaitCounts(OperatorProcess p, String ns, Map<String, Integer> atLeast)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Map<String, Integer> now = counts(p, ns);
      if (atLeast.entrySet().stream().allMatch(e -> now.get(e.getKey()) >= e.getValue())) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError(
        "reconciles "
            + atLeast
            + " did not happen within "
            + TIMEOUT
            + " (saw "
            + counts(p, ns)
            + "); log:\n"
            + p.logText());
  }
}
