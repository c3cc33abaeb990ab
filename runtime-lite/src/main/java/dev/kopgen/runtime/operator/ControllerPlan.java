package dev.kopgen.runtime.operator;

import dev.kopgen.rules.PodContract;
import dev.kopgen.rules.Workloads;
import dev.kopgen.rules.Workloads.ShardSelection;
import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.LeaseSpec;
import dev.kopgen.runtime.OperatorConfigurationException;
import dev.kopgen.runtime.ShardSpec;
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
   * Selects what to run, as {@link Workloads} splits a module into Deployments. Without a shard,
   * every unsharded controller runs (the main Deployment). With {@code KOPGEN_SHARD=<controller>/
   * <shard>}, exactly that shard of that controller runs, narrowed to its scope and with its own
   * Lease (the shard's Deployment runs nothing else, so an unsharded controller never runs once per
   * shard, and a shard name two controllers share never selects both).
   *
   * @param shard the value of {@code KOPGEN_SHARD}, or {@code null}/blank when unset
   * @throws OperatorConfigurationException naming the valid values when the selection is wrong
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
    boolean anySharded = definitions.stream().anyMatch(d -> !d.shards().isEmpty());
    if (shard == null || shard.isBlank()) {
      List<ControllerPlan> plans = new ArrayList<>();
      for (ControllerDefinition<?> d : definitions) {
        if (d.shards().isEmpty()) {
          plans.add(new ControllerPlan(d, Scope.of(d), d.leaderElection(), null));
        }
      }
      if (plans.isEmpty()) {
        throw new OperatorConfigurationException(
            "every controller is sharded: set "
                + PodContract.SHARD_ENV
                + " to one of "
                + selections(definitions));
      }
      return plans;
    }
    if (!anySharded) {
      throw new OperatorConfigurationException(
          PodContract.SHARD_ENV
              + "='"
              + shard
              + "' is set, but no controller is sharded: unset it");
    }
    ShardSelection selection;
    try {
      selection = ShardSelection.parse(shard);
    } catch (IllegalArgumentException e) {
      throw new OperatorConfigurationException(
          e.getMessage() + "; use one of " + selections(definitions));
    }
    ControllerDefinition<?> d =
        definitions.stream()
            .filter(c -> c.name().equals(selection.controller()) && !c.shards().isEmpty())
            .findFirst()
            .orElseThrow(
                () ->
                    new OperatorConfigurationException(
                        PodContract.SHARD_ENV
                            + "='"
                            + shard
                            + "' names no sharded controller '"
                            + selection.controller()
                            + "': use one of "
                            + selections(definitions)));
    ShardSpec spec =
        d.shards().stream()
            .filter(s -> s.name().equals(selection.shard()))
            .findFirst()
            .orElseThrow(
                () ->
                    new OperatorConfigurationException(
                        PodContract.SHARD_ENV
                            + "='"
                            + shard
                            + "': controller '"
                            + d.name()
                            + "' has no shard '"
                            + selection.shard()
                            + "': use one of "
                            + selections(definitions)));
    return List.of(new ControllerPlan(d, scopeOf(d, spec), leaseOf(d, spec), spec.name()));
  }

  /** Every valid {@code KOPGEN_SHARD} value, sorted. */
  private static String selections(List<ControllerDefinition<?>> definitions) {
    return definitions.stream()
        .flatMap(d -> d.shards().stream().map(s -> Workloads.shardSelection(d.name(), s.name())))
        .sorted()
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** The shard's scope by the one shard-scope rule the plugin's RBAC uses too. */
  private static Scope scopeOf(ControllerDefinition<?> d, ShardSpec s) {
    Workloads.Scope scope =
        Workloads.scope(d.namespaces(), d.labelSelector(), s.namespaces(), s.labelSelector());
    return new Scope(scope.namespaces(), scope.labelSelector());
  }

  /** One Lease per shard, named as the plugin's RBAC expects ({@link Workloads#shardLeaseName}). */
  private static Optional<LeaseSpec> leaseOf(ControllerDefinition<?> d, ShardSpec s) {
    return d.leaderElection()
        .map(
            l ->
                new LeaseSpec(
                    Workloads.shardLeaseName(l.leaseName(), s.name()), l.timing(), l.onLoss()));
  }
}
