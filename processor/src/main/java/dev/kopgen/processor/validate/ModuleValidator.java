package dev.kopgen.processor.validate;

import dev.kopgen.processor.model.ControllerModel;
import dev.kopgen.processor.model.Location;
import dev.kopgen.rules.OperatorDescriptor.ShardDescriptor;
import dev.kopgen.rules.Workloads;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks what only the whole module can tell: controller names are unique; unsharded controllers,
 * which share one Deployment, agree on leader election (the Deployment runs several replicas with
 * RollingUpdate as soon as one of them is elected); and no two Deployments elect with the same
 * Lease (a shard's Lease is {@code <leaseName>-<shard>}, {@link Workloads#shardLeaseName}, which
 * can meet another controller's Lease name).
 */
public final class ModuleValidator {

  public ValidationReport validate(Collection<ControllerModel> controllers) {
    ValidationReport.Builder report = ValidationReport.builder();
    List<ControllerModel> sorted =
        controllers.stream()
            .sorted(Comparator.comparing(c -> c.reconciler().canonicalName()))
            .toList();

    Map<String, List<ControllerModel>> byName =
        sorted.stream()
            .collect(
                Collectors.groupingBy(ControllerModel::name, TreeMap::new, Collectors.toList()));
    for (List<ControllerModel> same : byName.values()) {
      for (ControllerModel c : same) {
        if (same.size() > 1) {
          String others =
              same.stream()
                  .filter(o -> o != c)
                  .map(o -> o.reconciler().canonicalName())
                  .collect(Collectors.joining(", "));
          report.add(
              Messages.DUPLICATE_CONTROLLER_NAME, Location.of(c.element()), c.name(), others);
        }
      }
    }

    List<ControllerModel> unsharded = sorted.stream().filter(c -> !c.isSharded()).toList();
    unsharded.stream()
        .filter(ControllerModel::isElected)
        .findFirst()
        .ifPresent(
            elected -> {
              for (ControllerModel c : unsharded) {
                if (!c.isElected()) {
                  report.add(
                      Messages.MIXED_LEADER_ELECTION,
                      Location.of(c.element()),
                      c.reconciler().className().simpleName(),
                      elected.reconciler().canonicalName());
                }
              }
            });

    // Which Deployment uses each Lease: "" for the main one, "<controller>/<shard>" for a shard.
    Map<String, String> deploymentOfLease = new TreeMap<>();
    Map<String, String> userOfLease = new TreeMap<>();
    for (ControllerModel c : sorted) {
      if (!c.isElected()) {
        continue;
      }
      String base = c.descriptor().leaderElection().get().leaseName();
      List<String[]> uses = new ArrayList<>(); // {lease, deployment, description}
      if (c.isSharded()) {
        for (ShardDescriptor s : c.descriptor().shards()) {
          uses.add(
              new String[] {
                Workloads.shardLeaseName(base, s.name()),
                Workloads.shardSelection(c.name(), s.name()),
                "shard '" + s.name() + "' of controller '" + c.name() + "'"
              });
        }
      } else {
        uses.add(new String[] {base, "", "controller '" + c.name() + "'"});
      }
      for (String[] use : uses) {
        String deployment = deploymentOfLease.putIfAbsent(use[0], use[1]);
        if (deployment != null && !deployment.equals(use[1])) {
          report.add(
              Messages.LEASE_CLASH,
              Location.of(c.element()),
              use[2],
              use[0],
              userOfLease.get(use[0]));
        } else {
          userOfLease.putIfAbsent(use[0], use[2]);
        }
      }
    }
    return report.build();
  }
}
