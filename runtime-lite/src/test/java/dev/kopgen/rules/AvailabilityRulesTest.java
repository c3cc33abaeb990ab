package dev.kopgen.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.rules.AvailabilityRules.ShutdownBudget;
import dev.kopgen.rules.AvailabilityRules.Strategy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvailabilityRulesTest {

  @Test
  void recreateWithoutLeaderElectionRollingUpdateWithIt() {
    assertThat(AvailabilityRules.strategy(false)).isEqualTo(Strategy.RECREATE);
    assertThat(AvailabilityRules.strategy(true)).isEqualTo(Strategy.ROLLING_UPDATE);
    assertThat(Strategy.RECREATE.kubernetesName()).isEqualTo("Recreate");
    assertThat(Strategy.ROLLING_UPDATE.kubernetesName()).isEqualTo("RollingUpdate");
    assertThat(Strategy.RECREATE.reason()).startsWith("Recreate: no leader election");
  }

  @Test
  void replicasAreOneWithoutLeaderElection() {
    assertThat(AvailabilityRules.replicas(false, 3)).isEqualTo(1);
    assertThat(AvailabilityRules.replicas(true, 3)).isEqualTo(3);
  }

  @Test
  void moreThanOneReplicaNeedsLeaderElection() {
    assertThat(AvailabilityRules.replicasProblem(2, false))
        .hasValueSatisfying(m -> assertThat(m).contains("add @LeaderElection"));
    assertThat(AvailabilityRules.replicasProblem(2, true)).isEmpty();
    assertThat(AvailabilityRules.replicasProblem(1, false)).isEmpty();
    assertThat(AvailabilityRules.replicasProblem(0, true)).isPresent();
  }

  @Test
  void gracePeriodCoversTheLongestDrainPlusReleaseAndMargin() {
    ShutdownBudget budget =
        AvailabilityRules.shutdownBudget(
            List.of(Duration.ofSeconds(30), Duration.ofSeconds(45)), true);
    assertThat(budget.drain()).isEqualTo(Duration.ofSeconds(45));
    assertThat(budget.terminationGracePeriodSeconds()).isEqualTo(45 + 2 + 5);
    assertThat(budget.explanation()).isEqualTo("drain 45s + lease release 2s + margin 5s");
  }

  @Test
  void noLeaseReleaseWithoutLeaderElection() {
    ShutdownBudget budget =
        AvailabilityRules.shutdownBudget(List.of(Duration.ofSeconds(30)), false);
    assertThat(budget.terminationGracePeriodSeconds()).isEqualTo(35);
    assertThat(budget.explanation()).isEqualTo("drain 30s + margin 5s");
  }

  @Test
  void gracePeriodRoundsUpSoTheDrainAlwaysFits() {
    ShutdownBudget budget =
        AvailabilityRules.shutdownBudget(List.of(Duration.ofMillis(30_001)), false);
    assertThat(budget.terminationGracePeriodSeconds()).isEqualTo(36);
    assertThat(Duration.ofSeconds(budget.terminationGracePeriodSeconds()))
        .isGreaterThan(budget.total().minusNanos(1));
  }

  @Test
  void aRequestedGracePeriodShorterThanTheBudgetIsAProblem() {
    ShutdownBudget budget = AvailabilityRules.shutdownBudget(List.of(Duration.ofSeconds(30)), true);
    assertThat(AvailabilityRules.gracePeriodProblem(30, budget))
        .hasValueSatisfying(m -> assertThat(m).contains("Use at least 37"));
    assertThat(AvailabilityRules.gracePeriodProblem(37, budget)).isEmpty();
  }

  @Test
  void replicasAreSpreadOverNodesAndDrainedOneAtATimeOnlyWithLeaderElection() {
    assertThat(AvailabilityRules.replicaSpread(false)).isEmpty();
    AvailabilityRules.ReplicaSpread spread = AvailabilityRules.replicaSpread(true).orElseThrow();
    assertThat(spread.topologyKey()).isEqualTo("kubernetes.io/hostname");
    assertThat(spread.whenUnsatisfiable()).isEqualTo("ScheduleAnyway");
    assertThat(spread.maxSkew()).isEqualTo(1);
    assertThat(spread.maxUnavailable()).isEqualTo(1);
    assertThat(spread.whenUnsatisfiableReason()).contains("one-node cluster");
    assertThat(spread.budgetReason()).contains("never blocks a drain");
  }

  @Test
  void aReconcileTimeoutMustBeLongerThanZero() {
    assertThat(AvailabilityRules.reconcileTimeoutProblem(Duration.ZERO))
        .hasValueSatisfying(
            p -> assertThat(p).startsWith("reconcileTimeout must be longer than 0s"));
    assertThat(AvailabilityRules.reconcileTimeoutProblem(Duration.ofMillis(-1))).isPresent();
    assertThat(AvailabilityRules.reconcileTimeoutProblem(Duration.ofMillis(1))).isEmpty();
  }

  @Test
  void aLongReconcileTimeoutWarnsWithTheGracePeriodItLeadsTo() {
    assertThat(AvailabilityRules.longReconcileTimeoutWarning(Duration.ofMinutes(5), true))
        .isEmpty();
    assertThat(AvailabilityRules.longReconcileTimeoutWarning(Duration.ZERO, true)).isEmpty();
    // 10m drain + 2s release + 5s margin
    assertThat(AvailabilityRules.longReconcileTimeoutWarning(Duration.ofMinutes(10), true))
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .contains("reconcileTimeout 10m is longer than 5m")
                    .contains("becomes 607"));
  }
}
