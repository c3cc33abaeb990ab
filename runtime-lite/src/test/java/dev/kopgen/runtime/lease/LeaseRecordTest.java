package dev.kopgen.runtime.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Lease record's rules, without a server: reading, building, holding, expiry, transitions. */
class LeaseRecordTest {

  private static final ZonedDateTime T0 =
      ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 6_000, ZoneOffset.UTC);
  private static final ZonedDateTime T1 = T0.plusSeconds(7);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private static Lease lease(String holder, Integer seconds, Integer transitions) {
    return new LeaseBuilder()
        .withNewMetadata()
        .withName("l")
        .withNamespace("ns")
        .withResourceVersion("42")
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity(holder)
        .withLeaseDurationSeconds(seconds)
        .withLeaseTransitions(transitions)
        .withAcquireTime(T0)
        .withRenewTime(T0)
        .endSpec()
        .build();
  }

  @Test
  void readsEveryFieldTheElectionUses() {
    LeaseRecord r = LeaseRecord.of(lease("pod-a", 15, 3));
    assertThat(r).isEqualTo(new LeaseRecord("pod-a", 15, 3, T0, T0));
    assertThat(r.hasHolder()).isTrue();
    assertThat(r.isHeldBy("pod-a")).isTrue();
    assertThat(r.isHeldBy("pod-b")).isFalse();
  }

  @Test
  void anAbsentOrEmptyLeaseHasNoHolder() {
    for (Lease l :
        new Lease[] {
          null, new Lease(), new LeaseBuilder().withNewSpec().endSpec().build(), lease("", 1, 2)
        }) {
      LeaseRecord r = LeaseRecord.of(l);
      assertThat(r.holder()).as("holder of %s", l).isEmpty();
      assertThat(r.hasHolder()).isFalse();
      assertThat(r.isHeldBy("")).as("the empty identity holds nothing").isFalse();
      assertThat(r.heldByAnotherAt("pod-a", 0, 0, SECOND)).isFalse();
    }
    assertThat(LeaseRecord.of(null).leaseTransitions()).isZero();
    assertThat(LeaseRecord.of(null).leaseDurationSeconds()).isZero();
  }

  @Test
  void expiresItsOwnDurationAfterItWasObservedNeverByTheRemoteClock() {
    LeaseRecord r = LeaseRecord.of(lease("pod-a", 15, 0));
    long observed = 1_000 * SECOND; // an arbitrary nanoTime
    long fallback = 4 * SECOND; // the observer's own leaseDuration: the holder's wins
    assertThat(r.expiresAtNanos(observed, fallback)).isEqualTo(observed + 15 * SECOND);
    assertThat(r.expiredAt(observed + 15 * SECOND, observed, fallback))
        .as("at exactly the duration: not yet")
        .isFalse();
    assertThat(r.expiredAt(observed + 15 * SECOND + 1, observed, fallback)).isTrue();
    assertThat(r.heldByAnotherAt("pod-b", observed + 14 * SECOND, observed, fallback)).isTrue();
    assertThat(r.heldByAnotherAt("pod-b", observed + 16 * SECOND, observed, fallback))
        .as("an expired term may be taken")
        .isFalse();
    assertThat(r.heldByAnotherAt("pod-a", observed, observed, fallback))
        .as("the holder itself")
        .isFalse();
    // renewTime (T0, long past by any wall clock) plays no part: only the observation counts.
    assertThat(r.expiredAt(observed, observed, fallback)).isFalse();
  }

  @Test
  void aRecordWithoutDurationLastsTheObserversDuration() {
    LeaseRecord r = LeaseRecord.of(lease("pod-a", null, 0));
    assertThat(r.durationNanos(4 * SECOND)).isEqualTo(4 * SECOND);
    assertThat(r.expiredAt(4 * SECOND + 1, 0, 4 * SECOND)).isTrue();
    assertThat(LeaseRecord.of(lease("pod-a", 0, 0)).durationNanos(4 * SECOND))
        .isEqualTo(4 * SECOND);
  }

  @Test
  void transitionsCountTakeOversOnly() {
    LeaseRecord created = LeaseRecord.created("pod-a", T0, 15);
    assertThat(created).isEqualTo(new LeaseRecord("pod-a", 15, 0, T0, T0));

    LeaseRecord renewed = created.renewed(T1, 15);
    assertThat(renewed).isEqualTo(new LeaseRecord("pod-a", 15, 0, T0, T1));

    LeaseRecord released = renewed.released(T1);
    assertThat(released)
        .as("released: no holder, one second, transitions kept")
        .isEqualTo(new LeaseRecord("", 1, 0, T1, T1));

    LeaseRecord taken = released.takenOverBy("pod-b", T1, 15);
    assertThat(taken).isEqualTo(new LeaseRecord("pod-b", 15, 1, T1, T1));
    assertThat(taken.takenOverBy("pod-a", T1, 15).leaseTransitions()).isEqualTo(2);
    assertThat(taken.renewed(T1, 15).leaseTransitions()).isEqualTo(1);
  }

  @Test
  void aRenewalFillsAMissingAcquireTime() {
    LeaseRecord r = new LeaseRecord("pod-a", 15, 2, null, null);
    assertThat(r.renewed(T1, 15)).isEqualTo(new LeaseRecord("pod-a", 15, 2, T1, T1));
  }

  @Test
  void writesItsFieldsIntoASpecAndLeavesTheRestAlone() {
    LeaseSpec spec = lease("pod-a", 15, 3).getSpec();
    spec.setStrategy("OldestEmulationVersion");
    LeaseRecord.of(lease("pod-a", 15, 3)).takenOverBy("pod-b", T1, 4).writeTo(spec);
    assertThat(spec.getHolderIdentity()).isEqualTo("pod-b");
    assertThat(spec.getLeaseDurationSeconds()).isEqualTo(4);
    assertThat(spec.getLeaseTransitions()).isEqualTo(4);
    assertThat(spec.getAcquireTime()).isEqualTo(T1);
    assertThat(spec.getRenewTime()).isEqualTo(T1);
    assertThat(spec.getStrategy())
        .as("a field the record does not own")
        .isEqualTo("OldestEmulationVersion");

    LeaseSpec built = LeaseRecord.created("pod-c", T0, 15).toSpec();
    assertThat(LeaseRecord.of(new LeaseBuilder().withSpec(built).build()))
        .as("read(build(r)) == r")
        .isEqualTo(LeaseRecord.created("pod-c", T0, 15));
  }

  @Test
  void buildsTheLeaseToCreateAndTheCopyToWriteBack() {
    Lease created = LeaseRecord.created("pod-a", T0, 15).toLease("ns", "l");
    assertThat(created.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(created.getMetadata().getName()).isEqualTo("l");
    assertThat(created.getMetadata().getResourceVersion()).as("a create carries none").isNull();
    assertThat(LeaseRecord.of(created)).isEqualTo(LeaseRecord.created("pod-a", T0, 15));

    Lease current = lease("pod-a", 15, 3);
    Lease next =
        LeaseRecord.of(current).released(T1).appliedTo(current, new KubernetesSerialization());
    assertThat(next.getMetadata().getResourceVersion())
        .as("the write is conditional on what was read")
        .isEqualTo("42");
    assertThat(LeaseRecord.of(next)).isEqualTo(new LeaseRecord("", 1, 3, T1, T1));
    assertThat(LeaseRecord.of(current))
        .as("the Lease read is not changed")
        .isEqualTo(new LeaseRecord("pod-a", 15, 3, T0, T0));
    Lease bare =
        LeaseRecord.created("pod-b", T1, 4).appliedTo(new Lease(), new KubernetesSerialization());
    assertThat(bare.getSpec()).as("a Lease without spec gets one").isNotNull();
  }

  @Test
  void durationsRoundUpToWholeSecondsAndAtLeastOne() {
    assertThat(LeaseRecord.durationSeconds(Duration.ofSeconds(15))).isEqualTo(15);
    assertThat(LeaseRecord.durationSeconds(Duration.ofMillis(4001))).isEqualTo(5);
    assertThat(LeaseRecord.durationSeconds(Duration.ofMillis(300))).isEqualTo(1);
    assertThat(LeaseRecord.durationSeconds(Duration.ZERO)).isEqualTo(1);
  }
}
