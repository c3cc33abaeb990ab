package dev.kopgen.runtime.operator;

import static dev.kopgen.runtime.testing.Await.sleep;
import static dev.kopgen.runtime.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.annotations.OnLeadershipLoss;
import dev.kopgen.rules.LeaseTiming;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.LeaseSpec;
import dev.kopgen.runtime.OperatorConfigurationException;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import dev.kopgen.runtime.ShardSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class OperatorTest {

  static KubernetesClient client;

  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String ns = "op-" + NAMESPACES.incrementAndGet();
  private final List<String> timeline = new CopyOnWriteArrayList<>();
  private final List<Integer> exits = new CopyOnWriteArrayList<>();
  private final List<Integer> halts = new CopyOnWriteArrayList<>();
  private final List<RunningOperator> operators = new ArrayList<>();

  @AfterEach
  void stopOperators() {
    operators.forEach(RunningOperator::shutdown);
  }

  private ConfigMap createConfigMap(String name) {
    return client
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .addToData("v", "0")
                .build())
        .create();
  }

  private void touch(String name) {
    client
        .configMaps()
        .inNamespace(ns)
        .withName(name)
        .edit(
            cm -> {
              cm.getData().put("v", Long.toString(System.nanoTime()));
              return cm;
            });
  }

  private ControllerDefinition.Builder<ConfigMap> definition(
      String name, Reconciler<ConfigMap> reconciler) {
    return ControllerDefinition.builder(name, ConfigMap.class, () -> reconciler).namespaces(ns);
  }

  private static LeaseSpec lease(String name, OnLeadershipLoss onLoss) {
    return new LeaseSpec(name, LeaseTiming.DEFAULT, onLoss);
  }

  private Operator.Builder operator(List<ControllerDefinition<?>> definitions) {
    return Operator.builder()
        .client(client)
        .controllers(definitions)
        .healthPort(0)
        .namespace("kopgen-system")
        .identity("test-instance")
        .exitHandler(exits::add)
        .haltHandler(halts::add);
  }

  private RunningOperator start(Operator.Builder builder) {
    RunningOperator op = builder.start();
    operators.add(op);
    return op;
  }

  private static HttpResponse<String> get(RunningOperator op, String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + op.healthPort() + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError("GET " + path + " failed", e);
    }
  }

  @Test
  void readyzWaitsForTheInformersAndTheirFailuresAreRetried() {
    // A mock server of its own that answers expectations first, then CRUD: the first list of
    // ConfigMaps is forbidden (as when RBAC is granted after the pod started; a 5xx would be
    // retried inside the HTTP client instead). fabric8's default exception handler would stop an
    // informer that failed before its first sync; kopgen's keeps retrying, and readiness follows.
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer mixed =
        new KubernetesMockServer(
            new io.fabric8.mockwebserver.Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    mixed.init();
    try (KubernetesClient mixedClient = mixed.createClient()) {
      mixed
          .expect()
          .get()
          .withPath("/api/v1/namespaces/" + ns + "/configmaps?resourceVersion=0")
          .andReturn(403, "forbidden until RBAC is fixed")
          .once();
      RunningOperator op =
          start(
              operator(List.of(definition("health", (cm, ctx) -> Result.done()).build()))
                  .client(mixedClient));

      HttpResponse<String> before = get(op, "/readyz");
      assertThat(before.statusCode()).isEqualTo(503);
      assertThat(before.body()).contains("controller health: informer ConfigMap in " + ns);
      assertThat(get(op, "/healthz").statusCode()).isEqualTo(200);

      long start = System.nanoTime();
      until("ready", () -> get(op, "/readyz").statusCode() == 200);
      System.out.printf(
          "ready %d ms after a failed first list%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      assertThat(op.isReady()).isTrue();
      assertThat(get(op, "/readyz").body()).isEqualTo("ok\n");
      op.shutdown();
    } finally {
      mixed.destroy();
    }
  }

  @Test
  void aStandbyIsReadyButReconcilesNothing() {
    AtomicInteger runs = new AtomicInteger();
    createConfigMap("a");
    FakeLeadership standby = new FakeLeadership(false, timeline);
    RunningOperator op =
        start(
            operator(
                    List.of(
                        definition(
                                "standby",
                                (cm, ctx) -> {
                                  runs.incrementAndGet();
                                  return Result.done();
                                })
                            .leaderElection(lease("standby-lease", OnLeadershipLoss.REJOIN))
                            .build()))
                .leadershipFactory((c, namespace, id, spec) -> standby));
    until("ready", () -> get(op, "/readyz").statusCode() == 200);
    sleep(200);
    assertThat(runs).hasValue(0);
    assertThat(get(op, "/metrics").body()).contains("kopgen_leader{controller=\"standby\"} 0.0");

    standby.lead();
    until("reconciled once leading", () -> runs.get() == 1);
    assertThat(get(op, "/metrics").body()).contains("kopgen_leader{controller=\"standby\"} 1.0");
  }

  @Test
  void metricsExposeEverySeriesInTheTextFormat() {
    createConfigMap("ok");
    createConfigMap("bad");
    AtomicInteger runs = new AtomicInteger();
    RunningOperator op =
        start(
            operator(
                List.of(
                    definition(
                            "metered",
                            new Reconciler<ConfigMap>() {
                              @Override
                              public Result reconcile(ConfigMap cm, Context ctx) {
                                runs.incrementAndGet();
                                if (cm.getMetadata().getName().equals("bad")) {
                                  throw new IllegalStateException("bad object");
                                }
                                return Result.done();
                              }

                              @Override
                              public Result onError(ConfigMap cm, Exception e, Context ctx) {
                                return Result.done(); // one failure is enough here
                              }
                            })
                        .build())));
    // runs counts starts; the gauges settle when the second reconcile has finished.
    until(
        "both reconciled and finished",
        () -> runs.get() >= 2 && op.controllers().get(0).inFlight() == 0);
    HttpResponse<String> metrics = get(op, "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    assertThat(metrics.body())
        .contains("kopgen_reconcile_total{controller=\"metered\",result=\"success\"} 1.0")
        .contains("kopgen_reconcile_total{controller=\"metered\",result=\"error\"} 1.0")
        .contains("kopgen_reconcile_errors_total{controller=\"metered\"} 1.0")
        .contains("kopgen_reconcile_duration_seconds_bucket{controller=\"metered\",le=\"0.005\"}")
        .contains("kopgen_reconcile_duration_seconds_count{controller=\"metered\"} 2")
        .contains("kopgen_queue_depth{controller=\"metered\"} 0.0")
        .contains("kopgen_in_flight{controller=\"metered\"} 0.0")
        .contains("kopgen_leader{controller=\"metered\"} 1.0");
  }

  @Test
  void theReconcileRateLimitHoldsForAllControllersTogetherAndIsInTheMetrics() {
    createConfigMap("a");
    createConfigMap("b");
    AtomicInteger runs = new AtomicInteger();
    // Two controllers over the same objects, each requeueing at once: four keys always ready.
    Reconciler<ConfigMap> busy =
        (cm, ctx) -> {
          runs.incrementAndGet();
          return Result.requeueAfter(Duration.ZERO);
        };
    long t0 = System.nanoTime();
    RunningOperator op =
        start(
            operator(List.of(definition("first", busy).build(), definition("second", busy).build()))
                .reconcileRateLimit(
                    Operator.reconcileRateLimit(
                        Map.of("KOPGEN_RECONCILE_RATE", "20", "KOPGEN_RECONCILE_BURST", "4")
                            ::get)));
    until("40 reconciles", () -> runs.get() >= 40);
    String metrics = get(op, "/metrics").body();
    int n = runs.get();
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "[figure] rate limit 20/s burst 4, two controllers: %d reconciles in %.2f s%n", n, seconds);
    // A correctness bound (the bucket cannot hand out more), no timing.
    assertThat(n).isLessThanOrEqualTo(4 + (int) Math.ceil(20 * seconds));
    assertThat(metrics).contains("kopgen_reconcile_rate_limit 20.0");
    assertThat(throttled(metrics, "first") + throttled(metrics, "second")).isPositive();
  }

  private static double throttled(String metrics, String controller) {
    String series = "kopgen_reconcile_throttled_total{controller=\"" + controller + "\"} ";
    return metrics
        .lines()
        .filter(l -> l.startsWith(series))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length()).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + metrics));
  }

  @Test
  void aBadReconcileRateIsAConfigurationErrorNamingTheVariable() {
    assertThatThrownBy(
            () -> Operator.reconcileRateLimit(Map.of("KOPGEN_RECONCILE_RATE", "-1")::get))
        .isInstanceOf(OperatorConfigurationException.class)
        .hasMessageStartingWith("KOPGEN_RECONCILE_RATE: the reconcile rate -1.0 must be");
    assertThat(Operator.reconcileRateLimit(Map.<String, String>of()::get)).isNull();
  }

  @Test
  void gracefulShutdownLetsInFlightReconcilesFinishThenReleasesTheLease() throws Exception {
    createConfigMap("a");
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean cancelled = new AtomicBoolean();
    AtomicInteger runs = new AtomicInteger();
    FakeLeadership leadership = new FakeLeadership(true, timeline);
    RunningOperator op =
        start(
            operator(
                    List.of(
                        definition(
                                "graceful",
                                (cm, ctx) -> {
                                  runs.incrementAndGet();
                                  started.countDown();
                                  Thread.sleep(500);
                                  cancelled.set(ctx.isCancelled());
                                  timeline.add("reconcile finished");
                                  return Result.done();
                                })
                            .leaderElection(lease("graceful-lease", OnLeadershipLoss.EXIT))
                            .reconcileTimeout(Duration.ofSeconds(10))
                            .build()))
                .leadershipFactory((c, namespace, id, spec) -> leadership));
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(op.drainBudget()).isEqualTo(Duration.ofSeconds(10));

    long t0 = System.nanoTime();
    CompletableFuture<Void> shutdown = CompletableFuture.runAsync(op::shutdown);
    sleep(100);
    touch("a"); // arrives during the drain: must not start
    shutdown.get(20, TimeUnit.SECONDS);
    System.out.printf(
        "graceful shutdown with a 500 ms reconcile in flight took %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));

    assertThat(cancelled).as("the in-flight reconcile ran to its end").isFalse();
    assertThat(timeline).containsSubsequence("reconcile finished", "release", "close");
    assertThat(leadership.releases).hasValue(1);
    assertThat(exits).containsExactly(0);
    assertThat(op.exitStatus()).hasValue(0);
    assertThat(op.awaitTermination(Duration.ZERO)).isTrue();

    touch("a");
    sleep(200);
    assertThat(runs).as("nothing starts after shutdown").hasValue(1);
    assertThatThrownBy(() -> get(op, "/healthz")).as("health server closed");
  }

  @Test
  void shutdownOnATriggerIsGraceful() throws Exception {
    CompletableFuture<Void> trigger = new CompletableFuture<>();
    RunningOperator op =
        start(
            operator(List.of(definition("triggered", (cm, ctx) -> Result.done()).build()))
                .shutdownOn(trigger));
    assertThat(op.awaitTermination(Duration.ofMillis(100))).isFalse();
    trigger.complete(null);
    assertThat(op.awaitTermination(Duration.ofSeconds(20))).isTrue();
    assertThat(exits).containsExactly(0);
  }

  @Test
  void losingTheLeaseStopsReconcilesCancelsInFlightAndExitsNonZero() throws Exception {
    createConfigMap("a");
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean sawCancelled = new AtomicBoolean();
    AtomicInteger runs = new AtomicInteger();
    FakeLeadership leadership = new FakeLeadership(true, timeline);
    RunningOperator op =
        start(
            operator(
                    List.of(
                        definition(
                                "exiting",
                                (cm, ctx) -> {
                                  if (runs.incrementAndGet() == 1) {
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
                            .leaderElection(lease("exiting-lease", OnLeadershipLoss.EXIT))
                            .build()))
                .leadershipFactory((c, namespace, id, spec) -> leadership));
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

    long t0 = System.nanoTime();
    leadership.lose();
    assertThat(op.awaitTermination(Duration.ofSeconds(20))).isTrue();
    System.out.printf(
        "lost Lease to exit: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    assertThat(sawCancelled).as("the in-flight reconcile was cancelled").isTrue();
    assertThat(exits).containsExactly(Operator.FAILURE_STATUS);
    touch("a");
    sleep(200);
    assertThat(runs).hasValue(1);
  }

  @Test
  void withRejoinALostLeaseStopsReconcilesUntilLeadingAgain() {
    createConfigMap("a");
    AtomicInteger runs = new AtomicInteger();
    FakeLeadership leadership = new FakeLeadership(true, timeline);
    RunningOperator op =
        start(
            operator(
                    List.of(
                        definition(
                                "rejoining",
                                (cm, ctx) -> {
                                  runs.incrementAndGet();
                                  return Result.done();
                                })
                            .leaderElection(lease("rejoin-lease", OnLeadershipLoss.REJOIN))
                            .build()))
                .leadershipFactory((c, namespace, id, spec) -> leadership));
    until("reconciled while leading", () -> runs.get() == 1);
    leadership.lose();
    touch("a");
    sleep(300);
    assertThat(runs).as("no reconcile while standing by").hasValue(1);
    assertThat(exits).isEmpty();
    assertThat(op.isReady()).as("a standby stays ready").isTrue();

    leadership.lead();
    until("the queued change reconciled after leading again", () -> runs.get() == 2);
  }

  @Test
  void aSecondSignalHaltsAtOnce() throws Exception {
    createConfigMap("a");
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    RunningOperator op =
        start(
            operator(
                List.of(
                    definition(
                            "signalled",
                            (cm, ctx) -> {
                              started.countDown();
                              finish.await(20, TimeUnit.SECONDS);
                              return Result.done();
                            })
                        .build())));
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
    op.onSignal("SIGTERM");
    sleep(100);
    assertThat(op.exitStatus()).as("still draining").isEmpty();
    op.onSignal("SIGTERM");
    assertThat(halts).containsExactly(Operator.HALT_STATUS);
    finish.countDown();
    assertThat(op.awaitTermination(Duration.ofSeconds(20))).isTrue();
  }

  @Test
  void unelectedControllersGetAlwaysLeadershipAndTheRealClient() {
    AtomicInteger factoryCalls = new AtomicInteger();
    AtomicInteger clientCalls = new AtomicInteger();
    AtomicBoolean sameClient = new AtomicBoolean();
    createConfigMap("a");
    CountDownLatch done = new CountDownLatch(1);
    start(
        operator(
                List.of(
                    definition(
                            "plain",
                            (cm, ctx) -> {
                              sameClient.set(ctx.client() == client);
                              done.countDown();
                              return Result.done();
                            })
                        .build()))
            .leadershipFactory(
                (c, namespace, id, spec) -> {
                  factoryCalls.incrementAndGet();
                  return new FakeLeadership(true, timeline);
                })
            .reconcileClientFactory(
                (base, l, lease) -> {
                  clientCalls.incrementAndGet();
                  return base;
                }));
    until("reconciled", () -> done.getCount() == 0);
    assertThat(factoryCalls).hasValue(0);
    assertThat(clientCalls).hasValue(0);
    assertThat(sameClient).isTrue();
  }

  @Test
  void electedControllersGetTheirLeaseAndTheFencedClient() {
    List<String> leases = new CopyOnWriteArrayList<>();
    AtomicInteger clientCalls = new AtomicInteger();
    start(
        operator(
                List.of(
                    definition("elected", (cm, ctx) -> Result.done())
                        .leaderElection(lease("elected-lease", OnLeadershipLoss.EXIT))
                        .build()))
            .leadershipFactory(
                (c, namespace, id, spec) -> {
                  leases.add(namespace + "/" + spec.leaseName() + " as " + id);
                  return new FakeLeadership(true, timeline);
                })
            .reconcileClientFactory(
                (base, l, lease) -> {
                  clientCalls.incrementAndGet();
                  return base;
                }));
    assertThat(leases).containsExactly("kopgen-system/elected-lease as test-instance");
    assertThat(clientCalls).hasValue(1);
  }

  @Test
  void anUnknownShardIsRefusedWithTheValidNames() {
    ControllerDefinition<ConfigMap> sharded =
        definition("sharded", (cm, ctx) -> Result.done())
            .shard(new ShardSpec("blue", List.of("team-b"), ""))
            .shard(new ShardSpec("amber", List.of("team-a"), ""))
            .build();
    assertThatThrownBy(() -> operator(List.of(sharded)).shard("sharded/green").start())
        .isInstanceOf(OperatorConfigurationException.class)
        .hasMessage(
            "KOPGEN_SHARD='sharded/green': controller 'sharded' has no shard 'green':"
                + " use one of [sharded/amber, sharded/blue]");
  }

  @Test
  void aTakenHealthPortIsReportedByNumber() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      assertThatThrownBy(
              () ->
                  operator(List.of(definition("porty", (cm, ctx) -> Result.done()).build()))
                      .healthPort(taken.getLocalPort())
                      .start())
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("port " + taken.getLocalPort())
          .hasMessageContaining("KOPGEN_HEALTH_PORT");
    }
  }

  @Test
  void theHealthPortIsCheckedByThePodContractsRuleWithZeroForAnyFreePort() {
    assertThatThrownBy(() -> Operator.builder().healthPort(70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("healthPort: port 70000 is not between 1 and 65535 (or 0 for any free one)");
    assertThatThrownBy(() -> Operator.builder().healthPort(-1))
        .hasMessageContaining("port -1 is not between 1 and 65535");
    Operator.builder().healthPort(0).healthPort(8080).healthPort(65535); // accepted
  }
}
