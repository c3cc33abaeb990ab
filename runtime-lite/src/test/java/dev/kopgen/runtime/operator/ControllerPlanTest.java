package dev.kopgen.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.annotations.OnLeadershipLoss;
import dev.kopgen.rules.LeaseTiming;
import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.LeaseSpec;
import dev.kopgen.runtime.OperatorConfigurationException;
import dev.kopgen.runtime.Result;
import dev.kopgen.runtime.ShardSpec;
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
  void aShardRunsOnlyThatShardOfThatControllerNarrowedToItsScopeWithALeaseOfItsOwn() {
    // Both sharded controllers have a shard 'team-a'; the controller in the value decides.
    List<ControllerPlan> plans =
        ControllerPlan.select(List.of(PLAIN, BY_NAMESPACE, BY_LABEL), "by-namespace/team-a");
    assertThat(plans)
        .singleElement()
        .satisfies(
            ns -> {
              assertThat(ns.definition().name()).isEqualTo("by-namespace");
              assertThat(ns.scope()).isEqualTo(new Scope(List.of("a1", "a2"), "app=widget"));
              assertThat(ns.lease().map(LeaseSpec::leaseName)).contains("widgets-team-a");
              assertThat(ns.lease().map(LeaseSpec::timing)).contains(LeaseTiming.DEFAULT);
              assertThat(ns.shard()).isEqualTo("team-a");
            });

    List<ControllerPlan> label =
        ControllerPlan.select(List.of(PLAIN, BY_NAMESPACE, BY_LABEL), " by-label/team-a ");
    assertThat(label)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.definition().name()).isEqualTo("by-label");
              assertThat(l.scope()).isEqualTo(new Scope(List.of("shared"), "app=widget,team=a"));
              assertThat(l.lease()).isEqualTo(Optional.empty());
            });
  }

  @Test
  void withoutAShardTheUnshardedControllersRunBesideShardedOnes() {
    // The main Deployment of a module with sharded controllers runs without KOPGEN_SHARD.
    assertThat(ControllerPlan.select(List.of(PLAIN, BY_NAMESPACE), null))
        .extracting(p -> p.definition().name())
        .containsExactly("plain");
  }

  @Test
  void withoutAShardAModuleOfOnlyShardedControllersNamesTheChoices() {
    assertThatThrownBy(() -> ControllerPlan.select(List.of(BY_NAMESPACE, BY_LABEL), " "))
        .isInstanceOf(OperatorConfigurationException.class)
        .hasMessage(
            "every controller is sharded: set KOPGEN_SHARD to one of [by-label/team-a,"
                + " by-namespace/team-a, by-namespace/team-b]");
  }

  @Test
  void aBareShardNameIsRefusedWithTheQualifiedChoices() {
    assertThatThrownBy(() -> ControllerPlan.select(List.of(BY_NAMESPACE, BY_LABEL), "team-a"))
        .isInstanceOf(OperatorConfigurationException.class)
        .hasMessage(
            "KOPGEN_SHARD='team-a' is not of the form <controller>/<shard> (e.g. web-app/team-a):"
                + " a shard is named together with its controller, since two controllers may"
                + " have shards of the same name; use one of [by-label/team-a,"
                + " by-namespace/team-a, by-namespace/team-b]");
  }

  @Test
  void anUnknownShardNamesTheChoices() {
    assertThatThrownBy(() -> ControllerPlan.select(List.of(BY_NAMESPACE), "by-namespace/team-c"))
        .isInstanceOf(OperatorConfigurationException.class)
        .hasMessage(
            "KOPGEN_SHARD='by-namespace/team-c': controller 'by-namespace' has no shard 'team-c':"
                + " use one of [by-namespace/team-a, by-namespace/team-b]");
  }

  @Test
  void anUnknownOrUnshardedControllerNamesTheChoices() {
    assertThatThrownBy(() -> ControllerPlan.select(List.of(PLAIN, BY_NAMESPACE), "plain/team-a"))
        .isInstanceOf(OperatorConfigurationException.class)
        .hasMessage(
            "KOPGEN_SHARD='plain/team-a' names no sharded controller 'plain':"
                + " use one of [by-namespace/team-a, by-namespace/team-b]");
    assertThatThrownBy(() -> ControllerPlan.select(List.of(BY_NAMESPACE), "nope/team-a"))
        .hasMessageStartingWith("KOPGEN_SHARD='nope/team-a' names no sharded controller 'nope'");
  }

  @Test
  void aShardWithoutShardedControllersIsAMistake() {
    assertThatThrownBy(() -> ControllerPlan.select(List.of(PLAIN), "plain/team-a"))
        .isInstanceOf(OperatorConfigurationException.class)
        .hasMessage("KOPGEN_SHARD='plain/team-a' is set, but no controller is sharded: unset it");
  }

  @Test
  void duplicateNamesAndEmptyListsAreRefused() {
    assertThatThrownBy(() -> ControllerPlan.select(List.of(PLAIN, def("plain").build()), null))
        .hasMessage("two controllers are named 'plain': controller names must be unique");
    assertThatThrownBy(() -> ControllerPlan.select(List.of(), null))
        .hasMessage("no controllers to run: the list is empty");
  }
}
