package dev.kopgen.maven;

import dev.kopgen.devloop.ApiServerMode;
import dev.kopgen.devloop.DevLog;
import dev.kopgen.devloop.DevLoop;
import dev.kopgen.devloop.DevLoopException;
import dev.kopgen.devloop.DevLoopSettings;
import dev.kopgen.devloop.DevLoopSummary;
import dev.kopgen.devloop.KubeApiTestBinaries;
import dev.kopgen.manifests.ManifestSettings;
import dev.kopgen.manifests.OperatorPlan;
import dev.kopgen.manifests.Setting;
import dev.kopgen.rules.Durations;
import dev.kopgen.rules.OperatorDescriptor;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * The local dev loop: compiles the operator, starts a Kubernetes API server on this machine (the
 * real kube-apiserver, from kube-api-test's binaries or built from Go modules), applies the
 * operator's CRDs, namespace, ServiceAccount and RBAC (generated in memory exactly as {@code
 * kopgen:generate} writes them), runs the operator as a child JVM under its ServiceAccount, applies
 * the samples from {@code src/main/k8s}, and shows the operator's output prefixed {@code
 * [operator]} until Ctrl+C (or {@code kopgen.dev.exitAfter}). Then the operator gets SIGTERM and
 * shuts down gracefully, and the API server stops.
 *
 * <pre>mvn kopgen:dev</pre>
 *
 * <p>This class only adapts Maven configuration to {@link DevLoop}; the manifests are planned as
 * for {@code kopgen:generate} ({@link AbstractKopgenMojo}).
 */
@Mojo(name = "dev", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.COMPILE)
public class DevMojo extends AbstractKopgenMojo {

  /**
   * The directory of sample resources applied once the operator is ready: every {@code *.yaml} and
   * {@code *.yml} directly in it, by file name. Objects without a namespace go to {@code
   * kopgen.dev.namespace}.
   */
  @Parameter(property = "kopgen.dev.samples", defaultValue = "${project.basedir}/src/main/k8s")
  File samples;

  /** Sample files not to apply: file-name globs, comma-separated, e.g. {@code big-*.yaml}. */
  @Parameter(property = "kopgen.dev.excludes")
  List<String> excludes;

  /** The namespace the operator runs in (ServiceAccount, Leases) and samples go to. */
  @Parameter(property = "kopgen.dev.namespace", defaultValue = DevLoopSettings.DEFAULT_NAMESPACE)
  String devNamespace;

  /** The operator's health port ({@code /readyz}, {@code /healthz}); 0 picks a free one. */
  @Parameter(property = "kopgen.dev.healthPort", defaultValue = "0")
  int devHealthPort;

  /**
   * {@code real} (the default): the real kube-apiserver, from kube-api-test's binaries, else built
   * from Go modules when Go is installed, else the goal fails saying what to install. {@code mock}:
   * the fabric8 mock server, only on request: no RBAC, and server-side apply answers 415, so
   * operators applying children or status server-side fail there.
   */
  @Parameter(property = "kopgen.dev.apiServer", defaultValue = "real")
  String apiServer;

  /**
   * How many operator JVMs to run (1 to 5), each with its own {@code POD_NAME} ({@code
   * <name>-dev-0}, {@code -1}, ...) and health port, output prefixed with that name: one leads, the
   * others stand by; stop the leader to watch the hand-over.
   */
  @Parameter(property = "kopgen.dev.replicas", defaultValue = "1")
  int replicas;

  /**
   * The directory holding {@code k8s/<version>-<os>-<arch>/{etcd,kube-apiserver,kubectl}}; default:
   * the environment variable {@code KUBE_API_TEST_DIR}, else {@code ~/.kubeapitest}. Same property
   * as kopgen's real-API-server tests.
   */
  @Parameter(property = "kopgen.apiserver.dir")
  String apiServerDirectory;

  /**
   * Stops the loop by itself this long after the samples were applied, e.g. {@code 30s}, and fails
   * the build unless the operator then exits with status 0 (for CI and tests). Default: run until
   * Ctrl+C.
   */
  @Parameter(property = "kopgen.dev.exitAfter")
  String exitAfter;

  /** Options for the operator's JVM, separated by spaces. The default starts it faster. */
  @Parameter(property = "kopgen.dev.jvmArgs", defaultValue = "-XX:TieredStopAtLevel=1")
  String jvmArgs;

  /**
   * Which Deployment to run: empty for the main one (the unsharded controllers), else a shard's
   * {@code <controller>-<shard>} (its file is {@code deployment-<controller>-<shard>.yaml}).
   */
  @Parameter(property = "kopgen.dev.workload")
  String workload;

