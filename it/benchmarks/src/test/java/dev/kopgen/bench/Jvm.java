package dev.kopgen.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One benchmarked JVM: started with the classpath its framework ships with and default JVM flags
 * (kopgen's Deployment sets none), output to a log file, its reconcile lines parsed from there.
 * A small copy of kopgen-it's test harness process logic, which is test code of that module.
 */
final class Jvm implements AutoCloseable {

  /** One {@code B <what> <name> <value> <µs>} line. */
  record Event(String what, String name, int value, long micros) {}

  private final Framework framework;
  private final String podName;
  private final Process process;
  private final Path log;
  private final long startMicros;
  private volatile long exitMicros = -1;

  private Jvm(Framework framework, String podName, Process process, Path log, long startMicros) {
    this.framework = framework;
    this.podName = podName;
    this.process = process;
    this.log = log;
    this.startMicros = startMicros;
    process.onExit().thenRun(() -> exitMicros = BenchWork.nowMicros());
  }

  static Jvm start(Framework framework, String podName, Map<String, String> env) {
    Path work = Path.of(System.getProperty("kopgen.benchmarks.work"));
    try {
      Files.createDirectories(work.resolve("logs"));
      Path log = work.resolve("logs").resolve(podName + ".log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-cp");
      command.add(classpath(framework));
      command.add(framework.mainClass);
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().putAll(env);
      pb.environment().put("POD_NAME", podName);
      pb.environment().put("POD_NAMESPACE", BenchWork.NAMESPACE);
      pb.environment().put("KOPGEN_HEALTH_PORT", Integer.toString(freePort()));
      pb.redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      long start = BenchWork.nowMicros();
      return new Jvm(framework, podName, pb.start(), log, start);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The module's classes, then the framework's runtime dependencies (from the build). */
  static String classpath(Framework framework) {
    Path file =
        Path.of(System.getProperty("kopgen.benchmarks.classpaths"))
            .resolve(framework.classpathFile);
    try {
      return System.getProperty("kopgen.benchmarks.classes") + File.pathSeparator
          + Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("no classpath file " + file + ": run through Maven", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  Framework framework() {
    return framework;
  }

  String podName() {
    return podName;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Epoch µs just before exec. */
  long startMicros() {
    return startMicros;
  }

  /** Epoch µs when the exit was seen, or -1. */
  long exitMicros() {
    return exitMicros;
  }

  /** Sends {@code SIG<name>}; returns epoch µs just before sending. */
  long signal(String name) {
    long at = BenchWork.nowMicros();
    try {
      Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid())).start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -s " + name + " " + pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return at;
  }

  /** Waits for the exit; returns the status. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            podName + " did not exit within " + timeout + "\n" + tail());
      }
      process.onExit().join();
      while (exitMicros < 0) {
        Thread.onSpinWait();
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last lines of the log, for error messages. */
  String tail() {
    List<String> lines = logText().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /** Every reconcile line printed so far. */
  List<Event> events() {
    List<Event> events = new ArrayList<>();
    for (String line : logText().lines().toList()) {
      if (!line.startsWith("B ")) {
        continue;
      }
      String[] f = line.split(" ");
      try {
        if (f.length == 3 && f[1].equals("all")) {
          events.add(new Event("all", "", 0, Long.parseLong(f[2])));
        } else if (f.length == 5) {
          events.add(new Event(f[1], f[2], Integer.parseInt(f[3]), Long.parseLong(f[4])));
        }
      } catch (NumberFormatException e) {
        // a line cut by a concurrent write is read again on the next poll
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
        throw new IllegalStateException(podName + " exited (" + process.exitValue()
            + ") before the awaited reconcile line\n" + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            podName + ": no awaited reconcile line within " + timeout + "\n" + tail());
      }
      sleep(20);
    }
  }

  /** Resident set size in bytes, from /proc. */
  long rssBytes() {
    return procStatus("VmRSS:") * 1024;
  }

  /** Live threads, from /proc. */
  long threads() {
    return procStatus("Threads:");
  }

  private long procStatus(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no " + key + " for " + pid());
  }

  /** Forces a full GC with jcmd and returns the used heap after it, in bytes. */
  long heapAfterGcBytes() {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("cannot read the heap from jcmd GC.heap_info:\n" + info);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  /** The garbage collector the JVM picked (from jcmd VM.flags). */
  String gc() {
    String flags = jcmd("VM.flags");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("-XX:\\+Use(\\w+GC)").matcher(flags);
    return m.find() ? m.group(1) : "unknown";
  }

  private String jcmd(String command) {
    try {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(pid()),
                  command)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + command + " failed:\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
