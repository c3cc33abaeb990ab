package dev.kopgen.it.availability;

import static dev.kopgen.it.availability.Relay.figure;
import static dev.kopgen.it.availability.Relay.now;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.AuditEvent;
import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.process.OperatorProcess;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SIGSTOP drill against the server-side fence (issue M): the leader is frozen past its Lease
 * while it is sending writes, a standby takes over, the leader is resumed. Each instance runs as
 * its own pod's bound token and, besides its reconciles, keeps creating ConfigMaps through a client
 * of its own that kopgen's client-side fence does not guard ({@code RELAY_RAW_MS}): writes already
 * past every check in the process, exactly the window the client-side fence cannot close. The API
 * server's audit log is the witness: every write of a resumed instance received after the takeover
 * is refused with the policy's {@code fenced:} message, none accepted; the holder's own writes and
 * an admin's are never refused. Repeated for about a minute, each round with a fresh standby.
 */
@ExtendWith(PrintLogsOnFailure.class)
class ServerFenceDrillTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  /**
   * The issue asks for at least 20 rounds with writes in flight at the freeze; the drill stops
   * there, or at {@link #DRILL}. (Not every round has one: the resumed JVM may fence itself and
   * exit before its unfenced writer's next request.)
   */
  private static final int ROUNDS = 20;

  /** A cap for a loaded machine, where rounds take longer or are skipped. */
  private static final Duration DRILL = Duration.ofSeconds(200);

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** One round: who led and was frozen, who took over, and when. */
  private record Round(
      String frozen, String taker, long paused, long acquired, long resumed, int exitStatus) {}

  @Test
  void everyWriteOfAResumedLeaderAfterTheTakeoverIsRefusedByTheApiServer() throws Exception {
    try (Relay relay = Relay.deploy(api)) {
      String ns = relay.namespace();
      relay.putSource("alpha", "0");
      relay.putSource("beta", "0");
      Map<String, String> env =
          Map.of("RELAY_REQUEUE_MS", "200", "RELAY_SLEEP_MS", "100", "RELAY_RAW_MS", "50");
      AtomicInteger nextPod = new AtomicInteger();
      for (int i = 0; i < 3; i++) {
        relay.start("drill-" + nextPod.getAndIncrement(), env);
      }
      String first = relay.awaitHolder(h -> !h.isEmpty(), TIMEOUT);
      long firstAcquired = acquiredMillis(relay.lease());
      relay.awaitRelayed("alpha", "0", first, TIMEOUT);

      // An admin keeps writing the fenced resource (ConfigMaps) all along.
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
              "drill-mutator");
      mutator.start();
      List<Round> rounds = new ArrayList<>();
      Round handOver = null;
      int skipped = 0;
      long drillStart = now();
      try {
        int inFlightRounds = 0;
        while (inFlightRounds < ROUNDS && now() - drillStart < DRILL.toMillis()) {
          keepAlive(relay, 3, nextPod, env);
          String leaderName = relay.awaitHolder(h -> !h.isEmpty(), TIMEOUT);
          OperatorProcess leader = relay.process(leaderName);
          // A ready standby to take over, and the leader in the middle of its writes. On this
          // loaded machine a leader sometimes misses its renew deadline by itself and exits
          // (onLoss EXIT): such a round is skipped, and counted.
          if (!standbyReady(relay, leader) || !sendingRaw(relay, leader)) {
            skipped++;
            continue;
          }
          // Let the holder write for a while first (its writes from 1 s after it acquired the
          // Lease are counted below as never refused): on a quiet machine the next round could
          // otherwise freeze it within that first second, leaving nothing to count.
          Relay.sleep(Math.max(0, acquiredMillis(relay.lease()) + 2000 - now()));
          long paused = now();
          leader.pause();
          String taker = relay.awaitHolder(h -> !h.isEmpty() && !h.equals(leaderName), TIMEOUT);
          long acquired = acquiredMillis(relay.lease());
          Relay.sleep(200); // the new leader writes while the old one is still frozen
          long resumed = now();
          leader.resume();
          int status = leader.awaitExit(TIMEOUT);
          rounds.add(new Round(leaderName, taker, paused, acquired, resumed, status));
          // A round counts toward ROUNDS when the resumed instance's unfenced writer had a write
          // out after the takeover, as its own log shows (the audit log below is the witness).
          String raw = "RELAY RAW " + leaderName + " ";
          if (leader.logLines().stream()
              .anyMatch(l -> l.startsWith(raw) && l.contains(" code=403 "))) {
            inFlightRounds++;
          }
        }
        // Last, a graceful hand-over: SIGTERM drains the leader and releases the Lease.
        keepAlive(relay, 2, nextPod, env);
        String graceful = relay.awaitHolder(h -> !h.isEmpty(), TIMEOUT);
        OperatorProcess gracefulLeader = relay.process(graceful);
        relay.processes().stream()
            .filter(p -> p != gracefulLeader && p.isAlive())
            .findFirst()
            .orElseThrow()
            .awaitReady(TIMEOUT);
        long terminated = now();
        gracefulLeader.terminate();
        String successor = relay.awaitHolder(h -> !h.isEmpty() && !h.equals(graceful), TIMEOUT);
        handOver =
            new Round(
                graceful,
                successor,
                terminated,
                acquiredMillis(relay.lease()),
                terminated,
                gracefulLeader.awaitExit(TIMEOUT));
        Relay.sleep(1500); // the successor writes
      } finally {
        mutating.set(false);
        mutator.join();
      }
      long drillMillis = now() - drillStart;
      Relay.sleep(500); // the last writes reach the audit log
      List<AuditEvent> audit =
          api.server().auditedWrites().stream().filter(e -> ns.equals(e.namespace())).toList();

      // 1. Every write of a resumed instance after its takeover: refused by the fence.
      int refused = 0;
      int refusedRounds = 0;
      List<String> accepted = new ArrayList<>();
      List<String> refusedOtherwise = new ArrayList<>();
      List<String> unanswered = new ArrayList<>();
      for (Round r : rounds) {
        int inRound = 0;
        for (AuditEvent e : audit) {
          if (!r.frozen().equals(e.podName())
              || e.received().toEpochMilli() < r.acquired()
              || isElection(e)) {
            continue;
          }
          if (e.code() < 400) {
            accepted.add(describe(e));
          } else if (e.code() == 403
              && e.message() != null
              && e.message().contains("denied request: fenced: holder is ")) {
            inRound++;
          } else if (e.code() >= 500) {
            // No answer reached the client (e.g. "client disconnected": the instance fenced
            // itself and exited with this write in flight). The audit log cannot say whether it
            // was admitted; the store can, below.
            unanswered.add(describe(e));
          } else {
            refusedOtherwise.add(describe(e));
          }
        }
        refused += inRound;
        refusedRounds += inRound > 0 ? 1 : 0;
      }
      // Every raw ConfigMap a resumed instance's writer created must be one the audit log shows
      // admitted (all of them before its takeover, see `accepted`): one more in the store would
      // be an unanswered write the server admitted after all.
      List<String> storedBeyondAdmitted = new ArrayList<>();
      for (Round r : rounds) {
        String prefix = "raw-" + r.frozen() + "-";
        long stored =
            api.client().configMaps().inNamespace(ns).list().getItems().stream()
                .filter(cm -> cm.getMetadata().getName().startsWith(prefix))
                .count();
        long admitted =
            audit.stream()
                .filter(
                    e ->
                        r.frozen().equals(e.podName())
                            && "create".equals(e.verb())
                            && "configmaps".equals(e.resource())
                            && e.code() < 300)
                .count();
        if (stored > admitted) {
          storedBeyondAdmitted.add(
              r.frozen() + ": " + stored + " stored, " + admitted + " admitted");
        }
      }

      // 2. The holder's own writes while it held the Lease (from 1 s after it acquired it, for
      //    the policy's parameter cache, to its freeze): never refused.
      Map<String, long[]> tenure = new TreeMap<>();
      long acquiredAt = firstAcquired;
      String holding = first;
      for (Round r : rounds) {
        if (r.frozen().equals(holding)) {
          tenure.put(holding, new long[] {acquiredAt, r.paused()});
        }
        holding = r.taker();
        acquiredAt = r.acquired();
      }
      int holderAccepted = 0;
      List<String> holderRefused = new ArrayList<>();
      for (AuditEvent e : audit) {
        long[] t = e.podName() == null ? null : tenure.get(e.podName());
        long at = e.received().toEpochMilli();
        if (t == null || isElection(e) || at < t[0] + 1000 || at >= t[1]) {
          continue;
        }
        if (e.code() < 400) {
          holderAccepted++;
        } else {
          holderRefused.add(describe(e));
        }
      }

      // 2b. The graceful hand-over: no write of kopgen's own client (User-Agent kopgen/<pod>)
      //     refused, neither the draining leader's nor its successor's. (The unfenced raw writer
      //     of the old leader keeps going until the JVM exits; after the release its writes are
      //     refused, "holder is nobody", as they must be.)
      final Round h = handOver;
      List<String> handOverRefused =
          audit.stream()
              .filter(e -> h.frozen().equals(e.podName()) || h.taker().equals(e.podName()))
              .filter(e -> e.received().toEpochMilli() >= h.paused())
              .filter(e -> !isElection(e))
              .filter(e -> e.userAgent().startsWith("kopgen/"))
              .filter(e -> e.code() >= 400)
              .map(ServerFenceDrillTest::describe)
              .toList();
      long successorWrites =
          audit.stream()
              .filter(e -> h.taker().equals(e.podName()) && !isElection(e))
              .filter(e -> e.received().toEpochMilli() >= h.acquired())
              .count();

      // 3. The admin (the test's own client, not a ServiceAccount): never refused.
      List<AuditEvent> admin =
          audit.stream()
              .filter(e -> "configmaps".equals(e.resource()))
              .filter(e -> !e.actingUser().startsWith("system:serviceaccount:"))
              .toList();
      long adminRefused = admin.stream().filter(e -> e.code() == 403).count();

      figure(
          "server fence drill: "
              + rounds.size()
              + " SIGSTOP rounds in "
              + drillMillis
              + " ms (Lease "
              + relay.timing().leaseDuration().toMillis()
              + " ms, "
              + skipped
              + " round(s) skipped: the leader lost its Lease by itself); writes of the"
              + " resumed instance after the takeover: "
              + refused
              + " refused by the policy ("
              + refusedRounds
              + " of "
              + rounds.size()
              + " rounds had writes in flight), "
              + accepted.size()
              + " accepted; holder writes accepted "
              + holderAccepted
              + ", refused "
              + holderRefused.size()
              + "; admin ConfigMap writes "
              + admin.size()
              + ", refused "
              + adminRefused);
      figure(
          "server fence drill: freeze -> takeover "
              + rounds.stream().mapToLong(r -> r.acquired() - r.paused()).summaryStatistics()
              + " ms; exit statuses "
              + rounds.stream().map(Round::exitStatus).toList());

      // What the resumed instances said about it (the runtime's side, FenceRefusal).
      long serverFencedLogs = 0;
      long clientFencedLogs = 0;
      for (Round r : rounds) {
        for (String l : relay.process(r.frozen()).logLines()) {
          serverFencedLogs += l.contains("a write was fenced by the server") ? 1 : 0;
          clientFencedLogs += l.contains("a write was fenced by the client") ? 1 : 0;
        }
      }
      figure(
          "server fence drill: resumed instances logged "
              + serverFencedLogs
              + " reconcile(s) ended by the server's fence and "
              + clientFencedLogs
              + " by the client's (result=fenced, no onError, backoff)");
      figure(
          "server fence drill: graceful hand-over (SIGTERM) "
              + h.frozen()
              + " -> "
              + h.taker()
              + " in "
              + (h.acquired() - h.paused())
              + " ms, exit "
              + h.exitStatus()
              + "; successor's writes "
              + successorWrites
              + ", refused around the hand-over "
              + handOverRefused.size());
      assertThat(rounds).as("drill rounds").hasSizeGreaterThanOrEqualTo(3);
      assertThat(h.exitStatus()).as("graceful exit").isZero();
      assertThat(successorWrites).as("successor's writes after the hand-over").isPositive();
      assertThat(handOverRefused).as("writes refused around a graceful hand-over").isEmpty();
      assertThat(accepted)
          .as("writes of a resumed instance after the takeover that the server accepted")
          .isEmpty();
      assertThat(refusedOtherwise)
          .as("writes of a resumed instance refused, but not by the fence")
          .isEmpty();
      figure(
          "server fence drill: "
              + unanswered.size()
              + " write(s) of resumed instances got no"
              + " answer (in flight at their exit) "
              + unanswered);
      assertThat(storedBeyondAdmitted)
          .as("raw ConfigMaps of resumed instances in the store beyond the audited admissions")
          .isEmpty();
      assertThat(refused)
          .as("writes of a resumed instance refused by the fence (it was sending when frozen)")
          .isPositive();
      assertThat(holderRefused).as("writes of the holder refused").isEmpty();
      assertThat(holderAccepted).as("writes of the holder accepted").isPositive();
      assertThat(admin).as("admin ConfigMap writes").isNotEmpty();
      assertThat(adminRefused).as("admin writes refused").isZero();
    }
  }

  /** Starts instances until {@code n} run. */
  private static void keepAlive(
      Relay relay, int n, AtomicInteger nextPod, Map<String, String> env) {
    long alive = relay.processes().stream().filter(OperatorProcess::isAlive).count();
    for (long i = alive; i < n; i++) {
      relay.start("drill-" + nextPod.getAndIncrement(), env);
    }
  }

  /** Waits until an instance other than {@code leader} is ready; false if none becomes so. */
  private static boolean standbyReady(Relay relay, OperatorProcess leader) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (OperatorProcess p : relay.processes()) {
        if (p != leader && p.isAlive() && p.health("/readyz") == 200) {
          return true;
        }
      }
      Relay.sleep(50);
    }
    return false;
  }

  /**
   * Waits until {@code leader} prints a raw write sent from now on; false if it stops leading or
   * exits first.
   */
  private static boolean sendingRaw(Relay relay, OperatorProcess leader) {
    long since = now();
    String prefix = "RELAY RAW " + leader.podName() + " ";
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline
        && leader.isAlive()
        && leader.podName().equals(relay.holder())) {
      if (leader.logLines().stream().anyMatch(l -> l.startsWith(prefix) && atOf(l) > since)) {
        return true;
      }
      Relay.sleep(20);
    }
    return false;
  }

  /** The election's own writes (Leases) and events are outside the fence by design. */
  private static boolean isElection(AuditEvent e) {
    return "leases".equals(e.resource()) || "events".equals(e.resource());
  }

  private static long acquiredMillis(Lease lease) {
    ZonedDateTime t = lease.getSpec().getAcquireTime();
    return t.toInstant().toEpochMilli();
  }

  private static long atOf(String line) {
    int i = line.lastIndexOf(" at=");
    return i < 0 ? -1 : Long.parseLong(line.substring(i + 4).trim());
  }

  private static String describe(AuditEvent e) {
    return e.verb()
        + " "
        + e.resource()
        + "/"
        + e.name()
        + " by "
        + e.podName()
        + " at "
        + e.received()
        + " -> "
        + e.code()
        + (e.message() == null ? "" : " " + e.message());
  }
}
