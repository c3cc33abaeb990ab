package dev.kopgen.processor.validate;

import dev.kopgen.processor.model.ControllerModel;
import dev.kopgen.processor.model.Location;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks what only the whole module can tell: controller names are unique, and unsharded
 * controllers, which share one Deployment, agree on leader election (the Deployment runs several
 * replicas with RollingUpdate as soon as one of them is elected).
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
            .collect(Collectors.groupingBy(ControllerModel::name, TreeMap::new, Collectors.toList()));
    for (List<ControllerModel> same : byName.values()) {
      for (ControllerModel c : same) {
        if (same.size() > 1) {
          String others =
              same.stream()
                  .filter(o -> o != c)
                  .map(o -> o.reconciler().canonicalName())
                  .collect(Collectors.joining(", "));
          report.add(Messages.DUPLICATE_CONTROLLER_NAME, Location.of(c.element()), c.name(), others);
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
    return report.build();
  }
}
