package dev.kopgen.it.sharding;

import static dev.kopgen.it.sharding.NamespaceShardingTest.figure;
import static dev.kopgen.it.sharding.NamespaceShardingTest.millisSince;
import static dev.kopgen.it.sharding.NamespaceShardingTest.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.harness.ManifestApplier;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.it.process.OperatorProcess;
import dev.kopgen.manifests.ManifestSettings;
import dev.kopgen.manifests.Manifests;
import dev.kopgen.rules.LifecycleRules;
import dev.kopgen.rules.Workloads;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cleanup ({@code Cleaner}) of a selector-sharded controller, on the real API server: the {@code
 * shardclean} test operator's two shard Deployments run as separate JVMs, each as its generated
 * ServiceAccount with its generated {@code KOPGEN_SHARD}. Deleting primaries of each shard runs the
 * cleanup in that shard's instance only (the other never even starts one), a failed first attempt
 * keeps the finalizer, and the finalizer goes after the successful retry.
 */
class ShardedCleanupTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  private final List<OperatorProcess> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(OperatorProcess::close);
  }

  @Test
  void eachShardCleansUpOnlyItsOwnPrimariesAndTheFinalizerGoesAfterSuccess() {
    String ns = api.namespace();
    OperatorProject project = OperatorProject.compile("shardclean");
    Manifests manifests =
        project.manifests(
            ManifestSettings.defaults("shardclean", "shardclean:test").withNamespace(ns));
    ShardDeployment.dump(project, manifests);
    ManifestApplier.apply(api.client(), manifests);
    List<ShardDeployment> deployments = ShardDeployment.of(manifests);
    assertThat(deployments)
        .extracting(ShardDeployment::selection)
        .containsExactly("shardclean/a", "shardclean/b");
    // The finalizer's verbs on the primary are derived from `implements Cleaner`, per shard.
    assertThat(manifests.files().get("clusterrole-shardclean-a.yaml"))
        .contains("configmaps")
        .contains("- patch")
        .contains("- update");

    long start = System.nanoTime();
    Map<String, OperatorProcess> podOf = new TreeMap<>(); // shard -> its process
    for (ShardDeployment d : deployments) {
      List<OperatorProcess> pods = d.start(project, ns, api.server());
      started.addAll(pods);
      podOf.put(d.shard(), pods.get(0));
    }
    for (Map.Entry<String, OperatorProcess> e : podOf.entrySet()) {
      e.getValue().awaitReady(Duration.ofSeconds(90));
      String lease = Workloads.shardLeaseName("shardclean", e.getKey());
      await(
          "shard " + e.getKey() + " leads",
          Duration.ofSeconds(30),
          () -> e.getValue().podName().equals(holder(ns, lease)));
    }
    figure("2 shard processes with cleanup ready and leading %d ms after exec", millisSince(start));

    String finalizer = LifecycleRules.finalizerName("", "shardclean");
    Map<String, String> shardOf = new TreeMap<>(); // object -> shard ("" for none)
    shardOf.put("a1", "a");
    shardOf.put("a2", "a");
    shardOf.put("b1", "b");
    shardOf.put("b2", "b");
    shardOf.put("loose", "");
    shardOf.forEach(
        (name, shard) ->
            api.client()
                .configMaps()
                .inNamespace(ns)
                .resource(
                    new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(shard.isEmpty() ? Map.of() : Map.of("kopgen-it/shard", shard))
                        .endMetadata()
                        .build())
                .create());
    for (String name : List.of("a1", "a2", "b1", "b2")) {
      await(
          name + " carries the finalizer",
          Duration.ofSeconds(30),
          () -> {
            ConfigMap cm = get(ns, name);
            return cm != null && cm.getMetadata().getFinalizers().contains(finalizer);
          });
    }
    assertThat(get(ns, "loose").getMetadata().getFinalizers())
        .as("no shard selects it: nobody adds a finalizer")
        .isEmpty();

    long deleted = System.nanoTime();
    shardOf
        .keySet()
        .forEach(name -> api.client().configMaps().inNamespace(ns).withName(name).delete());
    await(
        "every primary gone",
        Duration.ofSeconds(60),
        () -> shardOf.keySet().stream().allMatch(name -> get(ns, name) == null));
    figure(
        "5 primaries (4 with a cleanup failing once) gone %d ms after their deletion",
        millisSince(deleted));

    for (String name : List.of("a1", "a2", "b1", "b2")) {
      Secret record = api.client().secrets().inNamespace(ns).withName(name + "-cleaned").get();
      assertThat(record).as("cleanup record of %s", name).isNotNull();
      Map<String, String> data = decode(record);
      OperatorProcess owner = podOf.get(shardOf.get(name));
      assertThat(data.get("writer")).as("who cleaned up %s", name).isEqualTo(owner.podName());
      assertThat(data.get("attempt")).as("the retry after the failed first attempt").isEqualTo("2");
      assertThat(data.get("finalizers"))
          .as("finalizer still there while cleanup ran")
          .contains(finalizer);
    }
    assertThat(api.client().secrets().inNamespace(ns).withName("loose-cleaned").get()).isNull();

    for (Map.Entry<String, OperatorProcess> e : podOf.entrySet()) {
      String pod = e.getValue().podName();
      List<String> cleanups =
          e.getValue().logLines().stream()
              .filter(l -> l.startsWith("CLEANUP " + pod + " "))
              .toList();
      List<String> mine =
          shardOf.entrySet().stream()
              .filter(o -> o.getValue().equals(e.getKey()))
              .map(Map.Entry::getKey)
              .toList();
      // Exactly two attempts per own object (fail, then succeed), none for the other shard's.
      assertThat(cleanups)
          .as("cleanup attempts in shard %s", e.getKey())
          .hasSize(2 * mine.size())
          .allSatisfy(
              l -> assertThat(mine).anySatisfy(o -> assertThat(l).contains(ns + "/" + o + " ")));
    }
  }

  private static ConfigMap get(String ns, String name) {
    return api.client().configMaps().inNamespace(ns).withName(name).get();
  }

  private static Map<String, String> decode(Secret s) {
    Map<String, String> out = new TreeMap<>();
    s.getData()
        .forEach(
            (k, v) ->
                out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return out;
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      }
      sleep(50);
    }
  }

  private static String holder(String ns, String name) {
    Lease l = api.client().leases().inNamespace(ns).withName(name).get();
    return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
  }
}
