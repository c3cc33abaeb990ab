package dev.kopgen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.annotations.UpdateFilter;
import dev.kopgen.bench.kopgen.BenchReconciler_KopgenController;
import dev.kopgen.it.TestApiServer;
import dev.kopgen.rules.LifecycleRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue J's count, in the default build: 1,000 spec updates to one object with a 50 ms reconcile
 * (benchmark 4's reconcile: sleep, then apply a child and the status), kopgen against the JOSDK
 * 5.3.2 operator of benchmark 4 in the same run. Both must reconcile the last update, and kopgen
 * must need no more reconciles than JOSDK (a bound on counts, not a timing, with a wide margin: see
 * the assertion).
 *
 * <p>"The same run" is taken literally: both operators run at the same time, each working on an
 * object of its own ({@code BENCH_ONLY}), and every update goes to both objects at the same moment
 * on a fixed pace (one every 10 ms). In a continuous stream of updates the count is about the
 * stream's length divided by one reconcile's cycle, so two runs one after the other would compare
 * the machine's load in two periods (a first version did: the same 1,000 updates took 17.9 s to
 * send in one and 14.2 s in the other). Both JVMs run as the benchmarks' do, in the generated pod
 * with each framework at its defaults ({@link JvmMode#DEFAULTS}). Runs beside the smoke round of
 * {@link BenchmarksTest}, whatever {@code kopgen.benchmarks.mode} is.
 */
class DedupAgainstJosdkTest {

  private static final int UPDATES = 1000;
  private static final long PACE_NANOS = Duration.ofMillis(10).toNanos();
  private static final Map<Framework, String> OBJECT =
      Map.of(Framework.KOPGEN, "dk-0", Framework.JOSDK, "dj-0");

  @Test
  void thousandSpecUpdatesAreFoldedAndTheLastIsObservedSideBySideWithJosdk() throws Exception {
    // What makes the difference must be in effect: the generated definition keeps kopgen's
    // default generation filter (JOSDK's controllers are generation-aware by default too).
    assertThat(BenchReconciler_KopgenController.definition().updateFilter())
        .isInstanceOf(UpdateFilter.GenerationChanged.class);
    // ... and kopgen's default rerun delay, which is what folds more than JOSDK does.
    assertThat(BenchReconciler_KopgenController.definition().rerunDelay())
        .isEqualTo(LifecycleRules.DEFAULT_RERUN_DELAY);

    TestApiServer server = TestApiServer.shared();
    Cluster cluster = new Cluster(server.adminClient());
    cluster.prepare();
    cluster.clean();
    cluster.create("dk", 1);
    cluster.create("dj", 1);
    int last = UPDATES + 1; // created with value 1, then 2 .. 1001

    Map<Framework, Jvm> jvms = new EnumMap<>(Framework.class);
    ExecutorService senders = Executors.newFixedThreadPool(8);
    try {
      for (Framework f : List.of(Framework.KOPGEN, Framework.JOSDK)) {
        Map<String, String> env = new HashMap<>();
        env.put("BENCH_RUN", "dedup-vs-josdk");
        env.put("BENCH_SLEEP_MS", "50");
        env.put("BENCH_ONLY", OBJECT.get(f));
        String pod = "dedup-" + f.name().toLowerCase(java.util.Locale.ROOT) + "-" + UPDATES;
        jvms.put(f, Jvm.start(f, JvmMode.DEFAULTS, pod, env));
      }
      for (Jvm jvm : jvms.values()) {
        jvm.await(e -> e.what().equals("end"), Duration.ofMinutes(2)); // the create's reconcile
      }
      Jvm.sleep(300);
      long from = BenchWork.nowMicros();
      long t0 = System.nanoTime();
      List<Future<?>> sent = new ArrayList<>();
      for (int v = 2; v < last; v++) {
        long due = t0 + (v - 2) * PACE_NANOS;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        for (String name : OBJECT.values()) {
          int value = v;
          sent.add(senders.submit(() -> cluster.setValue(name, value)));
        }
      }
      for (Future<?> s : sent) {
        s.get();
      }
      // The last update goes after every other has landed: it is the final state.
      for (String name : OBJECT.values()) {
        cluster.setValue(name, last);
      }
      double sendSeconds = (System.nanoTime() - t0) / 1e9;
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (!OBJECT.values().stream().allMatch(n -> cluster.observed().getOrDefault(n, -1) == last)
          && System.nanoTime() < deadline) {
        Jvm.sleep(100);
      }
      Map<String, Integer> observed = cluster.observed();
      Jvm.sleep(1000); // late reconciles (the child's event after the last write) count too

      Map<Framework, Integer> reconciles = new EnumMap<>(Framework.class);
      Map<Framework, Integer> lastValue = new EnumMap<>(Framework.class);
      for (Map.Entry<Framework, Jvm> e : jvms.entrySet()) {
        List<Jvm.Event> starts =
            e.getValue().events().stream()
                .filter(x -> x.what().equals("start") && x.micros() >= from)
                .toList();
        reconciles.put(e.getKey(), starts.size());
        lastValue.put(e.getKey(), starts.isEmpty() ? -1 : starts.get(starts.size() - 1).value());
        System.out.printf(
            "[figure] dedup vs JOSDK, same run: %s, %d spec updates to one object over %.1f s,"
                + " 50 ms reconcile: %d reconciles, last value reconciled %d, status shows %d%n",
            e.getKey().label,
            UPDATES,
            sendSeconds,
            starts.size(),
            lastValue.get(e.getKey()),
            observed.getOrDefault(OBJECT.get(e.getKey()), -1));
      }
      for (Framework f : jvms.keySet()) {
        assertThat(observed.get(OBJECT.get(f)))
            .as("%s: status.observedValue", f.label)
            .isEqualTo(last);
        assertThat(lastValue.get(f))
            .as("%s: the last reconcile saw the last update", f.label)
            .isEqualTo(last);
      }
      // In a continuous stream both frameworks fold every update that arrives during a run into
      // one more run, so each count is about the stream's length divided by one cycle. JOSDK's
      // cycle is the 50 ms reconcile plus its own time around it; kopgen's adds its rerun delay
      // (100 ms by default, LifecycleRules.DEFAULT_RERUN_DELAY), so it folds about three times
      // as much and the bound below holds by a factor of about two whatever the machine's load
      // (with rerunDelay = "0s" the two were level: 1.02-1.11 x JOSDK, moving with the load). The
      // count of updates bounds both from above: without folding, or with the operator's own
      // status writes reconciling again, it would be near or above 1,000.
      double ratio = reconciles.get(Framework.KOPGEN) / (double) reconciles.get(Framework.JOSDK);
      System.out.printf(
          "[figure] dedup vs JOSDK, same run: kopgen / JOSDK reconciles %.2f x%n", ratio);
      for (Framework f : jvms.keySet()) {
        assertThat(reconciles.get(f))
            .as("%s reconciles %s", f.label, reconciles)
            .isPositive()
            .isLessThan(UPDATES / 2);
      }
      assertThat(reconciles.get(Framework.KOPGEN))
          .as("kopgen reconciles no more often than JOSDK %s", reconciles)
          .isLessThanOrEqualTo(reconciles.get(Framework.JOSDK));
    } finally {
      senders.shutdownNow();
      jvms.values().forEach(Jvm::close);
      cluster.clean();
    }
  }
}
