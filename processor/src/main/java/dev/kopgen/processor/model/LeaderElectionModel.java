package dev.kopgen.processor.model;

import dev.kopgen.annotations.OnLeadershipLoss;
import dev.kopgen.model.LeaseTiming;

/**
 * A controller's validated {@code @LeaderElection}.
 *
 * @param leaseName the Lease's name (for a sharded controller, the prefix of its shards' Leases)
 * @param timing the timing, which satisfies {@link LeaseTiming#problems()}
 * @param replicas replicas per Deployment
 * @param onLoss what an instance does after losing the Lease
 */
public record LeaderElectionModel(
    String leaseName, LeaseTiming timing, int replicas, OnLeadershipLoss onLoss) {}
