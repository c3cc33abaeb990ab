/**
 * Lease-based leader election with fencing: {@link dev.kopgen.runtime.lease.LeaseLeadership}
 * campaigns for a {@code coordination.k8s.io/v1} Lease, {@link
 * dev.kopgen.runtime.lease.FencedClient} refuses writes once this instance may no longer lead,
 * and {@link dev.kopgen.runtime.lease.OperatorIdentity} says who and where the instance is.
 */
package dev.kopgen.runtime.lease;
