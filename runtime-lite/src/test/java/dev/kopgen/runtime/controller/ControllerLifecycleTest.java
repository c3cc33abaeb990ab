package dev.kopgen.runtime.controller;

import static dev.kopgen.runtime.testing.Await.sleep;
import static dev.kopgen.runtime.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.annotations.UpdateFilter;
import dev.kopgen.runtime.Cleaner;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import dev.kopgen.runtime.queue.BackoffPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Update filtering and the cleanup finalizer, on fabric8's mock server (CRUD mode). Generation
 * filtering of custom resources and the finalizer's order against a real API server are in the
 * {@code it} module; the mock server sets no generation, so here ConfigMaps stand in.
 */
@EnableKubernetesMockClient(crud = true)
class ControllerLifecycleTest {

  static KubernetesClient client;

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final String ns = "life-" + NAMESPACES.incrementAndGet();
  private final List<Controller<?>> controllers = new ArrayList<>();

  @AfterEach
  void closeControllers() {
    controllers.forEach(Controller::close);
  }

  private <R extends HasMetadata> Controller<R> run(Controller.Builder<R> builder) {
    Controller<R> c = builder.informerClient(client).build();
    controllers.add(c);
    c.start();
    c.resume();
    until("informers synced", c::hasSynced);
    return c;
  }

