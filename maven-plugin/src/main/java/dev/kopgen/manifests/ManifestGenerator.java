package dev.kopgen.manifests;

import dev.kopgen.manifests.InvalidSettingsException.Problem;
import dev.kopgen.rules.AvailabilityRules;
import dev.kopgen.rules.ImageRules;
import dev.kopgen.rules.ImageRules.JvmSettings;
import dev.kopgen.rules.OperatorDescriptor;
import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.rules.OperatorNamespace;
import dev.kopgen.rules.Workloads;
import dev.kopgen.rules.Workloads.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns an operator descriptor into its Kubernetes manifests: CRDs, and per workload (the unsharded
 * controllers, and each shard of a {@code @Sharded} controller) a ServiceAccount, least-privilege
 * RBAC and a Deployment whose strategy, replicas and grace period come from {@link
 * AvailabilityRules}, each with the rule's reason as a comment beside it.
 *
 * <h2>Steps</h2>
 *
 * <p>{@link SettingsCheck} finds every invalid setting; {@link #plan} decides every value, per
 * workload a {@link WorkloadPlan}; {@link ManifestYaml} renders the plan and decides nothing.
 * {@link #generate} does all three.
 *
 * <h2>Layout</h2>
 *
 * <p>Every file is one YAML document, so {@code kubectl apply -R -f <dir>} applies the whole
 * directory. CRDs go to {@code crds/<plural>.<group>.yaml}. The kustomization is a file named
 * {@value #KUSTOMIZATION} (one of the three names kustomize recognizes) rather than {@code
 * kustomization.yaml}: {@code kubectl apply -f} only reads {@code .yaml}, {@code .yml} and {@code
 * .json} files from a directory and would otherwise try to create a {@code Kustomization} object,
 * while {@code kubectl apply -k <dir>} finds it. So both {@code kubectl apply -k} and {@code
 * kubectl apply -R -f} work on the same directory.
 *
 * <h2>Names</h2>
 *
 * <p>The main workload is named after the operator; a shard's after the operator, the controller
 * and the shard. ClusterRoles, ClusterRoleBindings and the Roles in watched namespaces also carry
 * the operator's namespace, so two installations of one operator in two namespaces never overwrite
 * each other's bindings.
 */
public final class ManifestGenerator {

  /** The kustomization's file name; see the class comment for why it has no extension. */
  public static final String KUSTOMIZATION = "Kustomization";

  /**
   * The non-root user the pod runs as: the user of the image kopgen has Jib build, and non-root
   * even on an image that runs as root ({@link ImageRules#USER_ID}).
   */
  public static final long RUN_AS_USER = ImageRules.USER_ID;

  /**
   * Generates the manifests: {@link #plan}, rendered by {@link ManifestYaml}.
   *
   * @throws InvalidSettingsException if a setting is invalid, with every problem found
   * @throws ManifestException if the descriptor and the compiled classes do not match
   */
  public Manifests generate(
      OperatorDescriptor descriptor, KubernetesTypes types, ManifestSettings settings) {
    return ManifestYaml.render(plan(descriptor, types, settings));
  }

  /**
   * Decides what the manifests say, per workload and for the whole operator.
   *
   * @throws InvalidSettingsException if a setting is invalid, with every problem found
   * @throws ManifestException if the descriptor and the compiled classes do not match
   */
  public OperatorPlan plan(
      OperatorDescriptor descriptor, KubernetesTypes types, ManifestSettings settings) {
    List<Workload> workloads = Workloads.of(descriptor);
    Map<String, String> seenNames = new HashMap<>();
    for (Workload w : workloads) {
      String name = WorkloadPlan.deploymentName(settings, w);
      String clash = seenNames.putIfAbsent(name, WorkloadPlan.describe(w));
      if (clash != null) {
        throw new ManifestException(
            clash
                + " and "
                + WorkloadPlan.describe(w)
                + " would both be deployed as '"
                + name
                + "': rename a controller or a shard");
      }
    }
    List<Problem> problems = SettingsCheck.problems(settings, workloads);
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }

    Map<String, KubeType> resolved = resolveDescriptorTypes(descriptor, types);
    SortedSet<String> crdClasses = crdClasses(settings, resolved, types);
    Map<String, String> operatorLabels = KopgenLabels.operator(settings);
    JvmSettings jvm =
        ImageRules.jvmSettings(settings.memoryLimitBytes(), settings.cpuLimitMillis());
    List<WorkloadPlan> plans = new ArrayList<>();
    for (Workload w : workloads) {
      plans.add(WorkloadPlan.of(w, settings, jvm, c -> resolved.get(c).apiResource()));
    }
    return new OperatorPlan(
        descriptor.entryPoint(),
        settings,
        new TreeMap<>(types.crds(crdClasses, operatorLabels)),
        new TreeMap<>(operatorLabels),
        plans,
        OperatorNamespace.notCreatedBecause(settings.namespace(), settings.createNamespace()),
        jvm);
  }

  private static Map<String, KubeType> resolveDescriptorTypes(
      OperatorDescriptor d, KubernetesTypes types) {
    Map<String, KubeType> resolved = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    for (ControllerDescriptor c : d.controllers()) {
      List<String> names = new ArrayList<>();
      names.add(c.resourceClass());
      names.addAll(c.ownedClasses());
      c.watches().forEach(w -> names.add(w.typeClass()));
      c.owned().forEach(o -> names.add(o.typeClass()));
      for (String n : names) {
        if (resolved.containsKey(n)) {
          continue;
        }
        try {
          resolved.put(n, types.resolve(n));
        } catch (ManifestException e) {
          errors.add("controller '" + c.name() + "' names " + n + ", but " + e.getMessage());
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new ManifestException(
          String.join("; ", errors)
              + ". The kopgen descriptor does not match the compiled classes: recompile the project"
              + " (mvn clean package) so both come from the same sources");
    }
    return resolved;
  }

  private static SortedSet<String> crdClasses(
      ManifestSettings s, Map<String, KubeType> resolved, KubernetesTypes types) {
    if (s.crdClasses().isPresent()) {
      List<Problem> problems = new ArrayList<>();
      SortedSet<String> chosen = new TreeSet<>();
      for (String n : s.crdClasses().get()) {
        try {
          if (types.resolve(n).customResource()) {
            chosen.add(n);
          } else {
            problems.add(
                new Problem(
                    Setting.CRD_CLASSES,
                    n + " is not an io.fabric8.kubernetes.client.CustomResource"));
          }
        } catch (ManifestException e) {
          problems.add(new Problem(Setting.CRD_CLASSES, e.getMessage()));
        }
      }
      if (!problems.isEmpty()) {
        throw new InvalidSettingsException(problems);
      }
      return chosen;
    }
    SortedSet<String> all = new TreeSet<>(types.projectCustomResources());
    resolved.values().stream()
        .filter(KubeType::customResource)
        .forEach(t -> all.add(t.className()));
    return all;
  }
}
