package dev.kopgen.runtime.controller;

import static dev.kopgen.runtime.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.Result;
import dev.kopgen.runtime.WatchMapper;
import dev.kopgen.runtime.health.OperatorMetrics;
import dev.kopgen.runtime.queue.ObjectKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The guard around {@code @Watch} mappers: a slow mapper is counted in {@code
 * kopgen_watch_mapper_slow_total}, a throwing one loses only its event, and the mapped primaries
 * are reconciled.
 */
@EnableKubernetesMockClient(crud = true)
class WatchMapperTest {

  static KubernetesClient client;

  private Controller<ConfigMap> controller;

  @AfterEach
  void close() {
    if (controller != null) {
      controller.close();
    }
  }

  /** Maps Secret {@code x} to ConfigMap {@code x}; slow for "slow-*", throws for "bad-*". */
  public static final class SameName implements WatchMapper<Secret, ConfigMap> {
    @Override
    public List<ObjectKey> map(Secret s, Primaries<ConfigMap> primaries) {
      String name = s.getMetadata().getName();
      if (name.startsWith("bad")) {
        throw new IllegalStateException("mapper bug");
      }
      if (name.startsWith("slow")) {
        try {
          Thread.sleep(30);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return primaries.inNamespace(s.getMetadata().getNamespace()).stream()
          .filter(cm -> cm.getMetadata().getName().equals(name))
          .map(ObjectKey::of)
          .toList();
    }
  }

  @Test
  void slowMappersAreCountedAndThrowingOnesLoseOnlyTheirEvent() {
    String ns = "mappers";
    for (String name : List.of("fast", "slow", "bad")) {
      client
          .configMaps()
          .inNamespace(ns)
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(ns)
                  .endMetadata()
                  .build())
          .create();
    }
    Map<String, Integer> runs = new ConcurrentHashMap<>();
    OperatorMetrics metrics = new OperatorMetrics();
    controller =
        Controller.builder(
                ControllerDefinition.<ConfigMap>builder(
                        "mappers",
                        ConfigMap.class,
                        () ->
                            (cm, ctx) -> {
                              runs.merge(cm.getMetadata().getName(), 1, Integer::sum);
                              return Result.done();
                            })
                    .namespaces(ns)
                    .watch(Secret.class, SameName::new, List.of(), "")
                    .build())
            .informerClient(client)
            .metrics(metrics)
            .failureEvents(false)
            .build();
    controller.start();
    controller.resume();
    until("first reconciles", () -> runs.size() == 3);
    for (String name : List.of("bad", "slow", "fast")) {
      client
          .secrets()
          .inNamespace(ns)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(ns)
                  .endMetadata()
                  .build())
          .create();
    }
    until("fast and slow mapped", () -> runs.get("fast") == 2 && runs.get("slow") == 2);
    assertThat(runs.get("bad")).as("the throwing mapper's event reconciled nothing").isEqualTo(1);
    assertThat(metrics.scrapeText())
        .contains("kopgen_watch_mapper_slow_total{controller=\"mappers\",kind=\"Secret\"} 1.0");
  }
}
