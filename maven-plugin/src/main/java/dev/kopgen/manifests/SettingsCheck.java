package dev.kopgen.manifests;

import dev.kopgen.manifests.InvalidSettingsException.Problem;
import dev.kopgen.rules.AvailabilityRules;
import dev.kopgen.rules.AvailabilityRules.ShutdownBudget;
import dev.kopgen.rules.KubeNames;
import dev.kopgen.rules.PodContract;
import dev.kopgen.rules.Workloads.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every check of the {@link ManifestSettings}, in one place: each returns its problems instead of
 * throwing, so the user sees every invalid setting of a build at once, each naming its {@link
 * Setting}. The rules themselves are asked from {@code dev.kopgen.rules}; what is left here is the
 * syntax of the settings no rule covers (image references, resource quantities).
 */
public final class SettingsCheck {

  private static final Pattern RESOURCE_NAME =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?");

  private SettingsCheck() {}

  /**
   * Every problem of {@code s} for an operator of these workloads, in the order the settings are
   * checked: first the settings on their own, then each workload's replicas, grace period and
   * Deployment name; empty when the settings are valid.
   */
  public static List<Problem> problems(ManifestSettings s, List<Workload> workloads) {
    List<Problem> problems = new ArrayList<>();
    KubeNames.dnsLabelProblem(s.name()).ifPresent(p -> problems.add(new Problem(Setting.NAME, p)));
    KubeNames.dnsLabelProblem(s.namespace())
        .ifPresent(p -> problems.add(new Problem(Setting.NAMESPACE, p)));
    if (s.image().isBlank() || s.image().chars().anyMatch(Character::isWhitespace)) {
      problems.add(
          new Problem(
              Setting.IMAGE,
              "'"
                  + s.image()
                  + "' is not an image reference: use e.g. registry.example.com/team/operator:1.0"));
    }
    PodContract.portProblem(s.healthPort())
        .ifPresent(p -> problems.add(new Problem(Setting.HEALTH_PORT, p)));
    checkResources("requests", s.requests(), problems);
    checkResources("limits", s.limits(), problems);
    s.labels()
        .forEach(
            (k, v) ->
                labelProblem(k, v).ifPresent(p -> problems.add(new Problem(Setting.LABELS, p))));
    for (Workload w : workloads) {
      workloadProblems(w, s, problems);
    }
    return problems;
  }

  private static void workloadProblems(Workload w, ManifestSettings s, List<Problem> problems) {
    String name = WorkloadPlan.deploymentName(s, w);
    if (!w.id().isEmpty() && KubeNames.dnsLabelProblem(s.name()).isEmpty()) {
      KubeNames.dnsLabelProblem(name)
          .ifPresent(
              p ->
                  problems.add(
                      new Problem(
                          Setting.NAME,
                          "the Deployment for "
                              + WorkloadPlan.describe(w)
                              + " would be named '"
                              + name
                              + "', longer than the 63 characters Kubernetes allows: choose a shorter name")));
    }
    String where = WorkloadPlan.describe(w) + " (Deployment " + name + ")";
    s.replicas()
        .ifPresent(
            replicas ->
                AvailabilityRules.replicasProblem(replicas, w.leaderElection())
                    .ifPresent(p -> problems.add(new Problem(Setting.REPLICAS, where + ": " + p))));
    ShutdownBudget budget = w.shutdownBudget();
    s.terminationGracePeriodSeconds()
        .ifPresent(
            grace ->
                AvailabilityRules.gracePeriodProblem(grace, budget)
                    .ifPresent(
                        p ->
                            problems.add(
                                new Problem(
                                    Setting.TERMINATION_GRACE_PERIOD_SECONDS, where + ": " + p))));
  }

  private static void checkResources(
      String kind, Map<String, String> values, List<Problem> problems) {
    values.forEach(
        (k, v) -> {
          if (!RESOURCE_NAME.matcher(k).matches()) {
            problems.add(
                new Problem(
                    Setting.RESOURCES,
                    kind + ": '" + k + "' is not a resource name such as cpu or memory"));
          } else if (!Quantity.valid(v)) {
            problems.add(
                new Problem(
                    Setting.RESOURCES,
                    kind
                        + "."
                        + k
                        + ": '"
                        + v
                        + "' is not a Kubernetes quantity such as 100m, 256Mi or 1"));
          }
        });
  }

  private static Optional<String> labelProblem(String key, String value) {
    if (KopgenLabels.OWN.contains(key)) {
      return Optional.of("'" + key + "' is set by kopgen itself and cannot be overridden");
    }
    return KubeNames.labelKeyProblem(key)
        .or(() -> KubeNames.labelValueProblem(value).map(p -> "label '" + key + "': " + p));
  }
}