  private void create(String name, String value) {
    client
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .addToData("v", value)
                .build())
        .create();
  }

  private void edit(String name, java.util.function.UnaryOperator<ConfigMap> change) {
    client.configMaps().inNamespace(ns).withName(name).edit(change);
  }

  @Test
  void withoutAGenerationTheDefaultFilterLetsEveryUpdateThrough() {
    // A ConfigMap on a real API server has no metadata.generation (the mock server invents one,
    // so this is shown on objects as the real server serves them; the it module runs it live).
    ConfigMap before =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("a")
            .withResourceVersion("1")
            .endMetadata()
            .addToData("v", "0")
            .build();
    ConfigMap labelled =
        new ConfigMapBuilder(before)
            .editMetadata()
            .withResourceVersion("2")
            .addToLabels("l", "1")
            .endMetadata()
            .build();
    assertThat(new UpdateFilter.GenerationChanged().accept(before, labelled)).isTrue();
  }

  /** Reconciles only when data.v changed: a replacement filter of the user's. */
  public static final class ValueChanged implements UpdateFilter {
    @Override
    public boolean accept(HasMetadata oldObject, HasMetadata newObject) {
      return !Objects.equals(((ConfigMap) oldObject).getData(), ((ConfigMap) newObject).getData());
    }
  }

  @Test
  void aReplacementFilterDropsTheUpdatesItRejectsButNeverAddsOrRequeues() {
    List<String> seen = new CopyOnWriteArrayList<>();
    create("a", "0");
    run(
        Controller.builder(
            ControllerDefinition.builder(
                    "filtered",
                    ConfigMap.class,
                    () ->
                        (cm, ctx) -> {
                          seen.add(cm.getData().get("v"));
                          return Result.done();
                        })
                .namespaces(ns)
                .updateFilter(new ValueChanged())
                .build()));
    until("the add reconciled", () -> seen.size() == 1);
    for (int i = 0; i < 5; i++) {
      int n = i;
      edit(
          "a",
          cm -> {
            cm.getMetadata().setLabels(java.util.Map.of("l", Integer.toString(n)));
            return cm;
          });
    }
    sleep(300);
    assertThat(seen).as("label-only updates were filtered").containsExactly("0");
    edit(
        "a",
        cm -> {
          cm.getData().put("v", "1");
          return cm;
        });
    until("the data change reconciled", () -> seen.size() == 2);
    assertThat(seen).containsExactly("0", "1");
  }

  @Test
  void optOutReconcilesEveryUpdate() {
    assertThat(new UpdateFilter.AnyChange().accept(new ConfigMap(), new ConfigMap())).isTrue();
    ConfigMap before =
        new ConfigMapBuilder().withNewMetadata().withGeneration(2L).endMetadata().build();
    ConfigMap statusOnly =
        new ConfigMapBuilder(before).editMetadata().withResourceVersion("9").endMetadata().build();
    assertThat(new UpdateFilter.GenerationChanged().accept(before, statusOnly)).isFalse();
    assertThat(new UpdateFilter.AnyChange().accept(before, statusOnly)).isTrue();
  }

  /** Records reconciles and cleanups; cleanup fails {@code failures} times first. */
  static final class CleaningReconciler implements Reconciler<ConfigMap>, Cleaner<ConfigMap> {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger failures;
    final String finalizer;

    CleaningReconciler(int failures, String finalizer) {
      this.failures = new AtomicInteger(failures);
      this.finalizer = finalizer;
    }

    @Override
    public Result reconcile(ConfigMap cm, Context context) {
      List<String> f = cm.getMetadata().getFinalizers();
      calls.add("reconcile finalizer=" + (f != null && f.contains(finalizer)));
      return Result.done();
    }

    @Override
    public Result cleanup(ConfigMap cm, Context context) {
      if (failures.getAndDecrement() > 0) {
        calls.add("cleanup failed");
        throw new IllegalStateException("external system down");
      }
      calls.add("cleanup");
      return Result.done();
    }
  }

  @Test
  void aCleanerGetsItsFinalizerBeforeTheFirstReconcileAndLosesItOnlyAfterCleanup() {
    String finalizer = "kopgen.dev/cleaning";
    CleaningReconciler r = new CleaningReconciler(2, finalizer);
    create("a", "0");
    run(
        Controller.builder(
                ControllerDefinition.builder("cleaning", ConfigMap.class, () -> r)
                    .namespaces(ns)
                    .build())
            .backoff(new BackoffPolicy(Duration.ofMillis(50), Duration.ofSeconds(1))));
    until("reconciled", () -> !r.calls.isEmpty());
    assertThat(r.calls.get(0))
        .as("the first reconcile already sees the finalizer")
        .isEqualTo("reconcile finalizer=true");
    assertThat(
            client.configMaps().inNamespace(ns).withName("a").get().getMetadata().getFinalizers())
        .containsExactly(finalizer);

    client.configMaps().inNamespace(ns).withName("a").delete();
    until("cleanup succeeded after two failures", () -> r.calls.contains("cleanup"));
    until(
        "the object is gone",
        () -> client.configMaps().inNamespace(ns).withName("a").get() == null);
    List<String> afterDelete = r.calls.subList(r.calls.indexOf("cleanup failed"), r.calls.size());
    assertThat(afterDelete).containsExactly("cleanup failed", "cleanup failed", "cleanup");
  }

  @Test
  void aReconcilerWithoutCleanupGetsNoFinalizer() {
    List<String> seen = new CopyOnWriteArrayList<>();
    create("a", "0");
    run(
        Controller.builder(
            ControllerDefinition.builder(
                    "plain",
                    ConfigMap.class,
                    () ->
                        (cm, ctx) -> {
                          seen.add(cm.getMetadata().getName());
                          return Result.done();
                        })
                .namespaces(ns)
                .build()));
    until("reconciled", () -> !seen.isEmpty());
    assertThat(
            client.configMaps().inNamespace(ns).withName("a").get().getMetadata().getFinalizers())
        .isNullOrEmpty();
  }

  @Test
  void maximumAttemptsStopTheRetriesWithOneEventAndAMetric() {
    AtomicInteger attempts = new AtomicInteger();
    create("a", "0");
    dev.kopgen.runtime.health.OperatorMetrics metrics =
        new dev.kopgen.runtime.health.OperatorMetrics();
    run(
        Controller.builder(
                ControllerDefinition.builder(
                        "flaky",
                        ConfigMap.class,
                        () ->
                            (cm, ctx) -> {
                              attempts.incrementAndGet();
                              throw new IllegalStateException("always broken");
                            })
                    .namespaces(ns)
                    .retry(
                        new dev.kopgen.runtime.RetryPolicy(
                            Duration.ofMillis(10), Duration.ofMillis(40), 3))
                    .build())
            .metrics(metrics));
    until("three attempts", () -> attempts.get() == 3);
    sleep(500); // a fourth would come within 40 ms
    assertThat(attempts.get()).as("attempts").isEqualTo(3);
    assertThat(metrics.scrapeText())
        .contains("kopgen_retries_exhausted_total{controller=\"flaky\"} 1.0");
    until(
        "the RetriesExhausted Event",
        () ->
            client.v1().events().inNamespace(ns).list().getItems().stream()
                .anyMatch(e -> "RetriesExhausted".equals(e.getReason())));
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .filteredOn(e -> "RetriesExhausted".equals(e.getReason()))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .startsWith("gave up after 3 failed attempts in a row")
                    .contains("always broken"));

    edit(
        "a",
        cm -> {
          cm.getData().put("v", "1");
          return cm;
        });
    until("a change starts a fresh series", () -> attempts.get() == 6);
  }
}
