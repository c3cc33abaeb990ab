package dev.kopgen.runtime;

import dev.kopgen.runtime.controller.Scope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one process runs of one controller definition, after shard selection: its scope and its
 * Lease (if elected).
 *
 * @param shard the selected shard's name, or {@code null} for an unsharded controller
 */
record ControllerPlan(
    ControllerDefinition<?> definition, Scope scope, Optional<LeaseSpec> lease, String shard) {

  /**
   * Selects what to run. Without a shard, every unsharded controller runs; with {@code
   * KOPGEN_SHARD} set, only the sharded controllers run, each narrowed to that shard (the shard's
   * Deployment runs nothing else, so an unsharded controller never runs once per shard).
   *
   * @param shard the value of {@code KOPGEN_SHARD}, or {@code null}/blank when unset
   * @throws OperatorConfigurationException naming the valid shards when the selection is wrong
   */
  static List<ControllerPlan> select(List<ControllerDefinition<?>> definitions, String shard) {
    if (definitions == null || definitions.isEmpty()) {
      throw new OperatorConfigurationException("no controllers to run: the list is empty");
    }
    Set<String> names = new HashSet<>();
    for (ControllerDefinition<?> d : definitions) {
      if (!names.add(d.name())) {
        throw new OperatorConfigurationException(
            "two controllers are named '" + d.name() + "': controller names must be unique");
      }
    }
    boolean sharded = shard != null && !shard.isBlank();
    List<ControllerPlan> plans = new ArrayList<>();
    for (ControllerDefinition<?> d : definitions) {
      if (d.shards().isEmpty()) {
        if (!sharded) {
          plans.add(new ControllerPlan(d, Scope.of(d), d.leaderElection(), null));
        }
        continue;
      }
      if (!sharded) {
        throw new OperatorConfigurationException(
            "controller '" + d.name() + "' is sharded: set KOPGEN_SHARD to one of "
                + shardNames(d));
      }
      ShardSpec spec =
          d.shards().stream()
              .filter(s -> s.name().equals(shard.trim()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new OperatorConfigurationException(
                          "KOPGEN_SHARD='" + shard + "' is not a shard of controller '" + d.name()
                              + "': use one of " + shardNames(d)));
      plans.add(new ControllerPlan(d, scopeOf(d, spec), leaseOf(d, spec), spec.name()));
    }
    if (plans.isEmpty()) {
      throw new OperatorConfigurationException(
          "KOPGEN_SHARD='" + shard + "' is set, but no controller is sharded: unset it");
    }
    return plans;
  }

  private static String shardNames(ControllerDefinition<?> d) {
    return d.shards().stream()
        .map(ShardSpec::name)
        .sorted()
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** A namespace shard watches its namespaces; a selector shard adds its selector. */
  private static Scope scopeOf(ControllerDefinition<?> d, ShardSpec s) {
    List<String> namespaces = s.namespaces().isEmpty() ? d.namespaces() : s.namespaces();
    String selector;
    if (s.labelSelector().isEmpty()) {
      selector = d.labelSelector();
    } else if (d.labelSelector().isEmpty()) {
      selector = s.labelSelector();
    } else {
      selector = d.labelSelector() + "," + s.labelSelector(); // both must match
    }
    return new Scope(namespaces, selector);
  }

  /** One Lease per shard: {@code <leaseName>-<shard>}. */
  private static Optional<LeaseSpec> leaseOf(ControllerDefinition<?> d, ShardSpec s) {
    return d.leaderElection()
        .map(l -> new LeaseSpec(l.leaseName() + "-" + s.name(), l.timing(), l.onLoss()));
  }
}
