package dev.kopgen.devloop;

import dev.kopgen.rules.PodContract;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The operator as a child JVM of Maven: its output (stdout and stderr) is passed on line by line
 * with a prefix, and lines matching the reconcile pattern are counted.
 *
 * <p>Signals: a terminal's Ctrl+C goes to every process of its foreground process group, Maven and
 * its children alike. Were the operator to get it too, the SIGTERM Maven sends next would be its
 * second signal, which kopgen's runtime takes as "exit now" (status 130), skipping the drain. So on
 * POSIX systems the operator starts through {@code sh} with SIGINT ignored (an ignored signal stays
 * ignored across exec, and the JVM then installs no handler for it): Maven alone decides when the
 * operator stops, and it sends exactly one SIGTERM, as the kubelet does. SIGTERM, SIGHUP (the
 * terminal closing) and SIGKILL still reach it.
 */
final class OperatorChild {

  /** What each line of the operator's output is prefixed with. */
  static final String PREFIX = "[operator] ";

  /** Environment variables removed from what the child inherits from Maven (see start). */
  private static final List<String> SCRUBBED_PREFIXES = List.of("KUBERNETES_", "KOPGEN_");

  private static final List<String> SCRUBBED =
      List.of("KUBECONFIG", PodContract.POD_NAME_ENV, PodContract.POD_NAMESPACE_ENV);

  private final Process process;
  private final Thread pump;
  private final AtomicInteger reconcileLines;
  private final long startedNanos;

  private OperatorChild(Process process, Thread pump, AtomicInteger lines, long startedNanos) {
    this.process = process;
    this.pump = pump;
    this.reconcileLines = lines;
    this.startedNanos = startedNanos;
  }

  /**
   * Starts {@code java [jvmArgs] -cp <classpath> <mainClass>}.
   *
   * @param java the java executable
   * @param environment the variables to set; whatever the user's shell had for a Kubernetes client
   *     ({@code KUBECONFIG}, {@code KUBERNETES_*}) or for kopgen is removed first, so the operator
   *     can only ever reach the dev API server
   * @param workDir where the argument file (holding the classpath) goes
   * @param output receives each output line, prefixed with {@value #PREFIX}
   * @param reconcile lines matching it (anywhere) are counted
   */
  static OperatorChild start(
      Path java,
      List<String> jvmArgs,
      List<Path> classpath,
      String mainClass,
      Map<String, String> environment,
      Path workDir,
      Consumer<String> output,
      Pattern reconcile) {
    return start(
        java, jvmArgs, classpath, mainClass, environment, workDir, output, reconcile, PREFIX);
  }

  /** {@link #start} with each output line prefixed {@code prefix} (a replica's name). */
  static OperatorChild start(
      Path java,
      List<String> jvmArgs,
      List<Path> classpath,
      String mainClass,
      Map<String, String> environment,
      Path workDir,
      Consumer<String> output,
      Pattern reconcile,
      String prefix) {
    List<String> command = new ArrayList<>();
    if (!isWindows()) {
      command.addAll(List.of("sh", "-c", "trap '' INT; exec \"$@\"", "kopgen-operator"));
    }
    command.add(java.toString());
    command.addAll(jvmArgs);
    // An argument file keeps long classpaths clear of command-line length limits.
    Path argFile = workDir.resolve("operator-classpath.args");
    StringBuilder cp = new StringBuilder();
    for (Path p : classpath) {
      if (cp.length() > 0) {
        cp.append(File.pathSeparatorChar);
      }
      cp.append(p.toAbsolutePath());
    }
    try {
      Files.writeString(
          argFile,
          "-cp \"" + cp.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + argFile, e);
    }
    command.add("@" + argFile);
    command.add(mainClass);

    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment()
        .keySet()
        .removeIf(k -> SCRUBBED.contains(k) || SCRUBBED_PREFIXES.stream().anyMatch(k::startsWith));
    // Never fall back to a pod's mounted token when Maven itself runs in a cluster (CI).
    pb.environment().put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    pb.environment().putAll(environment);
    // The operator shuts down when this JVM exits, even if Maven is killed and cannot stop it
    // (dev.kopgen.runtime.operator.ParentWatch): no orphan keeps running.
    pb.environment().put(PodContract.PARENT_PID_ENV, Long.toString(ProcessHandle.current().pid()));
    Process process;
    long started = System.nanoTime();
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new DevLoopException(
          "cannot start the operator (" + String.join(" ", command) + "): " + e.getMessage(), e);
    }
    AtomicInteger lines = new AtomicInteger();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (reconcile.matcher(line).find()) {
                    lines.incrementAndGet();
                  }
                  output.accept(prefix + line);
                }
              } catch (IOException e) {
                output.accept(prefix + "(output ended: " + e.getMessage() + ")");
              }
            },
            "kopgen-dev-operator-output");
    pump.setDaemon(true);
    pump.start();
    return new OperatorChild(process, pump, lines, started);
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Completes when the process has exited. */
  CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  /** Output lines that matched the reconcile pattern so far. */
  int reconcileLines() {
    return reconcileLines.get();
  }

  /** How long it has been running. */
  Duration uptime() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /** The exit status, if it has exited. */
  OptionalInt exitStatus() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  /**
   * How the operator ended.
   *
   * @param exitStatus its exit status
   * @param took from SIGTERM to exit (zero if it had exited already)
   * @param signalled whether it was still running and got SIGTERM
   * @param killed whether it outlived the grace period and was killed (SIGKILL)
   */
  record Stopped(int exitStatus, Duration took, boolean signalled, boolean killed) {}

  /**
   * Sends SIGTERM (if it still runs), waits up to {@code grace} for it to exit, then kills it, as
   * the kubelet does with a pod's {@code terminationGracePeriodSeconds}. Waits until its output has
   * been passed on.
   */
  Stopped stop(Duration grace) throws InterruptedException {
    boolean signalled = false;
    boolean killed = false;
    long start = System.nanoTime();
    if (process.isAlive()) {
      signalled = true;
      // SIGTERM on POSIX systems. Through the handle: Process.destroy() would also close the
      // output pipe, cutting off what the operator logs while it shuts down.
      process.toHandle().destroy();
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        killed = true;
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
    Duration took = signalled ? Duration.ofNanos(System.nanoTime() - start) : Duration.ZERO;
    pump.join(5_000);
    return new Stopped(process.isAlive() ? -1 : process.exitValue(), took, signalled, killed);
  }
}
