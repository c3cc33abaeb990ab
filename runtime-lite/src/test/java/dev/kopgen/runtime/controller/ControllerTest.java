package dev.kopgen.runtime.controller;

import static dev.kopgen.runtime.testing.Await.sleep;
import static dev.kopgen.runtime.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.ReconcileTimeoutException;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import dev.kopgen.runtime.health.OperatorMetrics;
import dev.kopgen.runtime.queue.BackoffPolicy;
import dev.kopgen.runtime.queue.ObjectKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ControllerTest {

  static KubernetesClient client;

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  /** Each test works in a namespace of its own on the shared mock server. */
  private final String ns = "ctl-" + NAMESPACES.incrementAndGet();

  private final List<Controller<?>> controllers = new ArrayList<>();

  @AfterEach
  void closeControllers() {
    controllers.forEach(Controller::close);
  }

  private <R extends io.fabric8.kubernetes.api.model.HasMetadata> Controller<R> run(
      Controller.Builder<R> builder) {
    Controller<R> c = builder.informerClient(client).build();
    controllers.add(c);
    c.start();
    c.resume();
    until("informers synced", c::hasSynced);
    return c;
  }

  private ControllerDefinition.Builder<ConfigMap> configMaps(String name, Reconciler<ConfigMap> r) {
    return ControllerDefinition.builder(name, ConfigMap.class, () -> r).namespaces(ns);
  }

  private ConfigMap createConfigMap(String name, String value) {
    return client
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

  private void setValue(String name, String value) {
    client
        .configMaps()
        .inNamespace(ns)
        .withName(name)
        .edit(
            cm -> {
              cm.getData().put("v", value);
              return cm;
            });
  }

  @Test
  void rapidUpdatesToOneObjectAreDeduplicatedAndTheLastStateIsSeen() {
    AtomicInteger runs = new AtomicInteger();
    AtomicReference<String> lastSeen = new AtomicReference<>();
    createConfigMap("a", "0");
    run(
        Controller.builder(
            configMaps(
                    "dedup",
                    (cm, ctx) -> {
                      runs.incrementAndGet();
                      lastSeen.set(cm.getData().get("v"));
                      Thread.sleep(200);
                      return Result.done();
                    })
                .build()));
    for (int i = 1; i <= 100; i++) {
      setValue("a", Integer.toString(i));
    }
    until("the last update reconciled", () -> "100".equals(lastSeen.get()));
    sleep(300); // a run already queued may still come; nothing more after it
    System.out.printf("100 rapid updates with a 200 ms reconcile: %d reconciles%n", runs.get());
    assertThat(runs.get()).isLessThan(50);
    assertThat(lastSeen.get()).isEqualTo("100");
  }

  @Test
  void concurrencyIsBoundedAndOneObjectNeverRunsTwiceAtOnce() {
    AtomicInteger active = new AtomicInteger();
    AtomicInteger maxActive = new AtomicInteger();
    Set<String> activeKeys = ConcurrentHashMap.newKeySet();
    AtomicBoolean overlap = new AtomicBoolean();
    Map<String, String> seen = new ConcurrentHashMap<>();
    List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    for (String n : names) {
      createConfigMap(n, "0");
    }
    run(
        Controller.builder(
            configMaps(
                    "bounded",
                    (cm, ctx) -> {
                      String key = cm.getMetadata().getName();
                      if (!activeKeys.add(key)) {
                        overlap.set(true);
                      }
                      maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                      try {
                        Thread.sleep(50);
                      } finally {
                        active.decrementAndGet();
                        activeKeys.remove(key);
                      }
                      seen.put(key, cm.getData().get("v"));
                      return Result.done();
                    })
                .maxConcurrentReconciles(3)
                .build()));
    for (int round = 1; round <= 3; round++) {
      for (String n : names) {
        setValue(n, Integer.toString(round));
      }
    }
    until(
        "every object's last state reconciled",
        () -> names.stream().allMatch(n -> "3".equals(seen.get(n))));
    System.out.printf("maxConcurrentReconciles 3: at most %d ran at once%n", maxActive.get());
    assertThat(maxActive.get()).isBetween(1, 3);
    assertThat(overlap).as("one object reconciled twice at once").isFalse();
  }

  @Test
  void workersStartOnDemandUpToMaxConcurrentReconciles() throws InterruptedException {
    AtomicInteger active = new AtomicInteger();
    AtomicInteger maxActive = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    createConfigMap("first", "0");
    run(
        Controller.builder(
            configMaps(
                    "ondemand",
                    (cm, ctx) -> {
                      maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                      try {
                        if (!cm.getMetadata().getName().equals("first")) {
                          release.await();
                        }
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      } finally {
                        active.decrementAndGet();
                      }
                      return Result.done();
                    })
                .maxConcurrentReconciles(5)
                .build()));
    until("the first object reconciled", () -> maxActive.get() == 1 && active.get() == 0);
    // One object at a time: the worker that took it started one more to wait, no others.
    assertThat(workerThreads("ondemand")).isBetween(1L, 2L);

    for (int i = 0; i < 12; i++) {
      createConfigMap("busy-" + i, "0");
    }
    until("five reconciles running at once", () -> active.get() == 5);
    sleep(300); // a sixth would start now if anything allowed it
    assertThat(maxActive.get()).isEqualTo(5);
    assertThat(workerThreads("ondemand")).isEqualTo(5L);
    release.countDown();
    until("every object reconciled", () -> active.get() == 0);
    assertThat(workerThreads("ondemand")).isEqualTo(5L);
  }

  private static long workerThreads(String controller) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("kopgen-" + controller + "-worker-"))
        .count();
  }

  @Test
  void workerThreadsAreNamedAfterTheController() {
    AtomicReference<String> thread = new AtomicReference<>();
    createConfigMap("a", "0");
    run(
        Controller.builder(
            configMaps(
                    "named",
                    (cm, ctx) -> {
                      thread.set(Thread.currentThread().getName());
                      assertThat(Thread.currentThread().isDaemon()).isTrue();
                      return Result.done();
                    })
                .build()));
    until("reconciled", () -> thread.get() != null);
    // Workers are numbered from 1 and start on demand: the first takes the first object.
    assertThat(thread.get()).matches("kopgen-named-worker-[1-9][0-9]*");
  }

  @Test
  void failuresBackOffExponentiallyAndASuccessResetsTheCount() {
    List<Long> times = new CopyOnWriteArrayList<>();
    List<Integer> retryCounts = new CopyOnWriteArrayList<>();
    createConfigMap("a", "0");
    run(
        Controller.builder(
                configMaps(
                        "backoff",
                        (cm, ctx) -> {
                          times.add(System.nanoTime());
                          retryCounts.add(ctx.retryCount());
                          if (times.size() <= 3) {
                            throw new IllegalStateException("failure " + times.size());
                          }
                          return Result.done();
                        })
                    .build())
            .backoff(new BackoffPolicy(Duration.ofMillis(50), Duration.ofSeconds(10))));
    until("three failures and a success", () -> times.size() >= 4);
    List<Long> gapsMs = new ArrayList<>();
    for (int i = 1; i < 4; i++) {
      gapsMs.add(TimeUnit.NANOSECONDS.toMillis(times.get(i) - times.get(i - 1)));
    }
    System.out.printf("backoff 50 ms doubling: gaps between attempts %s ms%n", gapsMs);
    assertThat(gapsMs.get(0)).isGreaterThanOrEqualTo(50);
    assertThat(gapsMs.get(1)).isGreaterThanOrEqualTo(100);
    assertThat(gapsMs.get(2)).isGreaterThanOrEqualTo(200);
    assertThat(retryCounts).containsExactly(0, 1, 2, 3);

    setValue("a", "1");
    until("reconciled after the change", () -> times.size() >= 5);
    assertThat(retryCounts.get(4)).as("the success reset the count").isZero();
  }

  @Test
  void requeueAfterRunsTheObjectAgainAfterTheDelay() {
    List<Long> times = new CopyOnWriteArrayList<>();
    createConfigMap("a", "0");
    run(
        Controller.builder(
            configMaps(
                    "requeue",
                    (cm, ctx) -> {
                      times.add(System.nanoTime());
                      return times.size() == 1
                          ? Result.requeueAfter(Duration.ofMillis(200))
                          : Result.done();
                    })
                .build()));
    until("requeued run", () -> times.size() >= 2);
    long gapMs = TimeUnit.NANOSECONDS.toMillis(times.get(1) - times.get(0));
    System.out.printf("requeueAfter(200ms): next run after %d ms%n", gapMs);
    assertThat(gapMs).isGreaterThanOrEqualTo(200);
    sleep(400);
    assertThat(times).as("done() asks for nothing more").hasSize(2);
  }

  @Test
  void aReconcileThatExceedsItsTimeoutIsCancelledAndCountsAsAnError() {
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean sawCancelled = new AtomicBoolean();
    AtomicReference<Exception> handed = new AtomicReference<>();
    AtomicInteger runs = new AtomicInteger();
    createConfigMap("slow", "0");
    Reconciler<ConfigMap> slow =
        new Reconciler<>() {
          @Override
          public Result reconcile(ConfigMap cm, dev.kopgen.runtime.Context ctx) throws Exception {
            if (runs.incrementAndGet() > 1) {
              return Result.done();
            }
            try {
              Thread.sleep(30_000);
            } catch (InterruptedException e) {
              interrupted.set(true);
              sawCancelled.set(ctx.isCancelled());
              throw e;
            }
            return Result.done();
          }

          @Override
          public Result onError(ConfigMap cm, Exception error, dev.kopgen.runtime.Context ctx) {
            handed.set(error);
            return Result.requeueAfter(Duration.ofMillis(10));
          }
        };
    OperatorMetrics metrics = new OperatorMetrics();
    long start = System.nanoTime();
    run(
        Controller.builder(
                ControllerDefinition.builder("timeout", ConfigMap.class, () -> slow)
                    .namespaces(ns)
                    .reconcileTimeout(Duration.ofMillis(300))
                    .build())
            .metrics(metrics));
    until("the error policy heard of the timeout", () -> handed.get() != null);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.printf("reconcileTimeout 300ms: cancelled after %d ms%n", tookMs);
    assertThat(tookMs).isLessThan(10_000);
    assertThat(interrupted).isTrue();
    assertThat(sawCancelled).isTrue();
    assertThat(handed.get())
        .isInstanceOf(ReconcileTimeoutException.class)
        .hasMessageContaining("ctl-")
        .hasMessageContaining("300ms")
        .hasCauseInstanceOf(InterruptedException.class);
    until("the retry ran", () -> runs.get() >= 2);
    assertThat(metrics.scrapeText())
        .contains("kopgen_reconcile_errors_total{controller=\"timeout\"} 1.0");
  }

  @Test
  void changesToAnOwnedObjectReconcileItsControllingOwner() {
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    ConfigMap parent = createConfigMap("parent", "0");
    createConfigMap("other", "0");
    run(
        Controller.builder(
            configMaps(
                    "owner",
                    (cm, ctx) -> {
                      runs.computeIfAbsent(cm.getMetadata().getName(), k -> new AtomicInteger())
                          .incrementAndGet();
                      return Result.done();
                    })
                .owns(Secret.class)
                .build()));
    until("both reconciled once", () -> runs.size() == 2);

    int before = runs.get("parent").get();
    // Not controlled by a ConfigMap: controller=false, another kind, another group.
    createSecret("not-controller", owner("v1", "ConfigMap", "parent", parent, false));
    createSecret("other-kind", owner("v1", "Secret", "parent", parent, true));
    createSecret("other-group", owner("example.com/v1", "ConfigMap", "parent", parent, true));
    createSecret("child", owner("v1", "ConfigMap", "parent", parent, true));
    until("the owner reconciled for its child", () -> runs.get("parent").get() > before);
    sleep(300);
    assertThat(runs.get("parent").get())
        .as("only the controlled child counted")
        .isEqualTo(before + 1);

    client
        .secrets()
        .inNamespace(ns)
        .withName("child")
        .edit(
            s -> {
              s.getMetadata().setLabels(Map.of("changed", "yes"));
              return s;
            });
    until("the owner reconciled for the change", () -> runs.get("parent").get() > before + 1);
    client.secrets().inNamespace(ns).withName("child").delete();
    until("the owner reconciled for the deletion", () -> runs.get("parent").get() > before + 2);
    assertThat(runs.get("other").get()).isEqualTo(1);
  }

  private static io.fabric8.kubernetes.api.model.OwnerReference owner(
      String apiVersion, String kind, String name, ConfigMap parent, boolean controller) {
    return new OwnerReferenceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withName(name)
        .withUid(parent.getMetadata().getUid())
        .withController(controller)
        .build();
  }

  private void createSecret(String name, io.fabric8.kubernetes.api.model.OwnerReference ref) {
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .withOwnerReferences(ref)
                .endMetadata()
                .build())
        .create();
  }

  @Test
  void objectsGoneFromTheCacheAreNotReconciled() {
    List<String> reconciled = new CopyOnWriteArrayList<>();
    createConfigMap("doomed", "0");
    Controller<ConfigMap> c =
        Controller.builder(
                configMaps(
                        "gone",
                        (cm, ctx) -> {
                          reconciled.add(cm.getMetadata().getName());
                          return Result.done();
                        })
                    .build())
            .informerClient(client)
            .build();
    controllers.add(c);
    c.start(); // informers run, reconciles do not
    until("synced with the object queued", () -> c.hasSynced() && c.queueDepth() == 1);
    // The mock server's watch replays current state instead of resuming from the list's
    // resourceVersion, so first make sure the watch is live: a new object shows up in the queue.
    createConfigMap("probe", "0");
    until("the watch delivers", () -> c.queueDepth() == 2);
    client.configMaps().inNamespace(ns).withName("doomed").delete();
    c.enqueue(new ObjectKey(ns, "never-existed"));
    // Watch events arrive in order: once the marker is queued, the deletion is in the cache.
    createConfigMap("marker", "0");
    until("the marker queued", () -> c.queueDepth() == 4);
    c.resume();
    until("the marker reconciled", () -> reconciled.contains("marker"));
    assertThat(reconciled).containsExactlyInAnyOrder("probe", "marker");
  }

  @Test
  void pausedControllersStartNothingAndCancelledReconcilesRunAgainOnResume() {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean sawCancelled = new AtomicBoolean();
    List<String> values = new CopyOnWriteArrayList<>();
    createConfigMap("a", "0");
    OperatorMetrics metrics = new OperatorMetrics();
    Controller<ConfigMap> c =
        run(
            Controller.builder(
                    configMaps(
                            "pausing",
                            (cm, ctx) -> {
                              values.add(cm.getData().get("v"));
                              if (values.size() == 1) {
                                started.countDown();
                                try {
                                  Thread.sleep(30_000);
                                } catch (InterruptedException e) {
                                  sawCancelled.set(ctx.isCancelled());
                                  throw e;
                                }
                              }
                              return Result.done();
                            })
                        .build())
                .metrics(metrics));
    await(started);
    c.pause();
    c.cancelInFlight();
    assertThat(c.awaitInFlight(Duration.ofSeconds(10))).isTrue();
    assertThat(sawCancelled).isTrue();
    assertThat(metrics.scrapeText())
        .contains("kopgen_reconcile_total{controller=\"pausing\",result=\"cancelled\"} 1.0")
        .contains("kopgen_reconcile_errors_total{controller=\"pausing\"} 0.0");

    setValue("a", "1");
    sleep(300);
    assertThat(values).as("nothing starts while paused").hasSize(1);
    assertThat(c.queueDepth()).isEqualTo(1);
    c.resume();
    until("reconciled after resume", () -> values.size() == 2);
    assertThat(values.get(1)).isEqualTo("1");
  }

  @Test
  void failedReconcilesLeaveAWarningEventAtMostOncePerBackoffStep() {
    AtomicInteger failures = new AtomicInteger();
    createConfigMap("broken", "0");
    String longMessage = "boom: " + "é".repeat(2000);
    run(
        Controller.builder(
                configMaps(
                        "evented",
                        new Reconciler<>() {
                          @Override
                          public Result reconcile(ConfigMap cm, dev.kopgen.runtime.Context ctx) {
                            failures.incrementAndGet();
                            throw new IllegalStateException(longMessage);
                          }

                          @Override
                          public Result onError(
                              ConfigMap cm, Exception e, dev.kopgen.runtime.Context ctx) {
                            // Retry far faster than the backoff: Events must not follow suit.
                            return Result.requeueAfter(Duration.ofMillis(10));
                          }
                        })
                    .build())
            .backoff(new BackoffPolicy(Duration.ofSeconds(30), Duration.ofMinutes(1))));
    until(
        "a ReconcileFailed Event",
        () -> !client.v1().events().inNamespace(ns).list().getItems().isEmpty());
    until("several failures", () -> failures.get() >= 20);
    List<Event> events = client.v1().events().inNamespace(ns).list().getItems();
    System.out.printf("%d failures produced %d Event(s)%n", failures.get(), events.size());
    assertThat(events).hasSize(1);
    Event e = events.get(0);
    assertThat(e.getType()).isEqualTo("Warning");
    assertThat(e.getReason()).isEqualTo("ReconcileFailed");
    assertThat(e.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
    assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("v1");
    assertThat(e.getInvolvedObject().getName()).isEqualTo("broken");
    assertThat(e.getInvolvedObject().getNamespace()).isEqualTo(ns);
    assertThat(e.getSource().getComponent()).isEqualTo("evented");
    assertThat(e.getMessage()).startsWith("boom: éé").endsWith("...");
    assertThat(e.getMessage().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
  }

  @Test
  void truncationNeverSplitsACharacter() {
    assertThat(FailureEvents.truncate("short", 1024)).isEqualTo("short");
    String emoji = "😀".repeat(300); // 4 bytes each
    String cut = FailureEvents.truncate(emoji, 1024);
    assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
    assertThat(cut).endsWith("...").startsWith("😀");
    String kept = cut.substring(0, cut.length() - 3);
    assertThat(kept.codePoints()).as("whole characters only").containsOnly("😀".codePointAt(0));
  }

  @Test
  void ownerGroupComesFromTheApiVersion() {
    assertThat(Controller.group("v1")).isEmpty();
    assertThat(Controller.group("apps/v1")).isEqualTo("apps");
    assertThat(Controller.group(null)).isEmpty();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
