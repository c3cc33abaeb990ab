package dev.kopgen.runtime.lease;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;

/**
 * What a {@code coordination.k8s.io/v1} Lease says about its holder, as the election reads and
 * writes it: pure data and rules, no I/O and no clock of its own (times are passed in), so every
 * rule is unit-tested without a server, like kube-rs' {@code LeaseState}. {@link LeaseLeadership}
 * is the loop around it: it does the requests and the timing.
 *
 * <p>Expiry is never judged from the remote {@code renewTime} (another node's clock): a record
 * expires {@link #durationNanos its duration} after this process <em>observed</em> it, measured
 * with {@link System#nanoTime()}.
 *
 * @param holder the holder identity; empty when nobody holds it (absent, or released)
 * @param leaseDurationSeconds the holder's lease duration; 0 when the record has none
 * @param leaseTransitions how many times the Lease changed hands
 * @param acquireTime when the holder acquired it, or {@code null}
 * @param renewTime when the holder last renewed it, or {@code null}
 */
public record LeaseRecord(
    String holder,
    int leaseDurationSeconds,
    int leaseTransitions,
    ZonedDateTime acquireTime,
    ZonedDateTime renewTime) {

  /** The duration a released Lease gets, as client-go's ReleaseOnCancel writes it. */
  public static final int RELEASED_DURATION_SECONDS = 1;

  public LeaseRecord {
    holder = holder == null ? "" : holder;
  }

  /** Reads {@code lease} (which may be {@code null} or have no spec: then nobody holds it). */
  public static LeaseRecord of(Lease lease) {
    LeaseSpec spec = lease == null ? null : lease.getSpec();
    if (spec == null) {
      return new LeaseRecord("", 0, 0, null, null);
    }
    return new LeaseRecord(
        spec.getHolderIdentity(),
        spec.getLeaseDurationSeconds() == null ? 0 : spec.getLeaseDurationSeconds(),
        spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions(),
        spec.getAcquireTime(),
        spec.getRenewTime());
  }

  /**
   * The record a candidate creates when there is no Lease yet: it holds it, first term.
   *
   * @param durationSeconds the candidate's lease duration ({@link #durationSeconds})
   */
  public static LeaseRecord created(String identity, ZonedDateTime now, int durationSeconds) {
    return new LeaseRecord(identity, durationSeconds, 0, now, now);
  }

  /** Whether somebody holds the Lease. */
  public boolean hasHolder() {
    return !holder.isEmpty();
  }

  /** Whether {@code identity} holds the Lease. */
  public boolean isHeldBy(String identity) {
    return hasHolder() && holder.equals(identity);
  }

  /**
   * How long the record lasts after it was observed: the holder's own duration, as in client-go;
   * {@code fallbackNanos} (the observer's) only when the record carries none.
   */
  public long durationNanos(long fallbackNanos) {
    return leaseDurationSeconds > 0
        ? TimeUnit.SECONDS.toNanos(leaseDurationSeconds)
        : fallbackNanos;
  }

  /**
   * The {@link System#nanoTime()} after which the record, observed at {@code observedNanos}, has
   * expired.
   */
  public long expiresAtNanos(long observedNanos, long fallbackNanos) {
    return observedNanos + durationNanos(fallbackNanos);
  }

  /**
   * Whether the record, unchanged since this process observed it at {@code observedNanos}, has
   * expired at {@code nowNanos}: more than its duration has passed.
   */
  public boolean expiredAt(long nowNanos, long observedNanos, long fallbackNanos) {
    return nowNanos - observedNanos > durationNanos(fallbackNanos);
  }

  /**
   * Whether someone other than {@code identity} holds the Lease and their term is still running at
   * {@code nowNanos}: then {@code identity} must not take it.
   */
  public boolean heldByAnotherAt(
      String identity, long nowNanos, long observedNanos, long fallbackNanos) {
    return hasHolder() && !isHeldBy(identity) && !expiredAt(nowNanos, observedNanos, fallbackNanos);
  }

  /**
   * The holder's renewal: same holder and transitions, a new renew time (and an acquire time if the
   * record had none).
   */
  public LeaseRecord renewed(ZonedDateTime now, int durationSeconds) {
    return new LeaseRecord(
        holder, durationSeconds, leaseTransitions, acquireTime == null ? now : acquireTime, now);
  }

  /** A take-over by {@code identity}: a new holder, one more transition, acquired now. */
  public LeaseRecord takenOverBy(String identity, ZonedDateTime now, int durationSeconds) {
    return new LeaseRecord(identity, durationSeconds, leaseTransitions + 1, now, now);
  }

  /**
   * The holder giving the Lease up, like client-go's ReleaseOnCancel: no holder, a one-second
   * duration, transitions kept (the next holder counts the transition).
   */
  public LeaseRecord released(ZonedDateTime now) {
    return new LeaseRecord("", RELEASED_DURATION_SECONDS, leaseTransitions, now, now);
  }

  /** Writes this record into {@code spec}, leaving the spec's other fields as they are. */
  public void writeTo(LeaseSpec spec) {
    spec.setHolderIdentity(holder);
    spec.setLeaseDurationSeconds(leaseDurationSeconds);
    spec.setLeaseTransitions(leaseTransitions);
    spec.setAcquireTime(acquireTime);
    spec.setRenewTime(renewTime);
  }

  /** A new Lease spec holding just this record. */
  public LeaseSpec toSpec() {
    LeaseSpec spec = new LeaseSpec();
    writeTo(spec);
    return spec;
  }

  /** A new Lease {@code namespace/name} holding this record, to create. */
  public Lease toLease(String namespace, String name) {
    return new LeaseBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build())
        .withSpec(toSpec())
        .build();
  }

  /**
   * A copy of {@code current} carrying this record, to write back: its metadata (the
   * resourceVersion the write is conditional on) and its spec's other fields are kept; {@code
   * current} itself is left as it was.
   */
  public Lease appliedTo(Lease current, KubernetesSerialization serialization) {
    Lease next = serialization.clone(current);
    if (next.getSpec() == null) {
      next.setSpec(new LeaseSpec());
    }
    writeTo(next.getSpec());
    return next;
  }

  /**
   * The Lease field holds whole seconds: {@code duration} rounded up (at least 1), so standbys
   * never wait less than the holder assumes.
   */
  public static int durationSeconds(Duration duration) {
    return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
  }
}
