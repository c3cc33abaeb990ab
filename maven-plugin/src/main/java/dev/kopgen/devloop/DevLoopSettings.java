package dev.kopgen.devloop;

import dev.kopgen.manifests.ManifestYaml;
import dev.kopgen.manifests.Manifests;
import dev.kopgen.manifests.OperatorPlan;
import dev.kopgen.rules.KubeNames;
import dev.kopgen.rules.PodContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything one run of the dev loop needs.
 *
 * @param plan the operator's manifests as planned for {@code namespace}: what is applied, and how
 *     the operator runs (ServiceAccount, environment, grace period)
 * @param entryPoint the generated main class ({@code OperatorDescriptor.entryPoint()})
 * @param classpath the operator's runtime classpath, its compiled classes first
 * @param workload which Deployment to run: empty for the main one, else a shard's id
 * @param samplesDirectory where the sample resources are
 * @param sampleExcludes file-name globs of samples not to apply
 * @param namespace where the operator runs (its ServiceAccount, Leases) and samples without a
 *     namespace go
 * @param healthPort the operator's health port, 0 for a free one
 * @param apiServerMode which API server to use
 * @param apiServerDirectory kube-api-test's directory (holding {@code k8s/})
 * @param exitAfter stop by itself this long after the samples were applied; empty: until Ctrl+C
 * @param jvmArgs more options for the operator's JVM
 * @param reconcilePattern output lines counted as reconciles in the summary
 * @param workDirectory for the kubeconfig, the API server's files and the classpath file
 * @param java the java executable the operator runs with
 * @param replicas how many operator JVMs to run, each with its own {@code POD_NAME} and health
 *     port: with more than one, one leads and the others stand by, as in a cluster
 */
public record DevLoopSettings(
    OperatorPlan plan,
    String entryPoint,
    List<Path> classpath,
    String workload,
    Path samplesDirectory,
    List<String> sampleExcludes,
    String namespace,
    int healthPort,
    ApiServerMode apiServerMode,
    Path apiServerDirectory,
    Optional<Duration> exitAfter,
    List<String> jvmArgs,
    Pattern reconcilePattern,
    Path workDirectory,
    Path java,
    int replicas) {

  /** The manifests of {@link #plan}, as {@code kopgen:generate} would write them. */
  public Manifests manifests() {
    return ManifestYaml.render(plan);
  }

  /** The default namespace of the dev loop. */
  public static final String DEFAULT_NAMESPACE = "kopgen-dev";

  /**
   * Lines kopgen's runtime logs per reconcile (at DEBUG, which the dev loop turns on for
   * slf4j-simple): {@code controller <name>: reconciled <key> in <n> ms} and {@code controller
   * <name>: reconcile of <key> failed ...}.
   */
  public static final String DEFAULT_RECONCILE_PATTERN =
      "controller \\S+: (reconciled |reconcile of .* failed)";

  /**
   * Put in front of {@code jvmArgs}: with slf4j-simple (the archetype's logging backend), the
   * runtime's per-reconcile lines show. Other backends ignore it; configure them as usual.
   */
  public static final List<String> DEV_LOGGING =
      List.of("-Dorg.slf4j.simpleLogger.log.dev.kopgen.runtime.controller=debug");

  /** The most replicas {@code kopgen.dev.replicas} accepts (each is a JVM on this machine). */
  public static final int MAX_REPLICAS = 5;

  /** One replica. */
  public DevLoopSettings(
      OperatorPlan plan,
      String entryPoint,
      List<Path> classpath,
      String workload,
      Path samplesDirectory,
      List<String> sampleExcludes,
      String namespace,
      int healthPort,
      ApiServerMode apiServerMode,
      Path apiServerDirectory,
      Optional<Duration> exitAfter,
      List<String> jvmArgs,
      Pattern reconcilePattern,
      Path workDirectory,
      Path java) {
    this(
        plan,
        entryPoint,
        classpath,
        workload,
        samplesDirectory,
        sampleExcludes,
        namespace,
        healthPort,
        apiServerMode,
        apiServerDirectory,
        exitAfter,
        jvmArgs,
        reconcilePattern,
        workDirectory,
        java,
        1);
  }

  public DevLoopSettings {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(entryPoint, "entryPoint");
    classpath = List.copyOf(classpath);
    workload = workload == null ? "" : workload.trim();
    Objects.requireNonNull(samplesDirectory, "samplesDirectory");
    sampleExcludes = List.copyOf(sampleExcludes);
    Objects.requireNonNull(apiServerMode, "apiServerMode");
    Objects.requireNonNull(apiServerDirectory, "apiServerDirectory");
    Objects.requireNonNull(exitAfter, "exitAfter");
    jvmArgs = List.copyOf(jvmArgs);
    Objects.requireNonNull(reconcilePattern, "reconcilePattern");
    Objects.requireNonNull(workDirectory, "workDirectory");
    Objects.requireNonNull(java, "java");
    KubeNames.dnsLabelProblem(namespace)
        .ifPresent(
            p -> {
              throw new DevLoopException("kopgen.dev.namespace='" + namespace + "': " + p);
            });
    if (healthPort != 0 && PodContract.portProblem(healthPort).isPresent()) {
      throw new DevLoopException(
          "kopgen.dev.healthPort="
              + healthPort
              + " is not a port: use 1 to 65535, or 0 for a"
              + " free one");
    }
    if (replicas < 1 || replicas > MAX_REPLICAS) {
      throw new DevLoopException("kopgen.dev.replicas=" + replicas + ": use 1 to " + MAX_REPLICAS);
    }
    if (replicas > 1 && healthPort != 0) {
      throw new DevLoopException(
          "kopgen.dev.healthPort="
              + healthPort
              + " with kopgen.dev.replicas="
              + replicas
              + ": each replica needs a port of its own; leave the port at 0 (free ones)");
    }
    exitAfter.ifPresent(
        d -> {
          if (d.isNegative() || d.isZero()) {
            throw new DevLoopException("kopgen.dev.exitAfter must be positive, such as 30s");
          }
        });
  }
}
