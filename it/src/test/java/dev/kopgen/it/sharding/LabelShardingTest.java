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
import dev.kopgen.rules.Workloads;
import dev.kopgen.rules.Workloads.ShardSelection;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @Sharded} by label selector, end to end on the real API server, with the case the {@code
 * <controller>/<shard>} value exists for: the {@code labelshards} test operator has two sharded
 * controllers, {@code colour} and {@code size}, whose shards are both named {@code a} and {@code
 * b}. One process per generated shard Deployment (its ServiceAccount, its {@code KOPGEN_SHARD});
 * each must reconcile exactly the objects its one controller's one shard selects.
 */
class LabelShardingTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  private static final Pattern RECONCILE = Pattern.compile("RECONCILE (\\S+) (\\S+) (\\S+)/(\\S+)");

  private final List<OperatorProcess> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(OperatorProcess::close);
  }

  @Test
  void eachSelectorShardOfEachControllerReconcilesOnlyWhatItSelects() {
    String ns = api.namespace();
    OperatorProject project = OperatorProject.compile("labelshards");
    Manifests manifests =
        project.manifests(
            ManifestSettings.defaults("labelshards", "labelshards:test").withNamespace(ns));
    ShardDeployment.dump(project, manifests);
    ManifestApplier.apply(api.client(), manifests);

    List<ShardDeployment> deployments = ShardDeployment.of(manifests);
    assertThat(deployments)
        .extracting(ShardDeployment::selection)
        .containsExactly("colour/a", "colour/b", "size/a", "size/b");
    assertThat(deployments).extracting(ShardDeployment::replicas).containsOnly(1);
    // Selector shards watch every namespace: their rules are cluster-wide, one set per shard.
    assertThat(manifests.files())
        .containsKeys(
            "clusterrole-colour-a.yaml", "clusterrole-size-a.yaml",
            "role-colour-a-leader-election.yaml", "role-size-a-leader-election.yaml");
    assertThat(manifests.files().get("role-size-a-leader-election.yaml"))
        .contains("- size-a\n")
        .doesNotContain("colour-a");

    long start = System.nanoTime();
    Map<String, OperatorProcess> podOf = new TreeMap<>(); // "colour/a" -> its process
    for (ShardDeployment d : deployments) {
      List<OperatorProcess> pods = d.start(project, ns, api.server());
      started.addAll(pods);
      podOf.put(d.selection(), pods.get(0));
      // One Deployment at a time, as in NamespaceShardingTest.
      pods.forEach(p -> p.awaitReady(Duration.ofSeconds(90)));
    }
    for (Map.Entry<String, OperatorProcess> e : podOf.entrySet()) {
      ShardSelection sel = ShardSelection.parse(e.getKey());
      String leaseName = Workloads.shardLeaseName(sel.controller(), sel.shard());
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!e.getValue().podName().equals(holder(ns, leaseName))
          && System.nanoTime() < deadline) {
        sleep(50);
      }
      assertThat(holder(ns, leaseName))
          .as("holder of %s", leaseName)
          .isEqualTo(e.getValue().podName());
    }
    figure("4 selector-shard processes ready and leading %d ms after exec", millisSince(start));

    Map<String, Map<String, String>> objects = new TreeMap<>();
    objects.put("red-small", Map.of("kopgen-it/colour", "red", "kopgen-it/size", "small"));
    objects.put("red-large", Map.of("kopgen-it/colour", "red", "kopgen-it/size", "large"));
    objects.put("blue-large", Map.of("kopgen-it/colour", "blue", "kopgen-it/size", "large"));
    objects.put("green-small", Map.of("kopgen-it/colour", "green", "kopgen-it/size", "small"));
    objects.put("unlabelled", Map.of());
    // Expected output Secret -> the shard that must write it; nothing else may appear.
    Map<String, String> expected = new TreeMap<>();
    expected.put("red-small-colour", "colour/a");
    expected.put("red-small-size", "size/a");
    expected.put("red-large-colour", "colour/a");
    expected.put("red-large-size", "size/b");
    expected.put("blue-large-colour", "colour/b");
    expected.put("blue-large-size", "size/b");
    expected.put("green-small-size", "size/a");

    long created = System.nanoTime();
    objects.forEach(
        (name, labels) ->
            api.client()
                .configMaps()
                .inNamespace(ns)
                .resource(
                    new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(labels)
                        .endMetadata()
                        .build())
                .create());
    Map<String, String> writers = new TreeMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (writers.size() < expected.size() && System.nanoTime() < deadline) {
      for (String out : expected.keySet()) {
        Secret s = api.client().secrets().inNamespace(ns).withName(out).get();
        if (s != null && s.getData() != null && s.getData().containsKey("writer")) {
          writers.put(
              out,
              new String(
                  Base64.getDecoder().decode(s.getData().get("writer")), StandardCharsets.UTF_8));
        }
      }
      sleep(25);
    }
    figure(
        "7 selector-shard outputs written within %d ms of creating 5 objects",
        millisSince(created));
    Map<String, String> expectedWriters = new TreeMap<>();
    expected.forEach((out, sel) -> expectedWriters.put(out, podOf.get(sel).podName()));
    assertThat(writers).isEqualTo(expectedWriters);

    sleep(1_000); // time for a wrong shard to act, had it seen an object it does not own
    List<String> outputs =
        api.client().secrets().inNamespace(ns).list().getItems().stream()
            .map(s -> s.getMetadata().getName())
            .sorted()
            .toList();
    assertThat(outputs)
        .as("outputs, nothing for green-small's colour or the unlabelled object")
        .containsExactlyElementsOf(expected.keySet());

    for (Map.Entry<String, OperatorProcess> e : podOf.entrySet()) {
      String controller = ShardSelection.parse(e.getKey()).controller();
      int lines = 0;
      for (String line : e.getValue().logLines()) {
        Matcher m = RECONCILE.matcher(line);
        if (m.matches()) {
          lines++;
          assertThat(m.group(2))
              .as("%s runs only controller %s", e.getKey(), controller)
              .isEqualTo(controller);
          assertThat(expected.get(m.group(4) + "-" + controller)).as(line).isEqualTo(e.getKey());
        }
      }
      assertThat(lines).as("reconciles by %s", e.getKey()).isPositive();
    }
  }

  private static String holder(String ns, String name) {
    Lease l = api.client().leases().inNamespace(ns).withName(name).get();
    return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
  }
}
