package dev.kopgen.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.rules.OperatorDescriptor.LeaseDescriptor;
import dev.kopgen.rules.OperatorDescriptor.ShardDescriptor;
import dev.kopgen.rules.Workloads.Workload;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkloadsTest {

  static ControllerDescriptor controller(
      String name,
      Duration timeout,
      Optional<LeaseDescriptor> lease,
      List<String> namespaces,
      List<ShardDescriptor> shards) {
    return ControllerDescriptor.builder(
            name, "com.example." + name + "Reconciler", "com.example.WebApp")
        .ownedClasses(List.of("io.fabric8.kubernetes.api.model.ConfigMap"))
        .namespaces(namespaces)
        .maxConcurrentReconciles(4)
        .reconcileTimeout(timeout)
        .updatesStatus(true)
        .ownedVerbs(List.of("create"))
        .leaderElection(lease)
        .shards(shards)
        .build();
  }

  static Optional<LeaseDescriptor> lease(String name, int replicas) {
    return Optional.of(new LeaseDescriptor(name, LeaseTiming.DEFAULT, replicas, "EXIT"));
  }

  @Test
  void unshardedControllersShareTheMainWorkloadAndEachShardGetsItsOwn() {
    OperatorDescriptor d =
        new OperatorDescriptor(
            "com.example.KopgenOperator",
            List.of(
                controller("plain", Duration.ofSeconds(10), Optional.empty(), List.of(), List.of()),
                controller(
                    "sharded",
                    Duration.ofSeconds(30),
                    lease("sharded", 2),
                    List.of(),
                    List.of(
                        new ShardDescriptor("b", List.of("team-b"), ""),
                        new ShardDescriptor("a", List.of(), "shard=a"))),
                controller(
                    "elected", Duration.ofSeconds(45), lease("el", 3), List.of("x"), List.of())));

    List<Workload> ws = Workloads.of(d);

    assertThat(ws).extracting(Workload::id).containsExactly("", "sharded-a", "sharded-b");
    Workload main = ws.get(0);
    assertThat(main.members())
        .extracting(m -> m.controller().name())
        .containsExactly("elected", "plain");
    // One unelected controller makes the process unelected, but it still holds a Lease to release.
    assertThat(main.leaderElection()).isFalse();
    assertThat(main.holdsLease()).isTrue();
    assertThat(main.leaseNames()).containsExactly("el");
    assertThat(main.declaredReplicas()).isEqualTo(3);
    assertThat(main.shutdownBudget().drain()).isEqualTo(Duration.ofSeconds(45));

    Workload shardA = ws.get(1);
    assertThat(shardA.leaderElection()).isTrue();
    assertThat(shardA.leaseNames()).containsExactly("sharded-a");
    // A selector shard watches what its controller watches (here: everything).
    assertThat(shardA.members().get(0).namespaces()).isEmpty();
    assertThat(ws.get(2).members().get(0).namespaces()).containsExactly("team-b");
    assertThat(ws.get(2).shard()).map(ShardDescriptor::name).hasValue("b");
  }

  @Test
  void everyControllerShardedMeansNoMainWorkload() {
    OperatorDescriptor d =
        new OperatorDescriptor(
            "com.example.KopgenOperator",
            List.of(
                controller(
                    "only",
                    Duration.ofSeconds(30),
                    lease("only", 2),
                    List.of(),
                    List.of(new ShardDescriptor("a", List.of("a"), "")))));
    assertThat(Workloads.of(d)).extracting(Workload::id).containsExactly("only-a");
  }

  @Test
  void shardLeaseNameIsTheControllerLeaseNameAndTheShard() {
    assertThat(Workloads.shardLeaseName("web-app", "team-a")).isEqualTo("web-app-team-a");
  }

  @Test
  void unelectedWorkloadDeclaresOneReplicaAndNoLease() {
    Workload w =
        Workloads.of(
                new OperatorDescriptor(
                    "E",
                    List.of(
                        controller(
                            "p", Duration.ofSeconds(5), Optional.empty(), List.of(), List.of()))))
            .get(0);
    assertThat(w.declaredReplicas()).isEqualTo(1);
    assertThat(w.holdsLease()).isFalse();
    assertThat(w.leaseNames()).isEmpty();
    assertThat(w.shutdownBudget().leaseRelease()).isZero();
  }

  @Test
  void aShardWorkloadIsSelectedByControllerAndShardSoEqualShardNamesNeverClash() {
    OperatorDescriptor d =
        new OperatorDescriptor(
            "com.example.KopgenOperator",
            List.of(
                controller(
                    "plain", Duration.ofSeconds(10), lease("plain", 2), List.of(), List.of()),
                controller(
                    "web",
                    Duration.ofSeconds(10),
                    lease("web", 2),
                    List.of(),
                    List.of(new ShardDescriptor("a", List.of("team-a"), ""))),
                controller(
                    "audit",
                    Duration.ofSeconds(10),
                    lease("audit", 2),
                    List.of(),
                    List.of(new ShardDescriptor("a", List.of("team-b"), "")))));

    assertThat(Workloads.of(d))
        .extracting(w -> w.shardSelection().orElse("<unset>"))
        .containsExactly("<unset>", "audit/a", "web/a");
    for (Workload w : Workloads.of(d)) {
      w.shardSelection()
          .map(Workloads.ShardSelection::parse)
          .ifPresent(
              sel -> {
                assertThat(sel.controller()).isEqualTo(w.members().get(0).controller().name());
                assertThat(sel.shard()).isEqualTo(w.shard().orElseThrow().name());
              });
    }
  }

  @Test
  void aShardSelectionParsesOnlyControllerSlashShard() {
    assertThat(Workloads.ShardSelection.parse(" web-app/team-a "))
        .isEqualTo(new Workloads.ShardSelection("web-app", "team-a"));
    assertThat(new Workloads.ShardSelection("web-app", "team-a").value())
        .isEqualTo("web-app/team-a");
    for (String bad : new String[] {"team-a", "/team-a", "web-app/", "a/b/c", "", "/"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Workloads.ShardSelection.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(
              "KOPGEN_SHARD='" + bad + "' is not of the form <controller>/<shard>");
    }
  }

  @Test
  void aNamespaceShardWatchesItsOwnNamespacesWithTheControllersSelector() {
    assertThat(Workloads.scope(List.of("a", "b"), "app=web", List.of("c"), ""))
        .isEqualTo(new Workloads.Scope(List.of("c"), "app=web"));
  }

  @Test
  void aSelectorShardAddsItsSelectorInTheControllersNamespaces() {
    assertThat(Workloads.scope(List.of("a"), "app=web", List.of(), "shard=x"))
        .isEqualTo(new Workloads.Scope(List.of("a"), "app=web,shard=x"));
    assertThat(Workloads.scope(List.of(), "", List.of(), "shard=x"))
        .isEqualTo(new Workloads.Scope(List.of(), "shard=x"));
  }

  @Test
  void noShardKeepsTheControllersScope() {
    assertThat(Workloads.scope(List.of("a"), "app=web", List.of(), ""))
        .isEqualTo(new Workloads.Scope(List.of("a"), "app=web"));
  }
}
