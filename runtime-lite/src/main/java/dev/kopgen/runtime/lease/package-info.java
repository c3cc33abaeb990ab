/**
 * Lease-based leader election with fencing: {@link dev.kopgen.runtime.lease.LeaseLeadership}
 * campaigns for a {@code coordination.k8s.io/v1} Lease, {@link
 * dev.kopgen.runtime.lease.FencedClient} refuses writes once this instance may no longer lead, and
 * {@link dev.kopgen.runtime.lease.OperatorIdentity} says who and where the instance is.
 *
 * <p>The Lease's own rules (who holds it, is it expired at a given time, what the next renewal,
 * take-over or release writes) are pure, in {@link dev.kopgen.runtime.lease.LeaseRecord}, and
 * tested without a server; {@code LeaseLeadership} is the loop of requests and timers around it.
 */
package dev.kopgen.runtime.lease;
