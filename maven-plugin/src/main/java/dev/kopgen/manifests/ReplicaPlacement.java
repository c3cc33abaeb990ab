package dev.kopgen.manifests;

import dev.kopgen.manifests.Yaml.Obj;
import dev.kopgen.rules.AvailabilityRules.ReplicaSpread;
import dev.kopgen.rules.OperatorNamespace;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The YAML of what keeps an elected workload's replicas from failing together ({@link
 * dev.kopgen.rules.AvailabilityRules#replicaSpread}), and of the operator's namespace ({@link
 * OperatorNamespace}). Each value carries its rule's reason as a comment.
 */
final class ReplicaPlacement {

  private ReplicaPlacement() {}

  /** The pod spec's {@code topologySpreadConstraints} entry. */
  static Obj spreadConstraint(ReplicaSpread spread, Obj selector) {
    return Yaml.obj()
        .put("maxSkew", spread.maxSkew())
        .put("topologyKey", spread.topologyKey())
        .put("whenUnsatisfiable", spread.whenUnsatisfiable(), spread.whenUnsatisfiableReason())
        .put("labelSelector", selector);
  }

  /** The PodDisruptionBudget of one workload. */
  static Obj disruptionBudget(
      ReplicaSpread spread,
      String name,
      String namespace,
      Map<String, String> labels,
      Obj selector) {
    return Yaml.obj()
        .put("apiVersion", "policy/v1")
        .put("kind", "PodDisruptionBudget")
        .put(
            "metadata",
            Yaml.obj()
                .put("name", name)
                .put("namespace", namespace)
                .put("labels", Yaml.obj().putAll(labels)))
        .put(
            "spec",
            Yaml.obj()
                .put("maxUnavailable", spread.maxUnavailable(), spread.budgetReason())
                .put("selector", selector));
  }

  /** The operator's namespace, labelled for the restricted Pod Security level. */
  static Obj namespace(String name, Map<String, String> labels) {
    Map<String, String> all = new TreeMap<>(labels);
    all.putAll(OperatorNamespace.POD_SECURITY_LABELS);
    return Yaml.obj()
        .put("apiVersion", "v1")
        .put("kind", "Namespace")
        .put(
            "metadata",
            Yaml.obj()
                .put("name", name)
                .put("labels", Yaml.obj().putAll(all), OperatorNamespace.LABELS_REASON));
  }

  static List<String> namespaceHeader(String header) {
    return List.of(
        header,
        "The operator's namespace. Opt out with <createNamespace>false</createNamespace>",
        "when it is managed elsewhere.");
  }
}
