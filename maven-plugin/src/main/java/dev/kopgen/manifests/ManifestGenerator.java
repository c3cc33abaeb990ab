package dev.kopgen.manifests;

import dev.kopgen.manifests.InvalidSettingsException.Problem;
import dev.kopgen.manifests.Yaml.Obj;
import dev.kopgen.model.AvailabilityRules;
import dev.kopgen.model.AvailabilityRules.ShutdownBudget;
import dev.kopgen.model.AvailabilityRules.Strategy;
import dev.kopgen.model.ImageRules;
import dev.kopgen.model.KubeNames;
import dev.kopgen.model.LeaseFence;
import dev.kopgen.model.OperatorNamespace;
import dev.kopgen.model.OperatorDescriptor;
import dev.kopgen.model.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.model.RbacRules;
import dev.kopgen.model.RbacRules.Permissions;
import dev.kopgen.model.RbacRules.Rule;
import dev.kopgen.model.Workloads;
import dev.kopgen.model.Workloads.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns an operator descriptor into its Kubernetes manifests: CRDs, and per workload (the
 * unsharded controllers, and each shard of a {@code @Sharded} controller) a ServiceAccount,
 * least-privilege RBAC and a Deployment whose strategy, replicas and grace period come from
 * {@link AvailabilityRules}, each with the rule's reason as a comment beside it.
 *
 * <h2>Layout</h2>
 *
 * <p>Every file is one YAML document, so {@code kubectl apply -R -f <dir>} applies the whole
 * directory. CRDs go to {@code crds/<plural>.<group>.yaml}. The kustomization is a file named
 * {@value #KUSTOMIZATION} (one of the three names kustomize recognizes) rather than
 * {@code kustomization.yaml}: {@code kubectl apply -f} only reads {@code .yaml}, {@code .yml}
 * and {@code .json} files from a directory and would otherwise try to create a
 * {@code Kustomization} object, while {@code kubectl apply -k <dir>} finds it. So both
 * {@code kubectl apply -k} and {@code kubectl apply -R -f} work on the same directory.
 *
 * <h2>Names</h2>
 *
 * <p>The main workload is named after the operator; a shard's after the operator, the
 * controller and the shard. ClusterRoles, ClusterRoleBindings and the Roles in watched
 * namespaces also carry the operator's namespace, so two installations of one operator in two
 * namespaces never overwrite each other's bindings.
 */
public final class ManifestGenerator {

  /** The kustomization's file name; see the class comment for why it has no extension. */
  public static final String KUSTOMIZATION = "Kustomization";

  /** The container's name. */
  public static final String CONTAINER = "operator";

  /** Tells the runtime which port serves {@code /readyz} and {@code /healthz}. */
  public static final String HEALTH_PORT_ENV = "KOPGEN_HEALTH_PORT";

  /** Labels kopgen sets itself; users may not override them. */
  public static final String NAME_LABEL = "app.kubernetes.io/name";

  public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  private static final Set<String> OWN_LABELS =
      Set.of(NAME_LABEL, INSTANCE_LABEL, COMPONENT_LABEL, MANAGED_BY_LABEL);

  /**
   * The non-root user the pod runs as: the user of the image kopgen has Jib build, and non-root
   * even on an image that runs as root ({@link ImageRules#USER_ID}).
   */
  public static final long RUN_AS_USER = ImageRules.USER_ID;

  private static final Pattern QUANTITY =
      Pattern.compile("[+]?(\\d+(\\.\\d*)?|\\.\\d+)([numkMGTPE]|[KMGTPE]i|[eE][+-]?\\d+)?");
  private static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?");
  private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  /**
   * Generates the manifests.
   *
   * @throws InvalidSettingsException if a setting is invalid, with every problem found
   * @throws ManifestException if the descriptor and the compiled classes do not match
   */
  public Manifests generate(
      OperatorDescriptor descriptor, KubernetesTypes types, ManifestSettings settings) {
    List<Problem> problems = checkSettings(settings);
    List<Workload> workloads = Workloads.of(descriptor);
    List<Plan> plans = new ArrayList<>();
    Map<String, String> seenNames = new HashMap<>();
    for (Workload w : workloads) {
      Plan plan = plan(w, settings, problems);
      plans.add(plan);
      String clash = seenNames.putIfAbsent(plan.name(), describe(w));
      if (clash != null) {
        throw new ManifestException(
            clash + " and " + describe(w) + " would both be deployed as '" + plan.name()
                + "': rename a controller or a shard");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }

    Map<String, KubeType> resolved = resolveDescriptorTypes(descriptor, types);
    SortedSet<String> crdClasses = crdClasses(settings, resolved, types);

    String header = "Generated by kopgen from " + descriptor.entryPoint()
        + "; do not edit — change the annotations or the plugin configuration";
    SortedMap<String, String> files = new TreeMap<>();
    Map<String, String> crdLabels = new TreeMap<>(settings.labels());
    crdLabels.put(NAME_LABEL, settings.name());
    crdLabels.put(MANAGED_BY_LABEL, "kopgen");
    types.crds(crdClasses, crdLabels)
        .forEach((crdName, yaml) -> files.put("crds/" + crdName + ".yaml", "# " + header + "\n" + yaml));

    for (Plan plan : plans) {
      Permissions permissions =
          RbacRules.permissions(plan.workload(), c -> resolved.get(c).apiResource());
      emitWorkload(plan, permissions, settings, header, files);
      if (settings.admissionFence()) {
        Function<String, RbacRules.ApiResource> apiResources = c -> resolved.get(c).apiResource();
        AdmissionFence.emit(
            LeaseFence.fences(plan.workload(), apiResources),
            LeaseFence.sharedAcrossLeases(plan.workload(), apiResources),
            plan.name() + "-" + settings.namespace(), settings.namespace(),
            plan.name(), describe(plan.workload()), labels(settings, plan.name()), header, files);
      }
    }
    Optional<String> namespaceNotCreated =
        OperatorNamespace.notCreatedBecause(settings.namespace(), settings.createNamespace());
    if (namespaceNotCreated.isEmpty()) {
      files.put("namespace.yaml", Yaml.document(ReplicaPlacement.namespaceHeader(header),
          ReplicaPlacement.namespace(settings.namespace(), crdLabels)));
    }

    Obj kustomization = Yaml.obj()
        .put("apiVersion", "kustomize.config.k8s.io/v1beta1")
        .put("kind", "Kustomization")
        .put("resources", new ArrayList<>(files.keySet()));
    files.put(
        KUSTOMIZATION,
        Yaml.document(
            List.of(
                header,
                "Named Kustomization (not kustomization.yaml) so that both `kubectl apply -k` and",
                "`kubectl apply -R -f` work on this directory: -f skips files without a YAML extension.",
                namespaceNotCreated
                    .map(why -> "Namespace " + settings.namespace() + " is not created here: " + why + ".")
                    .orElse("Creates namespace " + settings.namespace() + " (namespace.yaml) before the rest.")),
            kustomization));
    return new Manifests(files);
  }

  /** The per-workload values, computed (and checked) before anything is emitted. */
  private record Plan(
      Workload workload,
      String name,
      String fileSuffix,
      int replicas,
      String replicasReason,
      Strategy strategy,
      long gracePeriod,
      String gracePeriodReason) {}

  private static String describe(Workload w) {
    return w.shard()
        .map(s -> "shard '" + s.name() + "' of controller '" + w.members().get(0).controller().name() + "'")
        .orElse("the unsharded controllers");
  }

  private Plan plan(Workload w, ManifestSettings s, List<Problem> problems) {
    String name = w.id().isEmpty() ? s.name() : s.name() + "-" + w.id();
    if (!w.id().isEmpty() && KubeNames.dnsLabelProblem(s.name()).isEmpty()) {
      KubeNames.dnsLabelProblem(name)
          .ifPresent(p -> problems.add(new Problem(Setting.NAME,
              "the Deployment for " + describe(w) + " would be named '" + name
                  + "', longer than the 63 characters Kubernetes allows: choose a shorter name")));
    }
    boolean elected = w.leaderElection();
    String where = describe(w) + " (Deployment " + name + ")";

    int replicas;
    String replicasReason;
    if (s.replicas().isPresent()) {
      replicas = s.replicas().getAsInt();
      AvailabilityRules.replicasProblem(replicas, elected)
          .ifPresent(p -> problems.add(new Problem(Setting.REPLICAS, where + ": " + p)));
      replicasReason = "from the plugin configuration";
    } else {
      replicas = AvailabilityRules.replicas(elected, w.declaredReplicas());
      AvailabilityRules.replicasProblem(replicas, elected)
          .ifPresent(p -> {
            throw new ManifestException(where + ": " + p + ": fix @LeaderElection(replicas) and recompile");
          });
      replicasReason = elected
          ? "@LeaderElection(replicas = " + replicas + "): one leader, the rest warm standbys"
          : "exactly one: without leader election a second instance would reconcile the same objects";
    }

    ShutdownBudget budget = w.shutdownBudget();
    long grace;
    String graceReason;
    if (s.terminationGracePeriodSeconds().isPresent()) {
      grace = s.terminationGracePeriodSeconds().getAsLong();
      AvailabilityRules.gracePeriodProblem(grace, budget)
          .ifPresent(p -> problems.add(new Problem(Setting.TERMINATION_GRACE_PERIOD_SECONDS, where + ": " + p)));
      graceReason = "from the plugin configuration; the shutdown budget needs "
          + budget.terminationGracePeriodSeconds() + " (" + budget.explanation() + ")";
    } else {
      grace = budget.terminationGracePeriodSeconds();
      graceReason = budget.explanation();
    }
    String suffix = w.id().isEmpty() ? "" : "-" + w.id();
    return new Plan(w, name, suffix, replicas, replicasReason, AvailabilityRules.strategy(elected),
        grace, graceReason);
  }

  private static List<Problem> checkSettings(ManifestSettings s) {
    List<Problem> problems = new ArrayList<>();
    KubeNames.dnsLabelProblem(s.name()).ifPresent(p -> problems.add(new Problem(Setting.NAME, p)));
    KubeNames.dnsLabelProblem(s.namespace())
        .ifPresent(p -> problems.add(new Problem(Setting.NAMESPACE, p)));
    if (s.image().isBlank() || s.image().chars().anyMatch(Character::isWhitespace)) {
      problems.add(new Problem(Setting.IMAGE,
          "'" + s.image() + "' is not an image reference: use e.g. registry.example.com/team/operator:1.0"));
    }
    if (s.healthPort() < 1 || s.healthPort() > 65535) {
      problems.add(new Problem(Setting.HEALTH_PORT, "port " + s.healthPort() + " is not between 1 and 65535"));
    }
    checkResources("requests", s.requests(), problems);
    checkResources("limits", s.limits(), problems);
    s.labels().forEach((k, v) -> labelProblem(k, v).ifPresent(p -> problems.add(new Problem(Setting.LABELS, p))));
    return problems;
  }

  private static void checkResources(String kind, Map<String, String> values, List<Problem> problems) {
    values.forEach((k, v) -> {
      if (!RESOURCE_NAME.matcher(k).matches()) {
        problems.add(new Problem(Setting.RESOURCES, kind + ": '" + k + "' is not a resource name such as cpu or memory"));
      } else if (v == null || !QUANTITY.matcher(v).matches()) {
        problems.add(new Problem(Setting.RESOURCES,
            kind + "." + k + ": '" + v + "' is not a Kubernetes quantity such as 100m, 256Mi or 1"));
      }
    });
  }

  private static Optional<String> labelProblem(String key, String value) {
    if (OWN_LABELS.contains(key)) {
      return Optional.of("'" + key + "' is set by kopgen itself and cannot be overridden");
    }
    int slash = key.lastIndexOf('/');
    String prefix = slash < 0 ? "" : key.substring(0, slash);
    String name = key.substring(slash + 1);
    if (name.length() > 63 || !LABEL_NAME.matcher(name).matches()
        || (slash >= 0 && KubeNames.dnsSubdomainProblem(prefix).isPresent())) {
      return Optional.of("'" + key + "' is not a valid label key: [prefix/]name with name at most 63"
          + " letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
    }
    if (value == null || value.length() > 63 || !(value.isEmpty() || LABEL_NAME.matcher(value).matches())) {
      return Optional.of("label '" + key + "': '" + value + "' is not a valid label value: at most 63"
          + " letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
    }
    return Optional.empty();
  }

  private static Map<String, KubeType> resolveDescriptorTypes(OperatorDescriptor d, KubernetesTypes types) {
    Map<String, KubeType> resolved = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    for (ControllerDescriptor c : d.controllers()) {
      List<String> names = new ArrayList<>();
      names.add(c.resourceClass());
      names.addAll(c.ownedClasses());
      c.watches().forEach(w -> names.add(w.typeClass()));
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
      throw new ManifestException(String.join("; ", errors)
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
            problems.add(new Problem(Setting.CRD_CLASSES, n + " is not an io.fabric8.kubernetes.client.CustomResource"));
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
    resolved.values().stream().filter(KubeType::customResource).forEach(t -> all.add(t.className()));
    return all;
  }

  // ---------------------------------------------------------------- emission

  private void emitWorkload(
      Plan plan, Permissions permissions, ManifestSettings s, String header, SortedMap<String, String> files) {
    String name = plan.name();
    String suffix = plan.fileSuffix();
    Map<String, String> labels = labels(s, name);
    String what = describe(plan.workload());

    files.put("serviceaccount" + suffix + ".yaml", Yaml.document(
        List.of(header, "The identity of " + what + "; RBAC grants it exactly what the controllers use."),
        Yaml.obj()
            .put("apiVersion", "v1")
            .put("kind", "ServiceAccount")
            .put("metadata", metadata(name, Optional.of(s.namespace()), labels))));

    String rbacName = name + "-" + s.namespace();
    if (!permissions.clusterRules().isEmpty()) {
      files.put("clusterrole" + suffix + ".yaml", Yaml.document(
          List.of(header, "Cluster-wide permissions of " + what + ": controllers that watch all namespaces,",
              "and cluster-scoped types (dev.kopgen.model.RbacRules)."),
          role("ClusterRole", rbacName, Optional.empty(), labels, permissions.clusterRules())));
      files.put("clusterrolebinding" + suffix + ".yaml", Yaml.document(
          List.of(header),
          binding("ClusterRoleBinding", rbacName, Optional.empty(), "ClusterRole", name, s.namespace(), labels)));
    }
    permissions.namespaceRules().forEach((ns, rules) -> {
      files.put("role" + suffix + "-in-" + ns + ".yaml", Yaml.document(
          List.of(header, "Permissions of " + what + " in the watched namespace " + ns
              + " (dev.kopgen.model.RbacRules)."),
          role("Role", rbacName, Optional.of(ns), labels, rules)));
      files.put("rolebinding" + suffix + "-in-" + ns + ".yaml", Yaml.document(
          List.of(header),
          binding("RoleBinding", rbacName, Optional.of(ns), "Role", name, s.namespace(), labels)));
    });
    if (!permissions.leaseRules().isEmpty()) {
      String leaseRole = name + "-leader-election";
      files.put("role" + suffix + "-leader-election.yaml", Yaml.document(
          List.of(header, "Leader election of " + what + ": create Leases (RBAC cannot limit create by",
              "name), and read, watch and renew only its own Leases."),
          role("Role", leaseRole, Optional.of(s.namespace()), labels, permissions.leaseRules())));
      files.put("rolebinding" + suffix + "-leader-election.yaml", Yaml.document(
          List.of(header),
          binding("RoleBinding", leaseRole, Optional.of(s.namespace()), "Role", name, s.namespace(), labels)));
    }

    files.put("deployment" + suffix + ".yaml", Yaml.document(
        List.of(header, "Runs " + what + ". The image's entrypoint starts the operator."),
        deployment(plan, s, labels)));
    AvailabilityRules.replicaSpread(plan.workload().leaderElection()).ifPresent(spread ->
        files.put("poddisruptionbudget" + suffix + ".yaml", Yaml.document(
            List.of(header, "Keeps a drain from evicting the leader and its standbys of " + what + " at once."),
            ReplicaPlacement.disruptionBudget(spread, name, s.namespace(), labels, podSelector(labels)))));
  }

  private static Obj podSelector(Map<String, String> labels) {
    return Yaml.obj().put("matchLabels", Yaml.obj()
        .put(INSTANCE_LABEL, labels.get(INSTANCE_LABEL))
        .put(NAME_LABEL, labels.get(NAME_LABEL)));
  }

  private static Map<String, String> labels(ManifestSettings s, String instance) {
    Map<String, String> labels = new TreeMap<>(s.labels());
    labels.put(NAME_LABEL, s.name());
    labels.put(INSTANCE_LABEL, instance);
    labels.put(COMPONENT_LABEL, "operator");
    labels.put(MANAGED_BY_LABEL, "kopgen");
    return labels;
  }

  private static Obj metadata(String name, Optional<String> namespace, Map<String, String> labels) {
    Obj m = Yaml.obj().put("name", name);
    namespace.ifPresent(ns -> m.put("namespace", ns));
    return m.put("labels", Yaml.obj().putAll(labels));
  }

  private static Obj role(String kind, String name, Optional<String> ns, Map<String, String> labels, List<Rule> rules) {
    List<Obj> ruleObjs = new ArrayList<>();
    for (Rule r : rules) {
      Obj o = Yaml.obj().put("apiGroups", List.of(r.apiGroup()))
          .put("resources", List.of(r.resource()), r.notes().isEmpty() ? null : String.join("; ", r.notes()));
      if (!r.resourceNames().isEmpty()) {
        o.put("resourceNames", r.resourceNames());
      }
      ruleObjs.add(o.put("verbs", r.verbs()));
    }
    return Yaml.obj()
        .put("apiVersion", "rbac.authorization.k8s.io/v1")
        .put("kind", kind)
        .put("metadata", metadata(name, ns, labels))
        .put("rules", ruleObjs);
  }

  private static Obj binding(String kind, String name, Optional<String> ns, String roleKind,
      String serviceAccount, String serviceAccountNamespace, Map<String, String> labels) {
    return Yaml.obj()
        .put("apiVersion", "rbac.authorization.k8s.io/v1")
        .put("kind", kind)
        .put("metadata", metadata(name, ns, labels))
        .put("roleRef", Yaml.obj()
            .put("apiGroup", "rbac.authorization.k8s.io")
            .put("kind", roleKind)
            .put("name", name))
        .put("subjects", List.of(Yaml.obj()
            .put("kind", "ServiceAccount")
            .put("name", serviceAccount)
            .put("namespace", serviceAccountNamespace)));
  }

  private static Obj deployment(Plan plan, ManifestSettings s, Map<String, String> labels) {
    Obj strategy = Yaml.obj().put("type", plan.strategy().kubernetesName(), plan.strategy().reason());
    if (plan.strategy() == Strategy.ROLLING_UPDATE) {
      strategy.put("rollingUpdate", Yaml.obj().put("maxSurge", 1).put("maxUnavailable", 0));
    }

    List<Obj> env = new ArrayList<>();
    env.add(fieldEnv("POD_NAME", "metadata.name"));
    env.add(fieldEnv("POD_NAMESPACE", "metadata.namespace"));
    env.add(Yaml.obj().put("name", HEALTH_PORT_ENV).put("value", Integer.toString(s.healthPort())));
    plan.workload().shardSelection().ifPresent(selection ->
        env.add(Yaml.obj().put("name", Workloads.SHARD_ENV).put("value", selection)));

    Obj resources = Yaml.obj();
    if (!s.requests().isEmpty()) {
      resources.put("requests", Yaml.obj().putAll(s.requests()));
    }
    if (!s.limits().isEmpty()) {
      Obj limits = Yaml.obj();
      s.limits().forEach((k, v) ->
          limits.put(k, v, k.equals("memory") ? ImageRules.memoryLimitReason() : null));
      resources.put("limits", limits);
    }

    Obj container = Yaml.obj()
        .put("name", CONTAINER)
        .put("image", s.image())
        .put("env", env)
        .put("ports", List.of(Yaml.obj().put("name", "health").put("containerPort", s.healthPort())))
        .put("startupProbe", probe("/healthz", 2, 60),
            "up to 2 minutes for the JVM to start before liveness applies")
        .put("readinessProbe", probe("/readyz", 5, 3),
            "ready once the informers have synced; never tied to leadership, so standbys are ready")
        .put("livenessProbe", probe("/healthz", 10, 3))
        .put("resources", resources)
        .put("securityContext", Yaml.obj()
            .put("allowPrivilegeEscalation", false)
            .put("capabilities", Yaml.obj().put("drop", List.of("ALL")))
            .put("readOnlyRootFilesystem", true)
            .put("runAsNonRoot", true))
        .put("volumeMounts", List.of(Yaml.obj().put("name", "tmp").put("mountPath", "/tmp")));

    Obj podSpec = Yaml.obj()
        .put("serviceAccountName", plan.name())
        .put("terminationGracePeriodSeconds", plan.gracePeriod(), plan.gracePeriodReason())
        .put("securityContext", Yaml.obj()
            .put("runAsNonRoot", true)
            .put("runAsUser", RUN_AS_USER, "non-root even when the image (e.g. Jib's default base) runs as root")
            .put("runAsGroup", ImageRules.GROUP_ID)
            .put("seccompProfile", Yaml.obj().put("type", "RuntimeDefault")),
            "restricted Pod Security profile")
        .put("containers", List.of(container))
        .put("volumes", List.of(Yaml.obj().put("name", "tmp").put("emptyDir", Yaml.obj())),
            "writable /tmp for the JVM on a read-only root filesystem");
    AvailabilityRules.replicaSpread(plan.workload().leaderElection()).ifPresent(spread ->
        podSpec.put("topologySpreadConstraints",
            List.of(ReplicaPlacement.spreadConstraint(spread, podSelector(labels))), spread.spreadReason()));

    Obj selector = Yaml.obj().put("matchLabels", Yaml.obj()
        .put(INSTANCE_LABEL, labels.get(INSTANCE_LABEL))
        .put(NAME_LABEL, labels.get(NAME_LABEL)));

    return Yaml.obj()
        .put("apiVersion", "apps/v1")
        .put("kind", "Deployment")
        .put("metadata", metadata(plan.name(), Optional.of(s.namespace()), labels))
        .put("spec", Yaml.obj()
            .put("replicas", plan.replicas(), plan.replicasReason())
            .put("selector", selector)
            .put("strategy", strategy)
            .put("template", Yaml.obj()
                .put("metadata", Yaml.obj().put("labels", Yaml.obj().putAll(labels)))
                .put("spec", podSpec)));
  }

  private static Obj fieldEnv(String name, String fieldPath) {
    return Yaml.obj()
        .put("name", name)
        .put("valueFrom", Yaml.obj().put("fieldRef", Yaml.obj().put("fieldPath", fieldPath)));
  }

  private static Obj probe(String path, int periodSeconds, int failureThreshold) {
    return Yaml.obj()
        .put("httpGet", Yaml.obj().put("path", path).put("port", "health"))
        .put("periodSeconds", periodSeconds)
        .put("failureThreshold", failureThreshold);
  }
}
