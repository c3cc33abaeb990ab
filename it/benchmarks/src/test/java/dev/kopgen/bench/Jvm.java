package dev.kopgen.bench;

import dev.kopgen.it.TestApiServer;
import dev.kopgen.it.process.OperatorProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One benchmarked operator: a kopgen-it {@link OperatorProcess} started with the classpath its
 * framework ships with and the JVM flags of its {@link JvmMode}, as the generated pod would run it
 * (ServiceAccount token, client configured from the ServiceAccount's files), plus the reconcile
 * lines it printed.
 */
final class Jvm implements AutoCloseable {

  /** The ServiceAccount every benchmarked operator runs as (see {@link Cluster#prepare()}). */
  static final String SERVICE_ACCOUNT = "bench-operator";

  /** One {@code B <what> <name> <value> <µs>} line. */
  record Event(String what, String name, int value, long micros) {}

  private final Framework framework;
  private final JvmMode mode;
  private final OperatorProcess process;

  private Jvm(Framework framework, JvmMode mode, OperatorProcess process) {
    this.framework = framework;
    this.mode = mode;
    this.process = process;
  }

  static Jvm start(Framework framework, JvmMode mode, String podName, Map<String, String> env) {
    return start(framework, mode, podName, env, List.of());
  }

  /** {@link #start}, with {@code extraFlags} after the mode's (diagnostics such as class logs). */
  static Jvm start(
      Framework framework,
      JvmMode mode,
      String podName,
      Map<String, String> env,
      List<String> extraFlags) {
    List<String> flags = new ArrayList<>(mode.flags(framework));
    flags.addAll(extraFlags);
    Path work = Path.of(System.getProperty("kopgen.benchmarks.work"));
    flags.addAll(diagnosticFlags(work, podName));
    OperatorProcess process =
        OperatorProcess.builder(framework.mainClass)
            .classpath(classpath(framework))
            .jvmFlags(flags)
            .env(env)
            .pod(podName, BenchWork.NAMESPACE)
            .serviceAccount(TestApiServer.shared(), BenchWork.NAMESPACE, SERVICE_ACCOUNT)
            .inClusterConfig()
            .log(work.resolve("logs").resolve(podName + ".log"))
            .start();
    return new Jvm(framework, mode, process);
  }

  /**
   * With {@code -Dkopgen.benchmarks.gclog=true}, every benchmarked JVM also logs its collections
   * and safepoints, stamped with epoch milliseconds (the clock of the reconcile lines), to {@code
   * logs/<pod>.gc.log}: evidence for what a latency tail is made of. Off by default: the figures
   * are taken with the pod's flags alone.
   */
  static List<String> diagnosticFlags(Path work, String podName) {
    if (!Boolean.getBoolean("kopgen.benchmarks.gclog")) {
      return List.of();
    }
    Path log = work.resolve("logs").resolve(podName + ".gc.log").toAbsolutePath();
    return List.of("-Xlog:gc,safepoint:file=" + log + ":timemillis,uptimemillis");
  }

  /** Writes {@code text} to {@code logs/<name>} beside the processes' logs. */
  static void writeLog(String name, String text) {
    Path file = Path.of(System.getProperty("kopgen.benchmarks.work")).resolve("logs").resolve(name);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The module's classes, then the framework's runtime dependencies (from the build). With {@code
   * -Dkopgen.benchmarks.runtime=<dir or jar>}, kopgen's runtime comes from there instead of this
   * build's {@code runtime-lite}: an A/B of a runtime change with everything else equal.
   */
  static String classpath(Framework framework) {
    Path file =
        Path.of(System.getProperty("kopgen.benchmarks.classpaths"))
            .resolve(framework.classpathFile);
    try {
      String dependencies = Files.readString(file).trim();
      String runtime = System.getProperty("kopgen.benchmarks.runtime", "");
      if (!runtime.isBlank()) {
        List<String> entries = new ArrayList<>();
        for (String entry : dependencies.split(File.pathSeparator)) {
          boolean isRuntime =
              entry.replace('\\', '/').matches(".*/runtime-lite(/target/classes|-[^/]*\\.jar)$");
          entries.add(isRuntime ? runtime : entry);
        }
        dependencies = String.join(File.pathSeparator, entries);
      }
      return System.getProperty("kopgen.benchmarks.classes") + File.pathSeparator + dependencies;
    } catch (IOException e) {
      throw new UncheckedIOException("no classpath file " + file + ": run through Maven", e);
    }
  }

  Framework framework() {
    return framework;
  }

  JvmMode mode() {
    return mode;
  }

  String podName() {
    return process.podName();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Epoch µs just before exec. */
  long startMicros() {
    return process.startedAtMicros();
  }

  /** Epoch µs when the exit was seen, or -1. */
  long exitMicros() {
    return process.exitedAtMicros().orElse(-1);
  }

  /** Sends {@code SIG<name>}; returns epoch µs just before sending. */
  long signal(String name) {
    return process.signal(name);
  }

  /** Waits for the exit; returns the status. */
  int awaitExit(Duration timeout) {
    return process.awaitExit(timeout);
  }

  String logText() {
    return process.logText();
  }

  /** The last lines of the log, for error messages. */
  String tail() {
    return process.tail();
  }

  /** Every reconcile line printed so far. */
  List<Event> events() {
    List<Event> events = new ArrayList<>();
    for (String line : process.logLines()) {
      if (!line.startsWith("B ")) {
        continue;
      }
      String[] f = line.split(" ");
      if (f.length == 3 && f[1].equals("all")) {
        events.add(new Event("all", "", 0, Long.parseLong(f[2])));
      } else if (f.length == 5) {
        events.add(new Event(f[1], f[2], Integer.parseInt(f[3]), Long.parseLong(f[4])));
      }
    }
    return events;
  }

  /** Polls the events until one matches; returns it. */
  Event await(Predicate<Event> matches, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Event e : events()) {
        if (matches.test(e)) {
          return e;
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            podName()
                + " exited ("
                + process.exitStatus()
                + ") before the awaited reconcile line\n"
                + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            podName() + ": no awaited reconcile line within " + timeout + "\n" + tail());
      }
      sleep(20);
    }
  }

  /** Resident set size in bytes. */
  long rssBytes() {
    return process.rssBytes();
  }

  /** Live threads. */
  long threads() {
    return process.threads();
  }

  /**
   * CPU time the process has used so far (user + system, all threads), in ms, from {@code
   * /proc/<pid>/stat} (in clock ticks, taken as 100 per second, Linux's USER_HZ): work done, far
   * less sensitive than wall-clock time to what else the machine runs.
   */
  long cpuMillis() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      // Fields after the command name (in parentheses, which may hold spaces): utime is the
      // 14th field of the line, stime the 15th.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code jcmd <pid> <command>} and returns its output. */
  String jcmd(String command) {
    return process.jcmd(command);
  }

  /** Forces a full GC with jcmd and returns the used heap after it, in bytes. */
  long heapAfterGcBytes() {
    process.jcmd("GC.run");
    return usedHeapBytes(process.jcmd("GC.heap_info"));
  }

  /**
   * The used heap in a {@code jcmd GC.heap_info} answer: the sum over its generations. G1 prints
   * one line ({@code garbage-first heap total ..K, used ..K}); Serial prints one per generation
   * ({@code def new generation} and {@code tenured generation}), and after a full GC the young one
   * is nearly empty, so reading only the first line would miss the cache in the old one.
   */
  static long usedHeapBytes(String heapInfo) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?:generation|heap)\\s+total \\d+K, used (\\d+)K")
            .matcher(heapInfo);
    long usedKib = 0;
    boolean found = false;
    while (m.find()) {
      usedKib += Long.parseLong(m.group(1));
      found = true;
    }
    if (!found) {
      throw new IllegalStateException("cannot read the heap from jcmd GC.heap_info:\n" + heapInfo);
    }
    return usedKib * 1024;
  }

  /** The garbage collector the JVM runs (from jcmd VM.flags). */
  String gc() {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("-XX:\\+Use(\\w+GC)").matcher(process.jcmd("VM.flags"));
    return m.find() ? m.group(1) : "unknown";
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    process.close();
  }
}
