package dev.kopgen.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.annotations.OnLeadershipLoss;
import dev.kopgen.model.LeaseTiming;
import dev.kopgen.runtime.controller.Scope;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControllerPlanTest {

  private static final LeaseSpec LEASE =
      new LeaseSpec("widgets", LeaseTiming.DEFAULT, OnLeadershipLoss.EXIT);

  private static ControllerDefinition.Builder<ConfigMap> def(String name) {
    return ControllerDefinition.builder(name, ConfigMap.class, () -> (cm, ctx) -> Result.done());
  }

  private static final ControllerDefinition<ConfigMap> PLAIN =
      def("plain").namespaces("apps").labelSelector("tier=web").leaderElection(LEASE).build();

  private static final ControllerDefinition<ConfigMap> BY_NAMESPACE =
      def("by-namespace")
          .labelSelector("app=widget")
          .leaderElection(LEASE)
          .shard(new ShardSpec("team-a", List.of("a1", "a2"), ""))
          .shard(new ShardSpec("team-b", List.of("b1"), ""))
          .build();

  private static final ControllerDefinition<ConfigMap> BY_LABEL =
      def("by-label")
          .namespaces("shared")
          .labelSelector("app=widget")
          .shard(new ShardSpec("team-a", List.of(), "team=a"))
          .build();

  @Test
  void withoutAShardOnlyUnshardedControllersRunWithTheirOwnScopeAndLease() {
    List<ControllerPlan> plans = ControllerPlan.select(List.of(PLAIN), null);
    assertThat(plans).hasSize(1);
    ControllerPlan p = plans.get(0);
    assertThat(p.scope()).isEqualTo(new Scope(List.of("apps"), "tier=web"));
    assertThat(p.lease()).contains(LEASE);
    assertThat(p.shard()).isNull();
  }

  @Test
  void aShardRunsOnlyTheShardedControllersNarrowedToItsScopeWithALeaseOfItsOwn() {
    List<ControllerPlan> plans =
        ControllerPlan.select(List.of(PLAIN, BY_NAMESPACE, BY_LABEL), "team-a");
    assertThat(plans)
        .extracting(p -> p.definition().name())
        .containsExactly("by-namespace", "by-label");

    ControllerPlan ns = plans.get(0);
    assertThat(ns.scope()).isEqualTo(new Scope(List.of("a1", "a2"), "app=widget"));
    assertThat(ns.lease().map(LeaseSpec::leaseName)).contains("widgets-team-a");
    assertThat(ns.lease().map(LeaseSpec::timing)).contains(LeaseTiming.DEFAULT);
    assertThat(ns.shard()).isEqualTo("team-a");

    ControllerPlan label = plans.get(1);
    assertThat(label.scope()).isEqualTo(new Scope(List.of("shared"), "app=widget,team=a"));
    assertThat(label.lease()).isEqualTo(Optional.empty());
  }

  @Test
  void aMissingShardNamesTheChoices() {
    assertThatThrownBy(() -> ControllerPlan.select(List.of(PLAIN, BY_NAMESPACE), null))
        .isInstanceOf(OperatorConfigurationException.class)
        .hasMessage(
            "controller 'by-namespace' is sharded: set KOPGEN_SHARD to one of [team-a, team-b]");
  }

  @Test
  void anUnknownShardNamesTheChoices() {
    assertThatThrownBy(() -> ControllerPlan.select(List.of(BY_NAMESPACE), "team-c"))
        .isInstanceOf(OperatorConfigurationException.class)
        .hasMessage(
            "KOPGEN_SHARD='team-c' is not a shard of controller 'by-namespace': use one of"
                + " [team-a, team-b]");
  }

  @Test
  void aShardWithoutShardedControllersIsAMistake() {
    assertThatThrownBy(() -> ControllerPlan.select(List.of(PLAIN), "team-a"))
        .isInstanceOf(OperatorConfigurationException.class)
        .hasMessage("KOPGEN_SHARD='team-a' is set, but no controller is sharded: unset it");
  }

  @Test
  void duplicateNamesAndEmptyListsAreRefused() {
    assertThatThrownBy(() -> ControllerPlan.select(List.of(PLAIN, def("plain").build()), null))
        .hasMessage("two controllers are named 'plain': controller names must be unique");
    assertThatThrownBy(() -> ControllerPlan.select(List.of(), null))
        .hasMessage("no controllers to run: the list is empty");
  }
}