  /** Operator output lines counted as reconciles in the summary (a Java regex, found anywhere). */
  @Parameter(
      property = "kopgen.dev.reconcilePattern",
      defaultValue = DevLoopSettings.DEFAULT_RECONCILE_PATTERN)
  String reconcilePattern;

  /** Where the dev loop keeps its kubeconfig and the API server's certificates. */
  @Parameter(defaultValue = "${project.build.directory}/kopgen-dev", readonly = true)
  File workDirectory;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    OperatorDescriptor descriptor = readDescriptor();
    DevLoop loop;
    try {
      loop = new DevLoop(settings(descriptor, plan(descriptor, manifestSettings())), mavenLog());
    } catch (DevLoopException e) {
      throw new MojoFailureException("kopgen dev: " + e.getMessage());
    }
    // Ctrl+C ends the Maven JVM: its shutdown hooks run while this thread still works, so the
    // hook asks the loop to stop and waits until the operator has shut down and the API server
    // has stopped (the loop does that on this thread).
    Thread hook =
        new Thread(
            () -> {
              loop.requestStop("Maven is shutting down (Ctrl+C or a signal)");
              try {
                loop.awaitFinished(Duration.ofMinutes(5));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "kopgen-dev-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    DevLoopSummary summary;
    try {
      summary = loop.run();
    } catch (DevLoopException e) {
      throw new MojoFailureException("kopgen dev: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("kopgen dev: interrupted", e);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it returns once the loop has finished, which it has
      }
    }
    getLog().info("kopgen dev: summary");
    summary.lines().forEach(l -> getLog().info("kopgen dev:   " + l));
    if (summary.exitStatus().isPresent() && !summary.clean()) {
      throw new MojoFailureException(
          "kopgen dev: the operator ended with status "
              + summary.exitStatus().getAsInt()
              + (summary.killed() ? " (killed after its grace period)" : "")
              + ": see its [operator] output above");
    }
  }

  private ManifestSettings manifestSettings() {
    return shared(ManifestSettings.defaults(name, project.getArtifactId() + ":dev"))
        .withNamespace(devNamespace)
        // The dev loop creates its namespace itself and runs the operator as a local process
        // acting as the ServiceAccount, with no pod and so no pod-bound token: the server-side
        // fence would refuse all its writes (the client-side fence still applies).
        .withCreateNamespace(false)
        .withAdmissionFence(false);
  }

  private DevLoopSettings settings(OperatorDescriptor descriptor, OperatorPlan plan)
      throws MojoExecutionException, MojoFailureException {
    List<Path> classpath;
    try {
      classpath = project.getRuntimeClasspathElements().stream().map(Path::of).toList();
    } catch (DependencyResolutionRequiredException e) {
      throw new MojoExecutionException("kopgen dev: cannot build the runtime classpath", e);
    }
    Optional<Duration> stopAfter = Optional.empty();
    if (exitAfter != null && !exitAfter.isBlank()) {
      try {
        stopAfter = Optional.of(Durations.parse(exitAfter.trim()));
      } catch (IllegalArgumentException e) {
        throw new MojoFailureException("kopgen dev: kopgen.dev.exitAfter: " + e.getMessage());
      }
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(reconcilePattern);
    } catch (PatternSyntaxException e) {
      throw new MojoFailureException(
          "kopgen dev: kopgen.dev.reconcilePattern is not a regular expression: " + e.getMessage());
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("win");
    return new DevLoopSettings(
        plan,
        descriptor.entryPoint(),
        classpath,
        workload,
        samples.toPath(),
        excludes == null ? List.of() : excludes,
        devNamespace,
        devHealthPort,
        ApiServerMode.parse(apiServer),
        KubeApiTestBinaries.directory(
            apiServerDirectory,
            System.getenv(KubeApiTestBinaries.DIR_ENV),
            System.getProperty("user.home")),
        stopAfter,
        jvmArgs == null || jvmArgs.isBlank()
            ? List.of()
            : Arrays.asList(jvmArgs.trim().split("\\s+")),
        pattern,
        workDirectory.toPath(),
        Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java"),
        replicas);
  }

  private DevLog mavenLog() {
    return new DevLog() {
      @Override
      public void info(String line) {
        getLog().info(line);
      }

      @Override
      public void warn(String line) {
        getLog().warn(line);
      }
    };
  }

  @Override
  String messagePrefix() {
    return "kopgen dev:";
  }

  /** The dev loop's namespace is its own element; every other setting is generate's. */
  @Override
  String pomElement(Setting setting) {
    return setting == Setting.NAMESPACE
        ? "<devNamespace> (kopgen.dev.namespace)"
        : super.pomElement(setting);
  }
}
