package dev.kopgen.manifests;

import dev.kopgen.rules.AvailabilityRules;
import dev.kopgen.rules.AvailabilityRules.ShutdownBudget;
import dev.kopgen.rules.AvailabilityRules.Strategy;
import dev.kopgen.rules.ImageRules.JvmSettings;
import dev.kopgen.rules.LeaseFence;
import dev.kopgen.rules.LeaseFence.Fence;
import dev.kopgen.rules.PodContract;
import dev.kopgen.rules.RbacRules;
import dev.kopgen.rules.RbacRules.ApiResource;
import dev.kopgen.rules.RbacRules.Permissions;
import dev.kopgen.rules.Workloads.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How one workload (the unsharded controllers, or one shard of a {@code @Sharded} controller) is
 * deployed: everything its Deployment, ServiceAccount and RBAC say, each rule-driven value with its
 * reason, computed from the descriptor and the settings by the rules of {@code dev.kopgen.rules}.
 * {@link ManifestYaml} only renders it; {@code kopgen:dev} runs the operator from it
 * (ServiceAccount, environment, grace period) without reading YAML back.
 *
 * @param workload the controllers it runs
 * @param name the Deployment's name, also its ServiceAccount's and its pods' {@code
 *     app.kubernetes.io/instance}
 * @param replicas the Deployment's replica count
 * @param replicasReason why ({@link AvailabilityRules#replicas}, or the plugin configuration)
 * @param strategy the Deployment's strategy; it carries its reason
 * @param gracePeriodSeconds the pod's {@code terminationGracePeriodSeconds}
 * @param gracePeriodReason why ({@link AvailabilityRules#shutdownBudget}, or the configuration)
 * @param serviceAccount the ServiceAccount the pods run as, in the operator's namespace
 * @param permissions what RBAC grants that ServiceAccount ({@link RbacRules#permissions})
 * @param fences the server-side fences of its Leases ({@link LeaseFence#fences}); empty when the
 *     admission fence is off
 * @param unfenced resources written under more than one Lease, which no fence covers
 * @param env the container's environment, in order
 * @param labels the labels of its objects and pods, sorted
 */
public record WorkloadPlan(
    Workload workload,
    String name,
    int replicas,
    String replicasReason,
    Strategy strategy,
    long gracePeriodSeconds,
    String gracePeriodReason,
    String serviceAccount,
    Permissions permissions,
    List<Fence> fences,
    List<String> unfenced,
    List<EnvVar> env,
    SortedMap<String, String> labels) {

  /**
   * The JVM's standard variable for options: every JVM reads it, whatever starts it, so an image
   * not built by kopgen's Jib setup runs with kopgen's JVM settings too.
   */
  public static final String JAVA_TOOL_OPTIONS_ENV = "JAVA_TOOL_OPTIONS";

  public WorkloadPlan {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(permissions, "permissions");
    fences = List.copyOf(fences);
    unfenced = List.copyOf(unfenced);
    env = List.copyOf(env);
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  /**
   * One environment variable of the container: a literal value, or a field of the pod.
   *
   * @param name the variable
   * @param value its literal value, if it has one
   * @param fieldPath the pod field it is read from ({@code metadata.name}), if it has no value
   * @param comment comment lines written above it in the YAML (its reasons); may be empty
   */
  public record EnvVar(
      String name, Optional<String> value, Optional<String> fieldPath, List<String> comment) {
    public EnvVar {
      Objects.requireNonNull(name, "name");
      if (value.isPresent() == fieldPath.isPresent()) {
        throw new IllegalArgumentException(name + ": either a value or a field path");
      }
      comment = List.copyOf(comment);
    }

    static EnvVar literal(String name, String value) {
      return new EnvVar(name, Optional.of(value), Optional.empty(), List.of());
    }

    static EnvVar field(String name, String fieldPath) {
      return new EnvVar(name, Optional.empty(), Optional.of(fieldPath), List.of());
    }
  }

  /**
   * A short name unique among the operator's workloads: empty for the main one, else {@code
   * <controller>-<shard>}.
   */
  public String id() {
    return workload.id();
  }

  /**
   * What the workload runs, for messages and comments: "the unsharded controllers", or the shard.
   */
  public String description() {
    return describe(workload);
  }

  /** Appended to the names of its files: empty for the main workload, else {@code -<id>}. */
  public String fileSuffix() {
    return id().isEmpty() ? "" : "-" + id();
  }

  /** {@link #gracePeriodSeconds} as a duration: how long a graceful shutdown may take. */
  public Duration gracePeriod() {
    return Duration.ofSeconds(gracePeriodSeconds);
  }

  /** The variables of {@link #env} that have a literal value, by name. */
  public SortedMap<String, String> literalEnvironment() {
    SortedMap<String, String> literal = new TreeMap<>();
    env.forEach(e -> e.value().ifPresent(v -> literal.put(e.name(), v)));
    return literal;
  }

  /** The Deployment name of {@code w}: the operator's name, plus the shard's id for a shard. */
  static String deploymentName(ManifestSettings s, Workload w) {
    return w.id().isEmpty() ? s.name() : s.name() + "-" + w.id();
  }

  static String describe(Workload w) {
    return w.shard()
        .map(
            s ->
                "shard '"
                    + s.name()
                    + "' of controller '"
                    + w.members().get(0).controller().name()
                    + "'")
        .orElse("the unsharded controllers");
  }

  /**
   * The plan of {@code w}. The settings must have passed {@link SettingsCheck}.
   *
   * @param jvm the JVM settings for the container's limits
   * @param apiResources the API resource of each class the controllers name
   * @throws ManifestException if the annotations' replicas break a rule (a stale descriptor)
   */
  static WorkloadPlan of(
      Workload w, ManifestSettings s, JvmSettings jvm, Function<String, ApiResource> apiResources) {
    String name = deploymentName(s, w);
    boolean elected = w.leaderElection();

    int replicas;
    String replicasReason;
    if (s.replicas().isPresent()) {
      replicas = s.replicas().getAsInt();
      replicasReason = "from the plugin configuration";
    } else {
      replicas = AvailabilityRules.replicas(elected, w.declaredReplicas());
      AvailabilityRules.replicasProblem(replicas, elected)
          .ifPresent(
              p -> {
                throw new ManifestException(
                    describe(w)
                        + " (Deployment "
                        + name
                        + "): "
                        + p
                        + ": fix @LeaderElection(replicas) and recompile");
              });
      replicasReason =
          elected
              ? "@LeaderElection(replicas = " + replicas + "): one leader, the rest warm standbys"
              : "exactly one: without leader election a second instance would reconcile the same objects";
    }

    ShutdownBudget budget = w.shutdownBudget();
    long grace;
    String graceReason;
    if (s.terminationGracePeriodSeconds().isPresent()) {
      grace = s.terminationGracePeriodSeconds().getAsLong();
      graceReason =
          "from the plugin configuration; the shutdown budget needs "
              + budget.terminationGracePeriodSeconds()
              + " ("
              + budget.explanation()
              + ")";
    } else {
      grace = budget.terminationGracePeriodSeconds();
      graceReason = budget.explanation();
    }

    List<EnvVar> env = new ArrayList<>();
    env.add(EnvVar.field(PodContract.POD_NAME_ENV, "metadata.name"));
    env.add(EnvVar.field(PodContract.POD_NAMESPACE_ENV, "metadata.namespace"));
    env.add(EnvVar.literal(PodContract.HEALTH_PORT_ENV, Integer.toString(s.healthPort())));
    w.shardSelection()
        .ifPresent(selection -> env.add(EnvVar.literal(PodContract.SHARD_ENV, selection)));
    env.add(jvmOptions(jvm));

    return new WorkloadPlan(
        w,
        name,
        replicas,
        replicasReason,
        AvailabilityRules.strategy(elected),
        grace,
        graceReason,
        name,
        RbacRules.permissions(w, apiResources),
        s.admissionFence() ? LeaseFence.fences(w, apiResources) : List.of(),
        s.admissionFence() ? LeaseFence.sharedAcrossLeases(w, apiResources) : List.of(),
        env,
        KopgenLabels.workload(s, name));
  }

  /**
   * {@value #JAVA_TOOL_OPTIONS_ENV}, commented with each flag's reason and each option left alone.
   */
  private static EnvVar jvmOptions(JvmSettings jvm) {
    List<String> comment = new ArrayList<>();
    comment.add(
        "kopgen's JVM settings for this container's limits (dev.kopgen.rules.ImageRules), read by any");
    comment.add(
        "JVM the image starts; the entrypoint of the image kopgen has Jib build passes the same flags.");
    jvm.flags().forEach(f -> comment.add("  " + f.flag() + ": " + f.reason()));
    jvm.unset().forEach(u -> comment.add("  not set, " + u.option() + ": " + u.reason()));
    return new EnvVar(JAVA_TOOL_OPTIONS_ENV, Optional.of(jvm.line()), Optional.empty(), comment);
  }
}
