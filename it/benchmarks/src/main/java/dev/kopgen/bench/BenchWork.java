package dev.kopgen.bench;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one reconcile every benchmarked operator runs, so that only the framework around it differs:
 * optionally sleep ({@code BENCH_SLEEP_MS}), then server-side apply one child ConfigMap and the
 * status. {@code BENCH_MODE=noop} skips the writes (startup and memory benchmarks). {@code
 * BENCH_ONLY=<name>} makes the reconcile of every other object return at once without a line (two
 * frameworks side by side in one namespace, each working on its own object).
 *
 * <p>Prints one line at the start and one at the end of every reconcile, {@code B start <name>
 * <spec.value> <epoch µs>} and {@code B end ...}, and {@code B all <epoch µs>} once {@code
 * BENCH_EXPECT} distinct objects have finished a reconcile: the harness reads these lines from the
 * process's output. Printing is the only measurement inside the operator; everything else is
 * observed from outside.
 */
public final class BenchWork {

  /** The namespace every benchmark runs in (each framework watches only it). */
  public static final String NAMESPACE = "kopgen-bench";

  /** Label on every child, so the harness can delete them between scenarios. */
  public static final String CHILD_LABEL = "bench.kopgen.dev/child";

  /**
   * Label of the objects of the metadata-only memory row: {@code primary} on its one Bench, {@code
   * cached} on the ConfigMaps the operators cache.
   */
  public static final String CACHE_LABEL = "bench.kopgen.dev/cache";

  private static final String FIELD_MANAGER = "bench";
  private static final long SLEEP_MS = longEnv("BENCH_SLEEP_MS", 0);
  private static final boolean NOOP = "noop".equals(System.getenv("BENCH_MODE"));
  private static final long EXPECT = longEnv("BENCH_EXPECT", Long.MAX_VALUE);
  private static final String RUN = System.getenv().getOrDefault("BENCH_RUN", "run");
  private static final String ONLY = System.getenv("BENCH_ONLY");
  private static final PatchContext STATUS_APPLY =
      new PatchContext.Builder()
          .withPatchType(PatchType.SERVER_SIDE_APPLY)
          .withFieldManager(FIELD_MANAGER)
          .withForce(true)
          .build();
  private static final Set<String> FINISHED = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean ALL = new AtomicBoolean();

  private BenchWork() {}

  /** Reconciles one object; {@code client} is whatever the framework hands its reconcilers. */
  public static void reconcile(KubernetesClient client, Bench bench) {
    String name = bench.getMetadata().getName();
    if (ONLY != null && !ONLY.equals(name)) {
      return;
    }
    int value = bench.getSpec() == null ? 0 : bench.getSpec().getValue();
    print("start", name, value);
    if (SLEEP_MS > 0) {
      try {
        Thread.sleep(SLEEP_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        print("interrupted", name, value);
        return;
      }
    }
    if (!NOOP) {
      ConfigMap child =
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName(name + "-child")
              .withNamespace(bench.getMetadata().getNamespace())
              .addToLabels(CHILD_LABEL, "true")
              .addNewOwnerReference()
              .withApiVersion(Bench.GROUP + "/" + Bench.VERSION)
              .withKind("Bench")
              .withName(name)
              .withUid(bench.getMetadata().getUid())
              .withController(true)
              .endOwnerReference()
              .endMetadata()
              .withData(Map.of("value", Integer.toString(value), "run", RUN))
              .build();
      client.resource(child).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();

      Bench status = new Bench();
      status.getMetadata().setName(name);
      status.getMetadata().setNamespace(bench.getMetadata().getNamespace());
      Bench.Status s = new Bench.Status();
      s.setObservedValue(value);
      s.setRun(RUN);
      status.setStatus(s);
      client.resource(status).subresource("status").patch(STATUS_APPLY);
    }
    print("end", name, value);
    if (FINISHED.add(name) && FINISHED.size() >= EXPECT && ALL.compareAndSet(false, true)) {
      System.out.println("B all " + nowMicros());
    }
  }

  /**
   * Prints {@code B seen <name> <spec.value> <epoch µs>}: the moment an informer's event handler
   * got the object, before any framework (the bare fabric8 informer's watch-delivery floor).
   */
  public static void seen(Bench bench) {
    print(
        "seen",
        bench.getMetadata().getName(),
        bench.getSpec() == null ? 0 : bench.getSpec().getValue());
  }

  /** Microseconds since the epoch, the clock the harness compares with. */
  public static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  private static void print(String what, String name, int value) {
    System.out.println("B " + what + " " + name + " " + value + " " + nowMicros());
  }

  private static long longEnv(String name, long fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : Long.parseLong(v.trim());
  }
}
