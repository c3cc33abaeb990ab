package dev.kopgen.it.decisive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.AuditEvent;
import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.harness.ManifestApplier;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.it.process.OperatorProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The life of a primary on the real API server, with the {@code lifecycle} test operator (three
 * elected controllers: {@code vault} implements {@code Cleaner}, {@code tally} and {@code note} do
 * not) running as separate JVMs as its generated ServiceAccount:
 *
 * <ul>
 *   <li>generation-aware update filtering: the operator's own and others' status writes cause no
 *       reconcile, many spec updates end with the last generation observed, and a ConfigMap primary
 *       (no generation) still reconciles every update;
 *   <li>cleanup on delete: the finalizer is there before the first reconcile, the cleanup's delete
 *       of an other-namespace object happens before the primary disappears, a failing cleanup keeps
 *       the finalizer until it succeeds, an object being deleted that never got the finalizer is
 *       left alone, and a standby finishes a cleanup its leader died in.
 * </ul>
 */
class PrimaryLifecycleTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String FINALIZER = "kopgen.dev/vault";
  private static final String FOREIGN_FINALIZER = "example.com/hold";

  @Test
  @SuppressWarnings("unchecked")
  void statusWritesDoNotReconcileAndTheLastGenerationIsObserved() {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    OperatorProject project = OperatorProject.compile("lifecycle");
    ManifestApplier.apply(admin, project.manifests(Decisive.settings("lifecycle", ns)));
    try (OperatorProcess p =
        project.start("tallies-0", ns, api.server().processEnvironment(ns, "lifecycle"))) {
      p.awaitReady(TIMEOUT);
      tallies(admin).inNamespace(ns).resource(tally(ns, "t1", 0, 50)).create();
      await("t1 observed at generation 1", p, () -> tallyStatus(admin, ns, "t1", 1, 0));
      pause(2000); // an extra reconcile from the operator's own status write would come now
      assertThat(count(p, "TALLY " + ns + "/t1 ")).as("reconciles after create").isEqualTo(1);

      // Others' status-only writes, and a label, change no generation.
      for (int i = 0; i < 5; i++) {
        tallies(admin)
            .inNamespace(ns)
            .withName("t1")
            .subresource("status")
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"note\":\"from the test " + i + "\"}}");
      }
      tallies(admin)
          .inNamespace(ns)
          .withName("t1")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"labels\":{\"touched\":\"yes\"}}}");
      pause(2000);
      assertThat(count(p, "TALLY " + ns + "/t1 "))
          .as("reconciles after 5 status writes and a label change")
          .isEqualTo(1);

      // Many spec updates: deduplicated, and the last one always observed.
      int updates = 200;
      long start = System.nanoTime();
      for (int i = 1; i <= updates; i++) {
        tallies(admin)
            .inNamespace(ns)
            .withName("t1")
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"value\":" + i + "}}");
      }
      long lastGeneration =
          tallies(admin).inNamespace(ns).withName("t1").get().getMetadata().getGeneration();
      assertThat(lastGeneration).isEqualTo(1 + updates);
      await(
          "t1 observed at its last generation",
          p,
          () -> tallyStatus(admin, ns, "t1", lastGeneration, updates));
      pause(1000);
      int reconciles = count(p, "TALLY " + ns + "/t1 ") - 1;
      System.out.println(
          "[figure] tally: "
              + updates
              + " spec updates with a 50 ms reconcile -> "
              + reconciles
              + " reconciles, last generation "
              + lastGeneration
              + " observed after "
              + (System.nanoTime() - start) / 1_000_000
              + " ms; 5 status writes + 1 label -> 0");
      assertThat(reconciles).isBetween(1, updates);
      assertThat(
              p.logLines().stream()
                  .filter(l -> l.startsWith("TALLY " + ns + "/t1 "))
                  .reduce((a, b) -> b)
                  .orElseThrow())
          .as("the last reconcile saw the last generation")
          .contains("gen=" + lastGeneration);
      assertThat(tallies(admin).inNamespace(ns).withName("t1").get().getMetadata().getFinalizers())
          .as("no Cleaner, no finalizer")
          .isNullOrEmpty();

      // Retry policy (retryMaxAttempts = 3): three attempts, then one Event, a metric, and the
      // object waits for its next change.
      GenericKubernetesResource failing = tally(ns, "t-fail", 0, 0);
      ((Map<String, Object>) failing.getAdditionalProperties().get("spec")).put("fail", true);
      tallies(admin).inNamespace(ns).resource(failing).create();
      p.awaitLogLine(l -> l.equals("TALLY-FAIL " + ns + "/t-fail attempt"), TIMEOUT);
      await(
          "the RetriesExhausted Event",
          p,
          () ->
              admin.v1().events().inNamespace(ns).list().getItems().stream()
                  .filter(
                      e ->
                          "RetriesExhausted".equals(e.getReason())
                              && "t-fail".equals(e.getInvolvedObject().getName()))
                  .findFirst());
      pause(1500); // retries 50 ms apart would show by now
      assertThat(count(p, "TALLY-FAIL " + ns + "/t-fail ")).as("attempts").isEqualTo(3);
      assertThat(admin.v1().events().inNamespace(ns).list().getItems())
          .filteredOn(e -> "RetriesExhausted".equals(e.getReason()))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getCount()).isEqualTo(1);
                assertThat(e.getMessage()).startsWith("gave up after 3 failed attempts in a row");
              });
      assertThat(p.healthText("/metrics"))
          .contains("kopgen_retries_exhausted_total{controller=\"tally\"} 1.0");
      tallies(admin)
          .inNamespace(ns)
          .withName("t-fail")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"fail\":false}}");
      await("t-fail reconciled after its change", p, () -> tallyStatus(admin, ns, "t-fail", 2, 0));
      System.out.println(
          "[figure] tally: retryMaxAttempts 3 -> "
              + count(p, "TALLY-FAIL " + ns + "/t-fail ")
              + " attempts, 1 RetriesExhausted Event");

      // A ConfigMap primary has no generation: every update reconciles.
      admin
          .configMaps()
          .inNamespace(ns)
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("n1")
                  .withNamespace(ns)
                  .addToLabels("kopgen.dev/note", "yes")
                  .endMetadata()
                  .addToData("v", "1")
                  .build())
          .create();
      p.awaitLogLine(l -> l.equals("NOTE " + ns + "/n1 v=1 gen=null"), TIMEOUT);
      admin
          .configMaps()
          .inNamespace(ns)
          .withName("n1")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"v\":\"2\"}}");
      p.awaitLogLine(l -> l.equals("NOTE " + ns + "/n1 v=2 gen=null"), TIMEOUT);
      assertThat(p.logText()).doesNotContainIgnoringCase("forbidden");
      // Every test's operator watches all namespaces: leave nothing for the next one to do.
      tallies(admin).inNamespace(ns).delete();
      admin.configMaps().inNamespace(ns).withName("n1").delete();
    }
  }

  @Test
  void cleanupFinishesBeforeThePrimaryDisappears() {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    String vaultNs = api.createNamespace("vaults");
    OperatorProject project = OperatorProject.compile("lifecycle");
    ManifestApplier.apply(admin, project.manifests(Decisive.settings("lifecycle", ns)));

    // Being deleted before the operator ever saw it: it never gets the finalizer.
    GenericKubernetesResource orphan = vault(ns, "orphan", vaultNs, 0, 0);
    orphan.getMetadata().setFinalizers(List.of(FOREIGN_FINALIZER));
    vaults(admin).inNamespace(ns).resource(orphan).create();
    vaults(admin).inNamespace(ns).withName("orphan").delete();

    try (OperatorProcess p =
        project.start("vaults-0", ns, api.server().processEnvironment(ns, "lifecycle"))) {
      p.awaitReady(TIMEOUT);

      // The finalizer comes before the first reconcile writes anything.
      vaults(admin).inNamespace(ns).resource(vault(ns, "v1", vaultNs, 0, 0)).create();
      await("the copy of v1", p, () -> copy(admin, vaultNs, ns, "v1"));
      assertThat(vaults(admin).inNamespace(ns).withName("v1").get().getMetadata().getFinalizers())
          .containsExactly(FINALIZER);
      assertThat(p.awaitLogLine(l -> l.startsWith("RECONCILED vault " + ns + "/v1 "), TIMEOUT))
          .as("the first reconcile of v1")
          .endsWith("finalizers=[" + FINALIZER + "]");

      // Delete: the copy in the other namespace goes first, then the finalizer, then v1.
      long deleted = System.nanoTime();
      vaults(admin).inNamespace(ns).withName("v1").delete();
      await(
          "v1 gone",
          p,
          () ->
              vaults(admin).inNamespace(ns).withName("v1").get() == null
                  ? Optional.of(true)
                  : Optional.empty());
      long goneMs = (System.nanoTime() - deleted) / 1_000_000;
      assertThat(copy(admin, vaultNs, ns, "v1")).as("the copy, once v1 is gone").isEmpty();
      List<AuditEvent> writes = api.server().auditedWrites();
      AuditEvent copyDeleted =
          writes.stream()
              .filter(
                  e ->
                      e.verb().equals("delete")
                          && e.resource().equals("configmaps")
                          && (ns + ".v1").equals(e.name()))
              .findFirst()
              .orElseThrow();
      AuditEvent finalizerRemoved =
          writes.stream()
              .filter(
                  e ->
                      e.verb().equals("patch")
                          && e.resource().equals("vaults")
                          && e.subresource() == null
                          && "v1".equals(e.name())
                          && ns.equals(e.namespace()))
              .reduce((a, b) -> b)
              .orElseThrow();
      assertThat(copyDeleted.received())
          .as("the cleanup's delete precedes the finalizer's removal")
          .isBeforeOrEqualTo(finalizerRemoved.received());
      assertThat(copyDeleted.code()).isLessThan(400);
      assertThat(copyDeleted.userAgent()).startsWith("kopgen/vaults-0");

      // A cleanup that fails twice: the finalizer stays until the third attempt succeeds.
      vaults(admin).inNamespace(ns).resource(vault(ns, "v2", vaultNs, 2, 0)).create();
      await("the copy of v2", p, () -> copy(admin, vaultNs, ns, "v2"));
      deleted = System.nanoTime();
      vaults(admin).inNamespace(ns).withName("v2").delete();
      p.awaitLogLine(l -> l.equals("CLEANUP-FAILED vault " + ns + "/v2 attempt=2"), TIMEOUT);
      p.awaitLogLine(l -> l.equals("CLEANED vault " + ns + "/v2 attempt=3"), TIMEOUT);
      await(
          "v2 gone",
          p,
          () ->
              vaults(admin).inNamespace(ns).withName("v2").get() == null
                  ? Optional.of(true)
                  : Optional.empty());
      long v2Ms = (System.nanoTime() - deleted) / 1_000_000;
      assertThat(copy(admin, vaultNs, ns, "v2")).isEmpty();
      assertThat(p.logLines())
          .filteredOn(l -> l.startsWith("CLEANUP-") && l.contains(ns + "/v2 "))
          .containsExactly(
              "CLEANUP-START vault " + ns + "/v2 attempt=1",
              "CLEANUP-FAILED vault " + ns + "/v2 attempt=1",
              "CLEANUP-START vault " + ns + "/v2 attempt=2",
              "CLEANUP-FAILED vault " + ns + "/v2 attempt=2",
              "CLEANUP-START vault " + ns + "/v2 attempt=3");
      assertThat(admin.v1().events().inNamespace(ns).list().getItems())
          .as("the failed cleanup left a ReconcileFailed Event on v2")
          .anySatisfy(
              e -> {
                assertThat(e.getReason()).isEqualTo("ReconcileFailed");
                assertThat(e.getInvolvedObject().getName()).isEqualTo("v2");
                assertThat(e.getMessage()).contains("vault offline");
              });

      // The orphan was left alone and goes as soon as its own finalizer does.
      assertThat(
              vaults(admin).inNamespace(ns).withName("orphan").get().getMetadata().getFinalizers())
          .containsExactly(FOREIGN_FINALIZER);
      assertThat(p.logText()).doesNotContain(ns + "/orphan");
      vaults(admin)
          .inNamespace(ns)
          .withName("orphan")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
      await(
          "orphan gone",
          p,
          () ->
              vaults(admin).inNamespace(ns).withName("orphan").get() == null
                  ? Optional.of(true)
                  : Optional.empty());

      assertThat(p.logText()).doesNotContainIgnoringCase("forbidden");
      System.out.println(
          "[figure] vault: delete -> gone after cleanup "
              + goneMs
              + " ms; with two failed cleanups first "
              + v2Ms
              + " ms");
    }
    // The finalizer's verbs come from implements Cleaner, and only there.
    assertThat(Decisive.allowed(admin, ns, "lifecycle", "patch", "kopgen.dev", "vaults", ns, "v"))
        .as("patch vaults (Cleaner)")
        .isTrue();
    assertThat(Decisive.allowed(admin, ns, "lifecycle", "update", "kopgen.dev", "vaults", ns, "v"))
        .as("update vaults (Cleaner)")
        .isTrue();
    assertThat(Decisive.allowed(admin, ns, "lifecycle", "patch", "kopgen.dev", "tallies", ns, "t"))
        .as("patch tallies (no Cleaner)")
        .isFalse();
    assertThat(Decisive.allowed(admin, ns, "lifecycle", "delete", "kopgen.dev", "vaults", ns, "v"))
        .as("delete vaults")
        .isFalse();
  }

  @Test
  void aStandbyFinishesTheCleanupItsLeaderDiedIn() {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    String vaultNs = api.createNamespace("vaults");
    OperatorProject project = OperatorProject.compile("lifecycle");
    ManifestApplier.apply(admin, project.manifests(Decisive.settings("lifecycle", ns)));
    try (OperatorProcess a =
            project.start("lifecycle-a", ns, api.server().processEnvironment(ns, "lifecycle"));
        OperatorProcess b =
            project.start("lifecycle-b", ns, api.server().processEnvironment(ns, "lifecycle"))) {
      a.awaitReady(TIMEOUT);
      b.awaitReady(TIMEOUT);
      vaults(admin).inNamespace(ns).resource(vault(ns, "v3", vaultNs, 0, 3000)).create();
      await("the copy of v3", a, () -> copy(admin, vaultNs, ns, "v3"));
      OperatorProcess leader = a.logText().contains("RECONCILED vault " + ns + "/v3 ") ? a : b;
      OperatorProcess standby = leader == a ? b : a;

      vaults(admin).inNamespace(ns).withName("v3").delete();
      leader.awaitLogLine(l -> l.equals("CLEANUP-START vault " + ns + "/v3 attempt=1"), TIMEOUT);
      long killed = System.nanoTime();
      leader.kill();
      try {
        standby.awaitLogLine(l -> l.startsWith("CLEANED vault " + ns + "/v3 "), TIMEOUT);
      } catch (AssertionError e) {
        throw new AssertionError(
            e.getMessage()
                + "\n\nthe killed leader "
                + leader.podName()
                + "'s log:\n"
                + leader.logText(),
            e);
      }
      await(
          "v3 gone",
          standby,
          () ->
              vaults(admin).inNamespace(ns).withName("v3").get() == null
                  ? Optional.of(true)
                  : Optional.empty());
      assertThat(copy(admin, vaultNs, ns, "v3")).isEmpty();
      assertThat(leader.logText()).doesNotContain("CLEANED vault " + ns + "/v3");
      System.out.println(
          "[figure] vault: leader SIGKILLed mid-cleanup -> standby "
              + standby.podName()
              + " finished it, v3 gone "
              + (System.nanoTime() - killed) / 1_000_000
              + " ms after the kill (leaseDuration 8s, cleanup 3s)");
    }
  }

  @Test
  void helpersApplyAnOwnedChildAndClearAStatusField() {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    OperatorProject project = OperatorProject.compile("lifecycle");
    ManifestApplier.apply(admin, project.manifests(Decisive.settings("lifecycle", ns)));
    try (OperatorProcess p =
        project.start("beacons-0", ns, api.server().processEnvironment(ns, "lifecycle"))) {
      p.awaitReady(TIMEOUT);
      Map<String, Object> spec = new HashMap<>();
      spec.put("message", "hello");
      beacons(admin)
          .inNamespace(ns)
          .resource(
              new GenericKubernetesResourceBuilder()
                  .withApiVersion("kopgen.dev/v1")
                  .withKind("Beacon")
                  .withNewMetadata()
                  .withName("b1")
                  .withNamespace(ns)
                  .endMetadata()
                  .addToAdditionalProperties("spec", spec)
                  .build())
          .create();

      ConfigMap child =
          await(
              "b1-beacon",
              p,
              () ->
                  Optional.ofNullable(
                      admin.configMaps().inNamespace(ns).withName("b1-beacon").get()));
      assertThat(child.getData()).containsEntry("message", "hello");
      assertThat(child.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.getController()).as("controller").isTrue();
                assertThat(o.getKind()).isEqualTo("Beacon");
                assertThat(o.getName()).isEqualTo("b1");
              });
      assertThat(child.getMetadata().getManagedFields())
          .anySatisfy(
              m -> {
                assertThat(m.getManager()).isEqualTo("beacon");
                assertThat(m.getOperation()).isEqualTo("Apply");
              });
      Map<String, Object> first =
          await("b1 status at generation 1", p, () -> beaconStatus(admin, ns, "b1", 1));
      assertThat(first).containsEntry("message", "hello");
      String since = readyTransition(first);

      // The spec's message goes away: a status field set to null is cleared, the condition's
      // transition time stays (Ready stayed True).
      pause(1100); // so a wrongly renewed lastTransitionTime would differ (seconds precision)
      beacons(admin)
          .inNamespace(ns)
          .withName("b1")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"message\":null}}");
      Map<String, Object> second =
          await("b1 status at generation 2", p, () -> beaconStatus(admin, ns, "b1", 2));
      assertThat(second).as("status after the message was removed").doesNotContainKey("message");
      assertThat(readyTransition(second)).as("Ready's lastTransitionTime").isEqualTo(since);
      await(
          "b1-beacon emptied",
          p,
          () ->
              Optional.ofNullable(admin.configMaps().inNamespace(ns).withName("b1-beacon").get())
                  .filter(cm -> "".equals(cm.getData().get("message"))));
      assertThat(p.logText()).doesNotContainIgnoringCase("forbidden");

      // The reconciler's Event, as a user reads it: one Event, counted, with the real kubectl.
      Decisive.KubectlRun describe = awaitDescribe(ns, "b1", p);
      System.out.println(
          "[figure] beacon: kubectl describe shows: "
              + describe
                  .output()
                  .lines()
                  .filter(l -> l.contains("Published") && l.contains(" over "))
                  .findFirst()
                  .orElse(""));
      List<io.fabric8.kubernetes.api.model.Event> published =
          admin.v1().events().inNamespace(ns).list().getItems().stream()
              .filter(
                  e ->
                      "Published".equals(e.getReason())
                          && "b1".equals(e.getInvolvedObject().getName()))
              .toList();
      assertThat(published)
          .as("one aggregated Event")
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getType()).isEqualTo("Normal");
                assertThat(e.getCount()).isGreaterThanOrEqualTo(2);
                assertThat(e.getSource().getComponent()).isEqualTo("beacon");
              });
      beacons(admin).inNamespace(ns).delete(); // nothing left for the next test's operator
      System.out.println(
          "[figure] beacon: "
              + count(p, "BEACON " + ns + "/b1 ")
              + " reconciles for 2 generations, status writes "
              + p.logLines().stream()
                  .filter(
                      l ->
                          l.startsWith("BEACON " + ns + "/b1 ") && l.endsWith("statusWritten=true"))
                  .count());
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      vaults(KubernetesClient client) {
    return client.genericKubernetesResources("kopgen.dev/v1", "Vault");
  }

  private static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      tallies(KubernetesClient client) {
    return client.genericKubernetesResources("kopgen.dev/v1", "Tally");
  }

  /** {@code kubectl describe beacon}, once its Events table shows Published more than once. */
  private static Decisive.KubectlRun awaitDescribe(String ns, String name, OperatorProcess p) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    Decisive.KubectlRun run;
    do {
      run = Decisive.kubectl(api.server(), "describe", "beacons.kopgen.dev", name, "-n", ns);
      if (run.exitCode() == 0
          && run.output()
              .lines()
              .anyMatch(
                  l ->
                      l.contains("Published")
                          && l.contains("the message is in ConfigMap " + name + "-beacon")
                          && l.matches(".*\\(x[2-9][0-9]* over .*"))) {
        return run;
      }
      pause(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "kubectl describe did not show the counted Event within "
            + TIMEOUT
            + "; its last output (exit "
            + run.exitCode()
            + "):\n"
            + run.output()
            + "\nEvents in "
            + ns
            + ": "
            + api.client().v1().events().inNamespace(ns).list().getItems().stream()
                .map(
                    e ->
                        e.getReason()
                            + " x"
                            + e.getCount()
                            + " on "
                            + e.getInvolvedObject().getKind()
                            + "/"
                            + e.getInvolvedObject().getName())
                .toList()
            + "\n"
            + p.podName()
            + "'s log:\n"
            + p.logText());
  }

  private static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      beacons(KubernetesClient client) {
    return client.genericKubernetesResources("kopgen.dev/v1", "Beacon");
  }

  @SuppressWarnings("unchecked")
  private static Optional<Map<String, Object>> beaconStatus(
      KubernetesClient admin, String ns, String name, long generation) {
    GenericKubernetesResource b = beacons(admin).inNamespace(ns).withName(name).get();
    Object status = b == null ? null : b.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> m
            && m.get("observedGeneration") instanceof Number g
            && g.longValue() == generation
        ? Optional.of((Map<String, Object>) m)
        : Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private static String readyTransition(Map<String, Object> status) {
    List<Map<String, Object>> conditions = (List<Map<String, Object>>) status.get("conditions");
    Map<String, Object> ready =
        conditions.stream().filter(c -> "Ready".equals(c.get("type"))).findFirst().orElseThrow();
    assertThat(ready.get("status")).isEqualTo("True");
    return (String) ready.get("lastTransitionTime");
  }

  private static GenericKubernetesResource vault(
      String ns, String name, String vaultNs, int failCleanups, long cleanupDelayMillis) {
    Map<String, Object> spec = new HashMap<>();
    spec.put("vaultNamespace", vaultNs);
    spec.put("failCleanups", failCleanups);
    spec.put("cleanupDelayMillis", cleanupDelayMillis);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("kopgen.dev/v1")
        .withKind("Vault")
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
  }

  private static GenericKubernetesResource tally(
      String ns, String name, int value, long reconcileMillis) {
    Map<String, Object> spec = new HashMap<>();
    spec.put("value", value);
    spec.put("reconcileMillis", reconcileMillis);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("kopgen.dev/v1")
        .withKind("Tally")
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
  }

  private static Optional<ConfigMap> copy(
      KubernetesClient admin, String vaultNs, String ns, String name) {
    return Optional.ofNullable(
        admin.configMaps().inNamespace(vaultNs).withName(ns + "." + name).get());
  }

  private static Optional<Boolean> tallyStatus(
      KubernetesClient admin, String ns, String name, long generation, int value) {
    GenericKubernetesResource t = tallies(admin).inNamespace(ns).withName(name).get();
    Object status = t == null ? null : t.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> m
            && m.get("observedGeneration") instanceof Number g
            && g.longValue() == generation
            && m.get("value") instanceof Number v
            && v.intValue() == value
        ? Optional.of(true)
        : Optional.empty();
  }

  private static int count(OperatorProcess p, String prefix) {
    return (int) p.logLines().stream().filter(l -> l.startsWith(prefix)).count();
  }

  private static void pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static <T> T await(String what, OperatorProcess p, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      pause(50);
    }
    throw new AssertionError(
        what
            + " did not happen within "
            + TIMEOUT
            + "; "
            + p.podName()
            + "'s log:\n"
            + p.logText());
  }
}
