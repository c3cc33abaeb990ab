package dev.kopgen.it.availability;

import static dev.kopgen.it.availability.Relay.figure;
import static dev.kopgen.it.availability.Relay.now;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.availability.Relay.Reconcile;
import dev.kopgen.it.process.OperatorProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM while reconciles are running: the operator starts none after the signal, lets the running
 * ones finish (their writes land), releases the Lease and exits 0; a second signal during that
 * drain exits at once.
 */
@ExtendWith(PrintLogsOnFailure.class)
class ShutdownDrainTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  /** Each reconcile sleeps this long before it writes. */
  private static final long RECONCILE_MS = 3000;

  /** The relay's maxConcurrentReconciles. */
  private static final int WORKERS = 4;

  private static final int QUEUED = 20;

  /** Creates 24 sources, starts one instance and waits until 4 reconciles are in flight. */
  private static List<Reconcile> fourInFlight(Relay relay, OperatorProcess[] started, String pod) {
    for (int i = 0; i < WORKERS + QUEUED; i++) {
      relay.putSource(String.format("obj-%02d", i), "v" + i);
    }
    OperatorProcess p = relay.start(pod, Map.of("RELAY_SLEEP_MS", Long.toString(RECONCILE_MS)));
    started[0] = p;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<Reconcile> running = List.of();
    while (System.nanoTime() < deadline && p.isAlive()) {
      running = Relay.reconciles(p);
      if (running.size() >= WORKERS) {
        return running;
      }
      Relay.sleep(10);
    }
    throw new AssertionError(
        pod
            + ": "
            + running.size()
            + " reconciles in flight, wanted "
            + WORKERS
            + "; log:\n"
            + p.logText());
  }

  @Test
  void sigtermDrainsInFlightReconcilesStartsNoneAndReleasesTheLease() {
    try (Relay relay = Relay.deploy(api)) {
      OperatorProcess[] started = new OperatorProcess[1];
      List<Reconcile> inFlight = fourInFlight(relay, started, "drain-a");
      OperatorProcess p = started[0];

      long signal = now();
      p.terminate();
      int status = p.awaitExit(Duration.ofSeconds(60));
      long exited = p.exitedAtMillis().orElseThrow();

      List<Reconcile> all = Relay.reconciles(p);
      long startedAfter = all.stream().filter(r -> r.start() > signal).count();
      long lastStart = inFlight.stream().mapToLong(Reconcile::start).max().orElseThrow();
      long lastEnd = all.stream().mapToLong(Reconcile::end).max().orElseThrow();
      // The shutdown row: from the end of the last in-flight reconcile (the relay's own
      // epoch-ms stamp, written once its writes have landed) to the exit the parent saw.
      figure(
          "shutdown: exit "
              + (exited - lastEnd)
              + " ms after the last in-flight reconcile"
              + " ended (target <= 100 ms)");
      figure(
          "drain: "
              + inFlight.size()
              + " in flight, "
              + QUEUED
              + " queued; SIGTERM "
              + (signal - lastStart)
              + " ms after the last start; exit "
              + (exited - signal)
              + " ms after SIGTERM (reconciles take "
              + RECONCILE_MS
              + " ms); reconciles started"
              + " after SIGTERM: "
              + startedAfter
              + "; finished: "
              + all.stream().filter(r -> r.end() > 0).count()
              + "/"
              + all.size());

      assertThat(status).as("graceful shutdown exits 0").isZero();
      assertThat(inFlight)
          .as("in flight at the signal, none finished yet")
          .allMatch(r -> r.end() < 0 && r.start() <= signal); // same millisecond counts
      assertThat(startedAfter).as("reconciles started after SIGTERM").isZero();
      assertThat(all)
          .as("every reconcile that started (and only those) ran to its end")
          .hasSize(WORKERS)
          .allMatch(r -> r.end() > 0, "finished");
      for (Reconcile r : all) {
        assertThat(relay.relayed(r.object()))
            .as("the write of in-flight reconcile " + r.object() + " landed")
            .hasValueSatisfying(
                d ->
                    assertThat(d)
                        .containsEntry("value", r.value())
                        .containsEntry("writer", p.podName()));
      }
      assertThat(relay.holder()).as("Lease holder after the shutdown").isEmpty();
      assertThat(exited - signal)
          .as("the drain waited for the in-flight reconciles, no longer than their budget")
          .isLessThan(30_000);
      assertThat(exited)
          .as("the exit came after the last in-flight reconcile ended, not before")
          .isGreaterThanOrEqualTo(lastEnd);
    }
  }

  @Test
  void secondSignalDuringTheDrainExitsAtOnce() {
    try (Relay relay = Relay.deploy(api)) {
      OperatorProcess[] started = new OperatorProcess[1];
      List<Reconcile> inFlight = fourInFlight(relay, started, "halt-a");
      OperatorProcess p = started[0];

      long first = now();
      p.terminate();
      p.awaitLogLine(l -> l.contains("SIGTERM received"), Duration.ofSeconds(20));
      long second = now();
      // SIGTERM again, not SIGINT: a build started in the background (nohup mvn ... &) starts
      // every child with SIGINT ignored, and the JVM never delivers an ignored signal (Signals).
      p.signal("TERM");
      int status = p.awaitExit(Duration.ofSeconds(20));
      long exited = p.exitedAtMillis().orElseThrow();
      long drainWouldEnd =
          inFlight.stream().mapToLong(Reconcile::start).min().orElseThrow() + RECONCILE_MS;

      figure(
          "second signal: SIGTERM, then SIGTERM again "
              + (second - first)
              + " ms later; exit "
              + (exited - second)
              + " ms after it with status "
              + status
              + ", "
              + (drainWouldEnd - exited)
              + " ms before the first in-flight reconcile would have"
              + " finished");
      assertThat(status).as("a second signal exits with 130 (documented)").isEqualTo(130);
      assertThat(exited)
          .as("exited before the drain could have finished")
          .isLessThan(drainWouldEnd);
      assertThat(exited - second).as("second signal -> exit").isLessThan(2000);
      assertThat(Relay.reconciles(p)).as("no reconcile ran to its end").noneMatch(r -> r.end() > 0);
    }
  }
}
