package dev.kopgen.it.availability;

import static dev.kopgen.it.availability.Relay.figure;
import static dev.kopgen.it.availability.Relay.now;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.availability.Relay.Reconcile;
import dev.kopgen.it.process.OperatorProcess;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances of an elected operator, each its own JVM against the real API server: how fast the
 * standby takes over after the leader crashes (SIGKILL) or shuts down (SIGTERM), and that the
 * standby is Ready while it does not lead. Lease timing: leaseDuration 4s, renewDeadline 3s,
 * retryPeriod 500ms.
 */
@ExtendWith(PrintLogsOnFailure.class)
class FailoverTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** A leader that has reconciled {@code alpha=v1}, and a synced standby. */
  private record Pair(OperatorProcess leader, OperatorProcess standby) {}

  private static Pair startPair(Relay relay, String prefix) {
    relay.putSource("alpha", "v1");
    OperatorProcess a = relay.start(prefix + "-a", Map.of());
    OperatorProcess b = relay.start(prefix + "-b", Map.of());
    String holder = relay.awaitHolder(h -> !h.isEmpty(), START_TIMEOUT);
    OperatorProcess leader = relay.process(holder);
    OperatorProcess standby = leader == a ? b : a;
    relay.awaitRelayed("alpha", "v1", holder, START_TIMEOUT);
    // Failover is measured from a warm standby: informers listed, Lease watched.
    standby.awaitReady(START_TIMEOUT);
    return new Pair(leader, standby);
  }

  @Test
  void standbyReconcilesWithinOneLeaseDurationOfTheLeaderCrashing() {
    try (Relay relay = Relay.deploy(api)) {
      Pair pair = startPair(relay, "crash");
      long bound = relay.timing().crashTakeoverBound().plusSeconds(1).toMillis();

      long kill = now();
      pair.leader().kill();
      relay.putSource("alpha", "v2");

      Reconcile first =
          Relay.awaitReconcile(pair.standby(), r -> true, Duration.ofMillis(bound * 3));
      Reconcile change =
          Relay.awaitReconcile(
              pair.standby(), r -> r.value().equals("v2"), Duration.ofMillis(bound * 3));
      relay.awaitRelayed("alpha", "v2", pair.standby().podName(), Duration.ofSeconds(30));
      long landed = now() - kill;

      figure(
          "crash failover: SIGKILL -> standby's first reconcile "
              + (first.start() - kill)
              + " ms; -> reconcile of the new change "
              + (change.start() - kill)
              + " ms; -> its write visible to the test "
              + landed
              + " ms (bound "
              + bound
              + " ms)");
      assertThat(pair.leader().awaitExit(Duration.ofSeconds(10)))
          .as("a SIGKILLed JVM reports 128 + 9")
          .isEqualTo(137);
      assertThat(first.start())
          .as("the standby started no reconcile while the leader lived")
          .isGreaterThan(kill);
      assertThat(change.start() - kill)
          .as(
              "SIGKILL -> standby reconciles the new change, within leaseDuration + 1.2 ×"
                  + " retryPeriod + 1 s")
          .isLessThanOrEqualTo(bound);
      assertThat(relay.holder()).isEqualTo(pair.standby().podName());
    }
  }

  @Test
  void standbyReconcilesWithinASecondOfTheLeaderShuttingDown() {
    try (Relay relay = Relay.deploy(api)) {
      Pair pair = startPair(relay, "handover");

      long term = now();
      pair.leader().terminate();
      relay.putSource("alpha", "v2");

      int status = pair.leader().awaitExit(Duration.ofSeconds(30));
      long exited = pair.leader().exitedAtMillis().orElseThrow();
      Reconcile first = Relay.awaitReconcile(pair.standby(), r -> true, Duration.ofSeconds(30));
      Reconcile change =
          Relay.awaitReconcile(pair.standby(), r -> r.value().equals("v2"), Duration.ofSeconds(30));
      relay.awaitRelayed("alpha", "v2", pair.standby().podName(), Duration.ofSeconds(30));

      figure(
          "graceful hand-over: SIGTERM -> old leader's exit "
              + (exited - term)
              + " ms; SIGTERM -> standby's first reconcile "
              + (first.start() - term)
              + " ms; old leader's exit -> standby's first reconcile "
              + (first.start() - exited)
              + " ms (negative: before the old JVM was gone); -> reconcile of the new change "
              + (change.start() - exited)
              + " ms");
      assertThat(status).as("graceful shutdown exits 0").isZero();
      assertThat(first.start())
          .as("the standby started no reconcile before the leader was told to stop")
          .isGreaterThan(term);
      assertThat(change.start() - exited)
          .as("old leader's exit -> standby reconciles the new change, within 1 s")
          .isLessThanOrEqualTo(1000);
      assertThat(relay.holder())
          .as("Lease holder after the hand-over")
          .isEqualTo(pair.standby().podName());
      assertThat(pair.leader().logText()).contains("released Lease");
    }
  }

  @Test
  void standbyIsReadyWhileItDoesNotLead() {
    try (Relay relay = Relay.deploy(api)) {
      Pair pair = startPair(relay, "ready");
      String standby = pair.standby().podName();

      assertThat(relay.holder()).isEqualTo(pair.leader().podName());
      int standbyReady = pair.standby().health("/readyz");
      double standbyLeading = leaderGauge(pair.standby());
      int leaderReady = pair.leader().health("/readyz");
      double leaderLeading = leaderGauge(pair.leader());
      // Still the same holder afterwards: the standby was not leading while it answered.
      assertThat(relay.holder()).isEqualTo(pair.leader().podName());

      figure(
          "readiness: standby "
              + standby
              + " /readyz "
              + standbyReady
              + ", kopgen_leader "
              + standbyLeading
              + "; leader /readyz "
              + leaderReady
              + ", kopgen_leader "
              + leaderLeading);
      assertThat(standbyReady).as("standby's /readyz while not leading").isEqualTo(200);
      assertThat(standbyLeading).as("standby's kopgen_leader gauge").isEqualTo(0.0);
      assertThat(leaderReady).as("leader's /readyz").isEqualTo(200);
      assertThat(leaderLeading).as("leader's kopgen_leader gauge").isEqualTo(1.0);
      assertThat(Relay.reconciles(pair.standby())).as("the standby never reconciled").isEmpty();
    }
  }

  private static final Pattern LEADER_GAUGE =
      Pattern.compile("(?m)^kopgen_leader\\{controller=\"relay\"}\\s+(\\S+)");

  private static double leaderGauge(OperatorProcess p) {
    String metrics = p.healthText("/metrics");
    assertThat(metrics).as(p.podName() + " /metrics").isNotNull();
    Matcher m = LEADER_GAUGE.matcher(metrics);
    assertThat(m.find())
        .as("kopgen_leader in " + p.podName() + "'s /metrics:\n" + metrics)
        .isTrue();
    return Double.parseDouble(m.group(1));
  }
}
