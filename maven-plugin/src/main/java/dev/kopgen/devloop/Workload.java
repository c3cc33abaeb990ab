package dev.kopgen.devloop;

import dev.kopgen.manifests.OperatorPlan;
import dev.kopgen.manifests.WorkloadPlan;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How the generated Deployment runs the operator, taken from its {@link WorkloadPlan} (never read
 * back from YAML) so the local process runs the same way: as the Deployment's ServiceAccount, with
 * its plain environment variables (such as {@code KOPGEN_SHARD}) and its grace period as the bound
 * on a graceful shutdown.
 *
 * @param name the Deployment's name
 * @param serviceAccount its {@code serviceAccountName}
 * @param environment the container's environment variables that have a plain value
 * @param gracePeriod its {@code terminationGracePeriodSeconds}
 */
public record Workload(
    String name,
    String serviceAccount,
    SortedMap<String, String> environment,
    Duration gracePeriod) {

  public Workload {
    environment = Collections.unmodifiableSortedMap(new TreeMap<>(environment));
  }

  /**
   * The workload {@code id} (empty: the main one, running the unsharded controllers) of the planned
   * manifests.
   *
   * @throws DevLoopException naming the workloads there are, when {@code id} is not one of them
   */
  public static Workload of(OperatorPlan plan, String id) {
    String wanted = id == null ? "" : id.trim();
    WorkloadPlan w =
        plan.workload(wanted)
            .orElseThrow(
                () -> {
                  List<String> ids =
                      plan.workloads().stream()
                          .map(WorkloadPlan::id)
                          .filter(i -> !i.isEmpty())
                          .toList();
                  return new DevLoopException(
                      (wanted.isEmpty()
                              ? "every controller of this operator is @Sharded, so there is no main workload"
                              : "there is no workload '" + id + "'")
                          + ": pick one with -Dkopgen.dev.workload=<id>, one of "
                          + ids);
                });
    return new Workload(w.name(), w.serviceAccount(), w.literalEnvironment(), w.gracePeriod());
  }
}
