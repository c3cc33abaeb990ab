package dev.kopgen.rules;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Whether kopgen's manifests create the operator's namespace, and how it is labelled. Without it,
 * {@code kubectl apply -k} on a fresh cluster fails for every namespaced object (Deployment,
 * ServiceAccount, Roles), since nothing else creates the namespace.
 */
public final class OperatorNamespace {

  /** The Pod Security level the generated Deployment meets, and the namespace enforces. */
  public static final String POD_SECURITY_LEVEL = "restricted";

  /**
   * The Pod Security Admission labels of the namespace: {@code enforce}, {@code audit} and {@code
   * warn} at {@value #POD_SECURITY_LEVEL}, sorted.
   */
  public static final SortedMap<String, String> POD_SECURITY_LABELS;

  static {
    SortedMap<String, String> labels = new TreeMap<>();
    for (String mode : new String[] {"audit", "enforce", "warn"}) {
      labels.put("pod-security.kubernetes.io/" + mode, POD_SECURITY_LEVEL);
    }
    POD_SECURITY_LABELS = Collections.unmodifiableSortedMap(labels);
  }

  /** Why the labels are there, for the comment beside them. */
  public static final String LABELS_REASON =
      "the operator's pods meet the restricted Pod Security level, so the namespace enforces it:"
          + " nothing less secure can run beside the operator's ServiceAccount";

  private OperatorNamespace() {}

  /**
   * Why the manifests do not create {@code namespace}, or empty when they do.
   *
   * @param namespace the operator's namespace
   * @param createRequested false when the user opted out (the namespace is managed elsewhere)
   */
  public static Optional<String> notCreatedBecause(String namespace, boolean createRequested) {
    if (!createRequested) {
      return Optional.of("the plugin configuration says the namespace is managed elsewhere");
    }
    if (namespace.equals("default") || namespace.startsWith("kube-")) {
      return Optional.of(
          "'"
              + namespace
              + "' exists in every cluster and belongs to it: labelling it"
              + " restricted would change what every other workload in it may run");
    }
    return Optional.empty();
  }
}
