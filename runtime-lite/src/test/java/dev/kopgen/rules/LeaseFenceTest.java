package dev.kopgen.rules;

import static dev.kopgen.rules.RbacRulesTest.RESOLVE;
import static dev.kopgen.rules.WorkloadsTest.controller;
import static dev.kopgen.rules.WorkloadsTest.lease;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.rules.LeaseFence.Fence;
import dev.kopgen.rules.LeaseFence.FencedResource;
import dev.kopgen.rules.OperatorDescriptor.ShardDescriptor;
import dev.kopgen.rules.Workloads.Workload;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseFenceTest {

  private static List<Workload> workloads(OperatorDescriptor.ControllerDescriptor... cs) {
    return Workloads.of(new OperatorDescriptor("E", List.of(cs)));
  }

  @Test
  void fencesExactlyTheWritesRbacGrantsExceptLeasesAndEvents() {
    Workload w =
        workloads(controller("web", Duration.ofSeconds(30), lease("web", 2), List.of(), List.of()))
            .get(0);

    assertThat(LeaseFence.fences(w, RESOLVE))
        .containsExactly(
            new Fence(
                "web",
                List.of(
                    // owned ConfigMaps: ownedVerbs = create
                    new FencedResource("", "configmaps", List.of("CREATE")),
                    // status: patch and update are both UPDATE at admission
                    new FencedResource("example.com", "webapps/status", List.of("UPDATE")))));
  }

  @Test
  void noFenceWithoutLeaderElection() {
    Workload w =
        workloads(controller("web", Duration.ofSeconds(30), Optional.empty(), List.of(), List.of()))
            .get(0);
    assertThat(LeaseFence.fences(w, RESOLVE)).isEmpty();
  }

  @Test
  void eachShardIsFencedByItsOwnLease() {
    List<Workload> ws =
        workloads(
            controller(
                "web",
                Duration.ofSeconds(30),
                lease("web", 2),
                List.of(),
                List.of(
                    new ShardDescriptor("a", List.of("team-a"), ""),
                    new ShardDescriptor("b", List.of("team-b"), ""))));
    assertThat(ws).hasSize(2);
    assertThat(LeaseFence.fences(ws.get(0), RESOLVE))
        .extracting(Fence::leaseName)
        .containsExactly("web-a");
    assertThat(LeaseFence.fences(ws.get(1), RESOLVE))
        .extracting(Fence::leaseName)
        .containsExactly("web-b");
  }

  @Test
  void aResourceWrittenUnderTwoLeasesOfOneProcessIsLeftUnfencedAndNamed() {
    Workload w =
        workloads(
                controller("one", Duration.ofSeconds(30), lease("l1", 2), List.of(), List.of()),
                controller("two", Duration.ofSeconds(30), lease("l2", 2), List.of(), List.of()))
            .get(0);
    // Both write configmaps and webapps/status; a write would have to pass both policies.
    assertThat(LeaseFence.fences(w, RESOLVE)).isEmpty();
    assertThat(LeaseFence.sharedAcrossLeases(w, RESOLVE))
        .containsExactly(" configmaps", "example.com webapps/status");
  }

  @Test
  void expressionsCompareThePodNameWithTheHolderAndSayFenced() {
    assertThat(LeaseFence.serviceAccountCondition("ops", "web"))
        .isEqualTo("request.userInfo.username == 'system:serviceaccount:ops:web'");
    assertThat(LeaseFence.holderExpression())
        .contains(
            "request.userInfo.extra['authentication.kubernetes.io/pod-name'][0]"
                + " == params.spec.holderIdentity")
        .startsWith("has(params.spec) && has(params.spec.holderIdentity)");
    assertThat(LeaseFence.messageExpression()).startsWith("'fenced: holder is ' + (");
  }

  @Test
  void recognizesThePolicyDenialOnly() {
    String denial =
        "configmaps \"x\" is forbidden: ValidatingAdmissionPolicy 'web-ops-lease-web' with binding"
            + " 'web-ops-lease-web' denied request: fenced: holder is web-1 (Lease web), request"
            + " from pod web-0";
    assertThat(LeaseFence.isServerRefusal(403, denial)).isTrue();
    assertThat(LeaseFence.isServerRefusal(409, denial)).isFalse();
    assertThat(LeaseFence.isServerRefusal(403, "configmaps is forbidden: User cannot create"))
        .isFalse();
    assertThat(LeaseFence.isServerRefusal(403, null)).isFalse();
  }
}
