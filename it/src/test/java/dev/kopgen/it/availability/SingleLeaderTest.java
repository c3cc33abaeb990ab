package dev.kopgen.it.availability;

import static dev.kopgen.it.availability.Relay.figure;
import static dev.kopgen.it.availability.Relay.now;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.AuditEvent;
import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.availability.Relay.Reconcile;
import dev.kopgen.it.process.OperatorProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Never two leaders reconciling at once: three instances, the current leader repeatedly killed
 * (SIGKILL) or stopped (SIGTERM) and replaced by a fresh instance, while the sources keep changing.
 * Every reconcile whose writes landed leaves a record on the server (writer, start, end, written
 * through the fenced client); no two records of different writers may overlap, and every source's
 * final value must be reconciled.
 */
@ExtendWith(PrintLogsOnFailure.class)
class SingleLeaderTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  private static final int INSTANCES = 3;
  private static final int SOURCES = 6;
  private static final Duration CHAOS = Duration.ofSeconds(36);

  @Test
  void noTwoInstancesReconcileAtOnceAcrossRepeatedLeaderKills() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    try (Relay relay = Relay.deploy(api)) {
      Map<String, String> env = Map.of("RELAY_RECORDS", "true", "RELAY_SLEEP_MS", "100");
      Map<String, Integer> finalValues = new TreeMap<>();
      for (int i = 0; i < SOURCES; i++) {
        relay.putSource("src-" + i, "0");
        finalValues.put("src-" + i, 0);
      }
      AtomicInteger nextPod = new AtomicInteger();
      List<OperatorProcess> live = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        live.add(relay.start("chaos-" + nextPod.getAndIncrement(), env));
      }
      relay.awaitHolder(h -> !h.isEmpty(), Duration.ofSeconds(60));

      AtomicBoolean mutating = new AtomicBoolean(true);
      AtomicInteger updates = new AtomicInteger();
      Thread mutator =
          new Thread(
              () -> {
                Random r = new Random(seed + 1);
                while (mutating.get()) {
                  String name = "src-" + r.nextInt(SOURCES);
                  int v = updates.incrementAndGet();
                  relay.putSource(name, Integer.toString(v));
                  synchronized (finalValues) {
                    finalValues.put(name, v);
                  }
                  Relay.sleep(150);
                }
              },
              "chaos-mutator");
      mutator.start();

      int kills = 0;
      int terms = 0;
      int selfExits = 0;
      try {
        long end = now() + CHAOS.toMillis();
        while (now() < end) {
          Relay.sleep(1500 + random.nextInt(2500));
          String holder = relay.holder();
          // Whoever exited by itself (e.g. a lost Lease under a loaded machine) is replaced too.
          for (OperatorProcess p : List.copyOf(live)) {
            if (!p.isAlive()) {
              selfExits++;
              live.remove(p);
              live.add(relay.start("chaos-" + nextPod.getAndIncrement(), env));
            }
          }
          OperatorProcess leader =
              live.stream().filter(p -> p.podName().equals(holder)).findFirst().orElse(null);
          if (leader == null) {
            continue; // between leaders: let the election settle
          }
          if (random.nextBoolean()) {
            leader.kill();
            kills++;
          } else {
            leader.terminate();
            terms++;
          }
          leader.awaitExit(Duration.ofSeconds(60));
          live.remove(leader);
          live.add(relay.start("chaos-" + nextPod.getAndIncrement(), env));
        }
      } finally {
        mutating.set(false);
        mutator.join();
      }

      // Every source's final value gets reconciled by whoever leads now.
      for (Map.Entry<String, Integer> e : finalValues.entrySet()) {
        relay.awaitRelayed(
            e.getKey(), Integer.toString(e.getValue()), null, Duration.ofSeconds(60));
      }
      for (OperatorProcess p : live) {
        p.terminate();
      }
      for (OperatorProcess p : live) {
        p.awaitExit(Duration.ofSeconds(60));
      }

      List<Reconcile> records = relay.records();
      records.sort(Comparator.comparingLong(Reconcile::start));
      List<String> overlaps = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        Reconcile a = records.get(i);
        for (int j = i + 1; j < records.size() && records.get(j).start() < a.end(); j++) {
          Reconcile b = records.get(j);
          if (!a.writer().equals(b.writer())) {
            overlaps.add(a + " overlaps " + b);
          }
        }
      }
      Map<String, Integer> perWriter = new LinkedHashMap<>();
      int writerChanges = 0;
      String previous = null;
      for (Reconcile r : records) {
        perWriter.merge(r.writer(), 1, Integer::sum);
        if (previous != null && !previous.equals(r.writer())) {
          writerChanges++;
        }
        previous = r.writer();
      }
      // How close the hand-overs came: a reconcile's start minus the latest end of any other
      // writer's earlier reconciles.
      long smallestGap = Long.MAX_VALUE;
      Map<String, Long> latestEnd = new LinkedHashMap<>();
      for (Reconcile r : records) {
        for (Map.Entry<String, Long> w : latestEnd.entrySet()) {
          if (!w.getKey().equals(r.writer())) {
            smallestGap = Math.min(smallestGap, r.start() - w.getValue());
          }
        }
        latestEnd.merge(r.writer(), r.end(), Math::max);
      }
      // The server's own witness, independent of what the instances report: the writes to the
      // operator's objects, in the order the API server received them, come in one unbroken run
      // per instance (each instance leads at most once: onLoss = EXIT).
      List<String> runs = new ArrayList<>();
      List<String> interleaved = new ArrayList<>();
      for (AuditEvent e : api.server().auditedWrites()) {
        if (!relay.namespace().equals(e.namespace())
            || "leases".equals(e.resource())
            || e.code() >= 400
            || !e.userAgent().startsWith("kopgen/")) {
          continue;
        }
        String writer = e.userAgent().substring("kopgen/".length()).split(" ", 2)[0];
        if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(writer)) {
          if (runs.contains(writer)) {
            interleaved.add(writer + " wrote again at " + e.received() + " after " + runs);
          }
          runs.add(writer);
        }
      }
      Integer transitions = relay.lease().getSpec().getLeaseTransitions();
      figure(
          "single leader: "
              + CHAOS.toSeconds()
              + " s, seed "
              + seed
              + ", "
              + kills
              + " SIGKILL + "
              + terms
              + " SIGTERM of the leader, "
              + selfExits
              + " self-exits, "
              + nextPod.get()
              + " instances in all; "
              + updates.get()
              + " source updates; "
              + records.size()
              + " reconciles recorded, "
              + writerChanges
              + " writer changes, Lease"
              + " leaseTransitions "
              + transitions
              + "; smallest gap between different writers "
              + (smallestGap == Long.MAX_VALUE ? "n/a" : smallestGap + " ms")
              + "; per writer "
              + perWriter
              + "; audited write runs "
              + runs.size());

      assertThat(kills + terms).as("leader kills during the run").isGreaterThanOrEqualTo(4);
      assertThat(perWriter.size()).as("distinct writers").isGreaterThanOrEqualTo(4);
      assertThat(overlaps).as("reconciles of different instances overlapping in time").isEmpty();
      assertThat(interleaved)
          .as("audited writes of an instance after another had written")
          .isEmpty();
    }
  }
}
