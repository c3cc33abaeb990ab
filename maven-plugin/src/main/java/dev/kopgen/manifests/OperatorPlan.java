package dev.kopgen.manifests;

import dev.kopgen.rules.ImageRules;
import dev.kopgen.rules.ImageRules.JvmSettings;
import dev.kopgen.rules.OperatorNamespace;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the manifests of one operator say, decided before any YAML is written: what {@link
 * ManifestGenerator#plan} computes from the descriptor and the settings, and what {@link
 * ManifestYaml} renders.
 *
 * @param entryPoint the generated main class, named in every file's header
 * @param settings the (valid) settings
 * @param crds the CustomResourceDefinitions by name ({@code <plural>.<group>}), as the CRD
 *     generator writes them
 * @param operatorLabels the labels of what belongs to the whole operator (CRDs, namespace)
 * @param workloads one plan per Deployment: the main workload first, then the shards
 * @param namespaceNotCreated why the operator's namespace is not part of the manifests, if it is
 *     not ({@link OperatorNamespace#notCreatedBecause})
 * @param jvm the JVM settings for the container's limits ({@link ImageRules#jvmSettings}): every
 *     Deployment's {@code JAVA_TOOL_OPTIONS}, and the flags the Jib image's entrypoint passes
 */
public record OperatorPlan(
    String entryPoint,
    ManifestSettings settings,
    SortedMap<String, String> crds,
    SortedMap<String, String> operatorLabels,
    List<WorkloadPlan> workloads,
    Optional<String> namespaceNotCreated,
    JvmSettings jvm) {

  public OperatorPlan {
    Objects.requireNonNull(entryPoint, "entryPoint");
    Objects.requireNonNull(settings, "settings");
    crds = Collections.unmodifiableSortedMap(new TreeMap<>(crds));
    operatorLabels = Collections.unmodifiableSortedMap(new TreeMap<>(operatorLabels));
    workloads = List.copyOf(workloads);
    Objects.requireNonNull(namespaceNotCreated, "namespaceNotCreated");
    Objects.requireNonNull(jvm, "jvm");
  }

  /** The workload {@code id} ({@link WorkloadPlan#id()}; empty: the main one), if there is one. */
  public Optional<WorkloadPlan> workload(String id) {
    String wanted = id == null ? "" : id.trim();
    return workloads.stream().filter(w -> w.id().equals(wanted)).findFirst();
  }
}
