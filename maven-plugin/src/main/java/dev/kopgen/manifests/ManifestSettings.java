package dev.kopgen.manifests;

import dev.kopgen.rules.PodContract;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How the manifests are parameterized beyond what the descriptor says. Validated by {@link
 * SettingsCheck}, which reports each problem against its {@link Setting}.
 *
 * @param name the operator's name: Deployment, ServiceAccount and {@code app.kubernetes.io/name}
 * @param namespace the namespace the operator runs in (its Deployments, ServiceAccounts and Leases)
 * @param image the container image, whose entrypoint runs the operator
 * @param replicas overrides the replicas the annotations declare
 * @param requests container resource requests, sorted
 * @param limits container resource limits, sorted
 * @param labels labels added to every object, sorted
 * @param healthPort the port of {@code /readyz} and {@code /healthz}
 * @param terminationGracePeriodSeconds overrides the grace period the shutdown budget derives
 * @param crdClasses the classes to generate CRDs for; empty: the project's custom resources
 * @param createNamespace whether the manifests create the operator's namespace (false when it is
 *     managed elsewhere); see {@link dev.kopgen.rules.OperatorNamespace}
 * @param admissionFence whether elected workloads get the server-side fence (a
 *     ValidatingAdmissionPolicy per Lease); see {@link dev.kopgen.rules.LeaseFence}
 */
public record ManifestSettings(
    String name,
    String namespace,
    String image,
    OptionalInt replicas,
    SortedMap<String, String> requests,
    SortedMap<String, String> limits,
    SortedMap<String, String> labels,
    int healthPort,
    OptionalLong terminationGracePeriodSeconds,
    Optional<List<String>> crdClasses,
    boolean createNamespace,
    boolean admissionFence) {

  /** Default requests: enough for a JVM with a few informers to start promptly. */
  public static final Map<String, String> DEFAULT_REQUESTS =
      Map.of("cpu", "100m", "memory", "256Mi");

  /**
   * Default limits: memory only. A CPU limit throttles the JVM's start and GC pauses without
   * protecting anyone, so none is set.
   */
  public static final Map<String, String> DEFAULT_LIMITS = Map.of("memory", "512Mi");

  /** The default health port. */
  public static final int DEFAULT_HEALTH_PORT = PodContract.DEFAULT_HEALTH_PORT;

  public ManifestSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(replicas, "replicas");
    requests = new TreeMap<>(requests);
    limits = new TreeMap<>(limits);
    labels = new TreeMap<>(labels);
    Objects.requireNonNull(terminationGracePeriodSeconds, "terminationGracePeriodSeconds");
    crdClasses = crdClasses.map(List::copyOf);
  }

  /** Settings with every default: the given name and image, namespace {@code default}. */
  public static ManifestSettings defaults(String name, String image) {
    return new ManifestSettings(
        name,
        "default",
        image,
        OptionalInt.empty(),
        new TreeMap<>(DEFAULT_REQUESTS),
        new TreeMap<>(DEFAULT_LIMITS),
        new TreeMap<>(),
        DEFAULT_HEALTH_PORT,
        OptionalLong.empty(),
        Optional.empty(),
        true,
        true);
  }

  /** The memory limit in bytes, if the settings set one (and it is a quantity). */
  public OptionalLong memoryLimitBytes() {
    return Optional.ofNullable(limits.get("memory"))
        .flatMap(Quantity::parse)
        .map(q -> OptionalLong.of(q.setScale(0, RoundingMode.DOWN).longValueExact()))
        .orElse(OptionalLong.empty());
  }

  /** The CPU limit in millicores, if the settings set one (and it is a quantity). */
  public OptionalLong cpuLimitMillis() {
    return Optional.ofNullable(limits.get("cpu"))
        .flatMap(Quantity::parse)
        .map(
            q -> OptionalLong.of(q.movePointRight(3).setScale(0, RoundingMode.UP).longValueExact()))
        .orElse(OptionalLong.empty());
  }

  public ManifestSettings withNamespace(String value) {
    return new ManifestSettings(
        name,
        value,
        image,
        replicas,
        requests,
        limits,
        labels,
        healthPort,
        terminationGracePeriodSeconds,
        crdClasses,
        createNamespace,
        admissionFence);
  }

  public ManifestSettings withReplicas(OptionalInt value) {
    return new ManifestSettings(
        name,
        namespace,
        image,
        value,
        requests,
        limits,
        labels,
        healthPort,
        terminationGracePeriodSeconds,
        crdClasses,
        createNamespace,
        admissionFence);
  }

  public ManifestSettings withResources(Map<String, String> req, Map<String, String> lim) {
    return new ManifestSettings(
        name,
        namespace,
        image,
        replicas,
        new TreeMap<>(req),
        new TreeMap<>(lim),
        labels,
        healthPort,
        terminationGracePeriodSeconds,
        crdClasses,
        createNamespace,
        admissionFence);
  }

  public ManifestSettings withLabels(Map<String, String> value) {
    return new ManifestSettings(
        name,
        namespace,
        image,
        replicas,
        requests,
        limits,
        new TreeMap<>(value),
        healthPort,
        terminationGracePeriodSeconds,
        crdClasses,
        createNamespace,
        admissionFence);
  }

  public ManifestSettings withHealthPort(int value) {
    return new ManifestSettings(
        name,
        namespace,
        image,
        replicas,
        requests,
        limits,
        labels,
        value,
        terminationGracePeriodSeconds,
        crdClasses,
        createNamespace,
        admissionFence);
  }

  public ManifestSettings withTerminationGracePeriodSeconds(OptionalLong value) {
    return new ManifestSettings(
        name,
        namespace,
        image,
        replicas,
        requests,
        limits,
        labels,
        healthPort,
        value,
        crdClasses,
        createNamespace,
        admissionFence);
  }

  public ManifestSettings withCrdClasses(Optional<List<String>> value) {
    return new ManifestSettings(
        name,
        namespace,
        image,
        replicas,
        requests,
        limits,
        labels,
        healthPort,
        terminationGracePeriodSeconds,
        value,
        createNamespace,
        admissionFence);
  }

  public ManifestSettings withCreateNamespace(boolean value) {
    return new ManifestSettings(
        name,
        namespace,
        image,
        replicas,
        requests,
        limits,
        labels,
        healthPort,
        terminationGracePeriodSeconds,
        crdClasses,
        value,
        admissionFence);
  }

  public ManifestSettings withAdmissionFence(boolean value) {
    return new ManifestSettings(
        name,
        namespace,
        image,
        replicas,
        requests,
        limits,
        labels,
        healthPort,
        terminationGracePeriodSeconds,
        crdClasses,
        createNamespace,
        value);
  }
}
