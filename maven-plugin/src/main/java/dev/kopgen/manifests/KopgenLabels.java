package dev.kopgen.manifests;

import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code app.kubernetes.io/} labels kopgen puts on what it generates, over the user's {@code
 * <labels>}; users may not override them ({@link SettingsCheck}).
 */
final class KopgenLabels {

  static final String NAME = "app.kubernetes.io/name";
  static final String INSTANCE = "app.kubernetes.io/instance";
  static final String COMPONENT = "app.kubernetes.io/component";
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** The labels kopgen sets itself. */
  static final Set<String> OWN = Set.of(NAME, INSTANCE, COMPONENT, MANAGED_BY);

  private KopgenLabels() {}

  /** The labels of what belongs to the whole operator: its CRDs and its namespace. */
  static SortedMap<String, String> operator(ManifestSettings s) {
    SortedMap<String, String> labels = new TreeMap<>(s.labels());
    labels.put(NAME, s.name());
    labels.put(MANAGED_BY, "kopgen");
    return labels;
  }

  /** The labels of one workload's objects and pods; {@code instance} is its Deployment's name. */
  static SortedMap<String, String> workload(ManifestSettings s, String instance) {
    SortedMap<String, String> labels = new TreeMap<>(s.labels());
    labels.put(NAME, s.name());
    labels.put(INSTANCE, instance);
    labels.put(COMPONENT, "operator");
    labels.put(MANAGED_BY, "kopgen");
    return labels;
  }
}
