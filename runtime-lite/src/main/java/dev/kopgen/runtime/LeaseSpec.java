package dev.kopgen.runtime;

import dev.kopgen.annotations.OnLeadershipLoss;
import dev.kopgen.rules.LeaseTiming;
import java.util.Objects;

/**
 * Leader election settings of one controller (or one shard of it), as the generated wiring declares
 * them. The timing has been validated at compile time.
 *
 * @param leaseName the Lease's name in the operator's namespace
 * @param timing lease duration, renew deadline and retry period
 * @param onLoss what to do after the Lease is lost
 */
public record LeaseSpec(String leaseName, LeaseTiming timing, OnLeadershipLoss onLoss) {
  public LeaseSpec {
    Objects.requireNonNull(leaseName, "leaseName");
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(onLoss, "onLoss");
  }
}
