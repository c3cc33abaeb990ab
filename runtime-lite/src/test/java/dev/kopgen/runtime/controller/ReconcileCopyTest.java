package dev.kopgen.runtime.controller;

import static dev.kopgen.runtime.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler gets a copy, never the informer's cached object: whatever it does to its argument
 * (the common habit of setting status or labels on it before a write that then fails, or is never
 * made), the next reconcile sees the object as the API server has it.
 */
@EnableKubernetesMockClient(crud = true)
class ReconcileCopyTest {

  static KubernetesClient client;

  private Controller<ConfigMap> controller;

  @AfterEach
  void close() {
    if (controller != null) {
      controller.close();
    }
  }

  @Test
  void mutatingTheArgumentLeavesTheCacheUnchanged() {
    String ns = "copies";
    client
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("a")
                .withNamespace(ns)
                .endMetadata()
                .addToData("v", "original")
                .build())
        .create();
    List<Map<String, String>> seenData = new CopyOnWriteArrayList<>();
    List<Map<String, String>> seenLabels = new CopyOnWriteArrayList<>();
    List<ConfigMap> arguments = new CopyOnWriteArrayList<>();
    controller =
        Controller.builder(
                ControllerDefinition.<ConfigMap>builder(
                        "copies",
                        ConfigMap.class,
                        () ->
                            (cm, ctx) -> {
                              arguments.add(cm);
                              seenData.add(Map.copyOf(cm.getData()));
                              seenLabels.add(
                                  cm.getMetadata().getLabels() == null
                                      ? Map.of()
                                      : Map.copyOf(cm.getMetadata().getLabels()));
                              // What a careless reconciler does, and never writes back.
                              cm.getData().put("v", "mutated");
                              cm.getMetadata().setLabels(Map.of("touched", "yes"));
                              return seenData.size() < 3
                                  ? Result.requeueAfter(Duration.ofMillis(20))
                                  : Result.done();
                            })
                    .namespaces(ns)
                    .build())
            .informerClient(client)
            .failureEvents(false)
            .build();
    controller.start();
    controller.resume();
    until("three reconciles", () -> seenData.size() >= 3);

    assertThat(seenData).allSatisfy(d -> assertThat(d).containsExactly(Map.entry("v", "original")));
    assertThat(seenLabels).allSatisfy(l -> assertThat(l).isEmpty());
    assertThat(arguments.get(0)).as("a fresh copy each time").isNotSameAs(arguments.get(1));
  }
}
