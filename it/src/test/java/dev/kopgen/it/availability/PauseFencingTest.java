package dev.kopgen.it.availability;

import static dev.kopgen.it.availability.Relay.figure;
import static dev.kopgen.it.availability.Relay.now;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.AuditEvent;
import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.availability.Relay.Reconcile;
import dev.kopgen.it.process.OperatorProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stop-the-world pause longer than the Lease: the leader is frozen with SIGSTOP (a long GC, a
 * frozen VM, a throttled container), the standby takes over, then the leader resumes. The resumed
 * instance must not write anything: the API server's audit log is the witness.
 */
@ExtendWith(PrintLogsOnFailure.class)
class PauseFencingTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  @Test
  void leaderResumingAfterAPauseLongerThanTheLeaseWritesNothing() throws Exception {
    try (Relay relay = Relay.deploy(api)) {
      relay.putSource("alpha", "0");
      relay.putSource("beta", "0");
      // Reconcile every 200 ms whether or not anything changes: the leader writes all the time,
      // so a stale leader that reconciled after resuming would show up in the audit log. Each
      // reconcile sleeps 300 ms before writing, so the pause can catch one in flight: on resuming
      // it goes straight on to its write.
      Map<String, String> env = Map.of("RELAY_REQUEUE_MS", "200", "RELAY_SLEEP_MS", "300");
      OperatorProcess a = relay.start("pause-a", env);
      OperatorProcess b = relay.start("pause-b", env);
      String leaderName = relay.awaitHolder(h -> !h.isEmpty(), START_TIMEOUT);
      OperatorProcess leader = relay.process(leaderName);
      OperatorProcess standby = leader == a ? b : a;
      relay.awaitRelayed("alpha", "0", leaderName, START_TIMEOUT);
      standby.awaitReady(START_TIMEOUT);

      // The sources keep changing before, during and after the pause.
      AtomicBoolean mutating = new AtomicBoolean(true);
      AtomicInteger version = new AtomicInteger();
      Thread mutator =
          new Thread(
              () -> {
                while (mutating.get()) {
                  int v = version.incrementAndGet();
                  relay.putSource(v % 2 == 0 ? "alpha" : "beta", Integer.toString(v));
                  Relay.sleep(250);
                }
              },
              "pause-mutator");
      mutator.start();
      try {
        Relay.sleep(1000);
        awaitInFlight(leader);
        long paused = now();
        leader.pause();
        long stopped = now(); // kill(1) has returned: the process is frozen by now
        long inFlightAtPause = Relay.reconciles(leader).stream().filter(r -> r.end() < 0).count();
        String newHolder = relay.awaitHolder(standby.podName()::equals, Duration.ofSeconds(30));
        long takenOver = now();
        // Frozen for well over a lease duration, the standby writing meanwhile.
        long pauseFor = relay.timing().leaseDuration().toMillis() + 2000;
        Relay.sleep(Math.max(0, paused + pauseFor - now()));
        Reconcile standbyWrote =
            Relay.awaitReconcile(
                standby, r -> r.end() > 0 && r.start() > paused, Duration.ofSeconds(10));

        long resumed = now();
        leader.resume();
        int status = leader.awaitExit(Duration.ofSeconds(30));
        long exited = leader.exitedAtMillis().orElseThrow();
        // The new leader goes on converging after the old one is gone.
        Relay.sleep(1000);
        mutating.set(false);
        mutator.join();
        // Both sources end up relayed by the new leader with their last value, whatever the
        // old one sent late.
        int last = version.get();
        relay.awaitRelayed(
            last % 2 == 0 ? "alpha" : "beta",
            Integer.toString(last),
            standby.podName(),
            Duration.ofSeconds(30));
        relay.awaitRelayed(
            last % 2 == 0 ? "beta" : "alpha",
            Integer.toString(last - 1),
            standby.podName(),
            Duration.ofSeconds(30));

        List<AuditEvent> byLeader =
            api.server().auditedWrites().stream()
                .filter(e -> e.userAgent().startsWith("kopgen/" + leaderName + " "))
                .toList();
        List<AuditEvent> before =
            byLeader.stream()
                .filter(e -> e.received().isBefore(Instant.ofEpochMilli(paused)))
                .toList();
        List<AuditEvent> after =
            byLeader.stream()
                .filter(e -> !e.received().isBefore(Instant.ofEpochMilli(resumed)))
                .toList();
        List<AuditEvent> objectWritesAfter =
            after.stream().filter(e -> !"leases".equals(e.resource())).toList();
        List<AuditEvent> acceptedLeaseWritesAfter =
            after.stream()
                .filter(e -> "leases".equals(e.resource()))
                .filter(e -> e.code() != 409)
                .toList();

        // A write that had passed the fence but was not on the wire yet when the process froze
        // leaves when it thaws: no client-side check can close that window (see
        // docs/availability.md). Such writes are told apart and counted; any other write after
        // SIGCONT is a failure of the fence.
        // Only each object's last write call before the freeze can have been on its way.
        Map<String, Relay.Write> lastCalls = new java.util.TreeMap<>();
        for (Relay.Write w : Relay.writes(leader)) {
          if (w.at() <= stopped) {
            lastCalls.put(w.object(), w);
          }
        }
        List<Relay.Write> inFlight = new ArrayList<>();
        for (Relay.Write w : lastCalls.values()) {
          boolean landedBeforePause =
              byLeader.stream()
                  .anyMatch(
                      e ->
                          (w.object() + "-relay").equals(e.name())
                              && !e.received().isBefore(Instant.ofEpochMilli(w.at()))
                              && e.received().isBefore(Instant.ofEpochMilli(resumed)));
          if (!landedBeforePause) {
            inFlight.add(w);
          }
        }
        List<Relay.Write> unmatched = new ArrayList<>(inFlight);
        List<AuditEvent> leaked = new ArrayList<>();
        List<AuditEvent> unexplained = new ArrayList<>();
        for (AuditEvent e : objectWritesAfter) {
          Relay.Write match =
              unmatched.stream()
                  .filter(w -> (w.object() + "-relay").equals(e.name()))
                  .findFirst()
                  .orElse(null);
          if (match != null && "secrets".equals(e.resource())) {
            unmatched.remove(match);
            leaked.add(e);
          } else {
            unexplained.add(e);
          }
        }

        figure(
            "pause: SIGSTOP -> standby holds the Lease "
                + (takenOver - paused)
                + " ms (polled); standby's first write-through reconcile "
                + (standbyWrote.start() - paused)
                + " ms after SIGSTOP; frozen for "
                + (resumed - paused)
                + " ms");
        List<String> afterResume = leader.logLines();
        long fenced =
            afterResume.stream().filter(l -> l.contains("kopgen fenced this write")).count();
        long cancelled = afterResume.stream().filter(l -> l.contains("cancelled after")).count();
        figure(
            "pause: "
                + inFlightAtPause
                + " reconcile(s) of the leader in flight at SIGSTOP, "
                + inFlight.size()
                + " of them inside their Secret write (called "
                + inFlight.stream().map(w -> (stopped - w.at()) + " ms").toList()
                + " before the freeze, not received before SIGCONT); after SIGCONT: "
                + fenced
                + " write(s) refused by the fence, "
                + cancelled
                + " reconcile(s) cancelled, "
                + leaked.size()
                + " write(s) already past the fence delivered late");
        figure(
            "pause: after SIGCONT the old leader exited with status "
                + status
                + " in "
                + (exited - resumed)
                + " ms; its writes before the pause: "
                + before.size()
                + ", after SIGCONT: "
                + after.size()
                + " ("
                + describe(after)
                + "); it logged: "
                + leader.logLines().stream()
                    .filter(l -> l.contains("lost Lease"))
                    .findFirst()
                    .orElse("(no 'lost Lease' line)"));
        assertThat(newHolder).isEqualTo(standby.podName());
        assertThat(before.stream().filter(e -> "secrets".equals(e.resource())).count())
            .as("the leader's own writes are in the audit log before the pause (filter works)")
            .isPositive();
        assertThat(unexplained)
            .as(
                "writes to the operator's objects by the resumed instance, other than a write"
                    + " already past the fence when it froze")
            .isEmpty();
        assertThat(acceptedLeaseWritesAfter)
            .as("Lease writes by the resumed instance that the server accepted")
            .isEmpty();
        assertThat(status)
            .as("onLoss = EXIT: the resumed instance exits with status 1 (documented)")
            .isEqualTo(1);
        assertThat(leader.logText()).contains("lost Lease");
        assertThat(relay.holder()).isEqualTo(standby.podName());
      } finally {
        mutating.set(false);
        mutator.join();
      }
    }
  }

  /** Waits until {@code p} is in the middle of a reconcile (started, not yet written). */
  private static void awaitInFlight(OperatorProcess p) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      List<Reconcile> all = Relay.reconciles(p);
      if (!all.isEmpty() && all.get(all.size() - 1).end() < 0) {
        return;
      }
      Relay.sleep(10);
    }
    throw new AssertionError(p.podName() + " had no reconcile in flight; log:\n" + p.logText());
  }

  private static String describe(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return "none";
    }
    return events.stream()
        .map(e -> e.verb() + " " + e.resource() + "/" + e.name() + " -> " + e.code())
        .collect(Collectors.groupingBy(s -> s, java.util.TreeMap::new, Collectors.counting()))
        .entrySet()
        .stream()
        .map(en -> en.getValue() + "× " + en.getKey())
        .collect(Collectors.joining(", "));
  }
}
