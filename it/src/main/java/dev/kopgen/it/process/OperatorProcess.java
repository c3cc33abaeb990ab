package dev.kopgen.it.process;

import dev.kopgen.it.TestApiServer;
import dev.kopgen.rules.PodContract;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One operator JVM, started as a pod would run it: {@code java [flags] -cp <classpath> <main>} with
 * the pod's environment ({@link PodContract}: pod name and namespace, health port) and, when {@link
 * Builder#serviceAccount given one}, the credentials of a ServiceAccount token bound to a Pod
 * object of its name ({@link TestApiServer#podEnvironment}), so the API server sees the pod's
 * identity as it would in a cluster. Its output (stdout and stderr) is teed, line by line, to a log
 * file and to memory, for {@link #awaitLine}; signals go to its process with kill(1) (SIGTERM,
 * SIGKILL, SIGSTOP, SIGCONT); its exit is timed by the JDK's process reaper.
 *
 * <p>The one harness for operator processes: kopgen-it's tests (through {@code OperatorProject}),
 * the {@link dev.kopgen.it.showcase.HandOverShowcase quick start's showcase}, the benchmarks and
 * the end-to-end test of every project the archetype generates all start operators with it. The dev
 * loop's {@code OperatorChild} ({@code kopgen:dev}) cannot: it lives in kopgen-maven-plugin, a
 * module below kopgen-it (whose tests use the plugin's manifest core), and a Maven plugin must not
 * carry a test API server's dependencies into users' builds.
 *
 * <p>Nothing from the starting process's environment may point the operator at a real cluster or
 * change kopgen's behaviour: {@code KUBECONFIG}, {@code KUBERNETES_*} and {@code KOPGEN_*} are
 * removed from what it inherits before the builder's variables are set.
 */
public final class OperatorProcess implements AutoCloseable {

  private final String podName;
  private final Process process;
  private final Path log;
  private final int healthPort;
  private final long startedNanos;
  private final long startedAtMicros;

  /** Epoch µs of the exit, taken as soon as the JDK's process reaper saw it. */
  private final CompletableFuture<Long> exitedAtMicros;

  private final List<String> lines = new ArrayList<>();
  private final Thread tee;

  private OperatorProcess(
      String podName, Process process, Path log, int healthPort, long nanos, long micros) {
    this.podName = podName;
    this.process = process;
    this.log = log;
    this.healthPort = healthPort;
    this.startedNanos = nanos;
    this.startedAtMicros = micros;
    this.exitedAtMicros = process.onExit().thenApply(p -> nowMicros());
    this.tee = new Thread(this::tee, "operator-output-" + podName);
    tee.setDaemon(true);
    tee.start();
  }

  /** A process of {@code mainClass}, to be configured and {@link Builder#start() started}. */
  public static Builder builder(String mainClass) {
    return new Builder(mainClass);
  }

  /** Microseconds since the epoch: the clock operators print their own timestamps with. */
  public static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  /** How to start one operator JVM. */
  public static final class Builder {
    private final String mainClass;
    private Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private String classpath = System.getProperty("java.class.path");
    private final List<String> jvmFlags = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private String podName;
    private String namespace;
    private int healthPort;
    private Path log;
    private TestApiServer server;
    private String serviceAccountNamespace;
    private String serviceAccount;
    private boolean inClusterConfig;

    private Builder(String mainClass) {
      this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
    }

    /** The {@code java} executable; default: the one running this JVM. */
    public Builder java(Path value) {
      java = value;
      return this;
    }

    /** The classpath; default: this JVM's. */
    public Builder classpath(String value) {
      classpath = value;
      return this;
    }

    /** JVM flags, in order, before {@code -cp}. */
    public Builder jvmFlags(List<String> flags) {
      jvmFlags.addAll(flags);
      return this;
    }

    /** More environment variables (e.g. {@link TestApiServer#processEnvironment}). */
    public Builder env(Map<String, String> variables) {
      env.putAll(variables);
      return this;
    }

    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /** The pod this process plays: {@code POD_NAME} and {@code POD_NAMESPACE}. Required. */
    public Builder pod(String name, String podNamespace) {
      podName = name;
      namespace = podNamespace;
      return this;
    }

    /** Its health port; default: a free one. */
    public Builder healthPort(int port) {
      healthPort = port;
      return this;
    }

    /** Where its output goes; default: {@code target/operator-logs/<pod>.log}. */
    public Builder log(Path file) {
      log = file;
      return this;
    }

    /**
     * Acts as ServiceAccount {@code namespace/name} with a token bound to a Pod object of this
     * process's name ({@link TestApiServer#podEnvironment}): any impersonation variables among the
     * environment are dropped, the pod-bound credentials take their place.
     */
    public Builder serviceAccount(TestApiServer apiServer, String saNamespace, String name) {
      server = apiServer;
      serviceAccountNamespace = saNamespace;
      serviceAccount = name;
      return this;
    }

    /**
     * With {@link #serviceAccount}: the client is configured from the ServiceAccount's files and
     * {@code KUBERNETES_SERVICE_HOST}/{@code _PORT}, as fabric8 does inside a pod, instead of from
     * a kubeconfig ({@link TestApiServer#inClusterEnvironment}); the files go beside the log.
     */
    public Builder inClusterConfig() {
      inClusterConfig = true;
      return this;
    }

    /** Starts the JVM; returns at once (it is not ready yet: see {@link #awaitReady}). */
    public OperatorProcess start() {
      Objects.requireNonNull(podName, "pod(name, namespace) is required");
      try {
        Path logFile = log != null ? log : Path.of("target", "operator-logs", podName + ".log");
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        int port = healthPort > 0 ? healthPort : freePort();
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmFlags);
        // An argument file keeps a test classpath clear of the command line's length limits.
        Path argFile = logFile.resolveSibling(logFile.getFileName() + ".args");
        Files.writeString(
            argFile,
            "-cp \"" + classpath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n",
            StandardCharsets.UTF_8);
        command.add("@" + argFile);
        command.add(mainClass);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = pb.environment();
        environment
            .keySet()
            .removeIf(
                k ->
                    k.equals("KUBECONFIG")
                        || k.startsWith("KUBERNETES_")
                        || k.startsWith("KOPGEN_")
                        || k.equals(PodContract.POD_NAME_ENV)
                        || k.equals(PodContract.POD_NAMESPACE_ENV));
        environment.putAll(env);
        if (serviceAccount != null) {
          environment.remove("KUBERNETES_IMPERSONATE_USERNAME");
          environment.remove("KUBERNETES_IMPERSONATE_GROUP");
          if (inClusterConfig) {
            environment.remove("KUBECONFIG");
          }
          environment.putAll(
              inClusterConfig
                  ? server.inClusterEnvironment(
                      serviceAccountNamespace,
                      serviceAccount,
                      podName,
                      logFile.toAbsolutePath().getParent().resolve("serviceaccount"))
                  : server.podEnvironment(serviceAccountNamespace, serviceAccount, podName));
        }
        if (!inClusterConfig) {
          // Never fall back to a pod's mounted token when the tests themselves run in a pod (CI).
          environment.putIfAbsent("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        }
        environment.put(PodContract.POD_NAME_ENV, podName);
        environment.put(PodContract.POD_NAMESPACE_ENV, namespace);
        environment.put(PodContract.HEALTH_PORT_ENV, Integer.toString(port));
        Files.deleteIfExists(logFile);
        long nanos = System.nanoTime();
        long micros = nowMicros();
        Process process = pb.start();
        return new OperatorProcess(podName, process, logFile, port, nanos, micros);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start operator " + podName, e);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Copies each output line to the log file (flushed per line) and to {@link #lines}. */
  private void tee() {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write(line);
        out.newLine();
        out.flush();
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      synchronized (lines) {
        lines.add("(operator output ended: " + e.getMessage() + ")");
      }
    } finally {
      synchronized (lines) {
        lines.notifyAll();
      }
    }
  }

  public String podName() {
    return podName;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The log file its output is teed to. */
  public Path log() {
    return log;
  }

  public int healthPort() {
    return healthPort;
  }

  /** When the process was started, on {@link System#nanoTime()}'s clock. */
  public long startedNanos() {
    return startedNanos;
  }

  /** When the process was started (just before exec), in epoch µs ({@link #nowMicros()}). */
  public long startedAtMicros() {
    return startedAtMicros;
  }

  /**
   * When the process exited, in {@link System#currentTimeMillis()} (the clock operator processes
   * print their own timestamps with), or empty while it runs. Taken by a callback on the JDK's
   * process reaper, so it does not depend on when a caller gets round to asking.
   */
  public OptionalLong exitedAtMillis() {
    OptionalLong micros = exitedAtMicros();
    return micros.isPresent() ? OptionalLong.of(micros.getAsLong() / 1000) : OptionalLong.empty();
  }

  /** {@link #exitedAtMillis()} in epoch µs. */
  public OptionalLong exitedAtMicros() {
    if (process.isAlive()) {
      return OptionalLong.empty();
    }
    // The reaper completes onExit() right after isAlive() turns false.
    return OptionalLong.of(exitedAtMicros.join());
  }

  /** SIGTERM: what the kubelet sends first. */
  public void terminate() {
    signal("TERM");
  }

  /** SIGKILL: a crash, an OOM kill, a lost node. */
  public void kill() {
    signal("KILL");
  }

  /** SIGSTOP: a stop-the-world pause (GC, a frozen VM, a throttled container). */
  public void pause() {
    signal("STOP");
  }

  /** SIGCONT: the pause ends. */
  public void resume() {
    signal("CONT");
  }

  /** Sends {@code SIG<name>} with kill(1); returns epoch µs just before sending. */
  public long signal(String name) {
    long at = nowMicros();
    try {
      Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -s " + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return at;
  }

  /**
   * Waits for the process to exit and its output to be teed; returns its exit status, or throws
   * {@link AssertionError} (with the log's tail) if it did not exit in time.
   */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            podName + " did not exit within " + timeout + "; its log:\n" + tail());
      }
      exitedAtMicros.join();
      tee.join(TimeUnit.SECONDS.toMillis(10));
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The exit status, waiting for nothing: empty while it runs. */
  public OptionalLong exitStatus() {
    return process.isAlive() ? OptionalLong.empty() : OptionalLong.of(process.exitValue());
  }

  /**
   * The printed lines so far; once the process has exited, all of them (this waits for the tee to
   * drain the pipe, as a log file written by the process itself would be complete).
   */
  public List<String> logLines() {
    if (!process.isAlive() && tee.isAlive()) {
      try {
        tee.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return snapshot();
  }

  private List<String> snapshot() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** Everything the process printed so far. */
  public String logText() {
    List<String> all = logLines();
    return all.isEmpty() ? "" : String.join("\n", all) + "\n";
  }

  /** The last 60 lines, for failure messages. */
  public String tail() {
    return tail(logLines());
  }

  private static String tail(List<String> all) {
    return String.join("\n", all.subList(Math.max(0, all.size() - 60), all.size()));
  }

  /**
   * Waits until a printed line matches; returns it. Throws {@link AssertionError} with the log's
   * tail if none does within {@code timeout} or the process exits first.
   */
  public String awaitLine(Predicate<String> matches, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int checked = 0;
    synchronized (lines) {
      while (true) {
        for (; checked < lines.size(); checked++) {
          if (matches.test(lines.get(checked))) {
            return lines.get(checked);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        if (!process.isAlive() && !tee.isAlive()) {
          throw new AssertionError(
              podName
                  + " exited ("
                  + process.exitValue()
                  + ") before a matching log line; its log:\n"
                  + tail(lines));
        }
        try {
          lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    throw new AssertionError(
        podName + ": no matching log line within " + timeout + "; its log:\n" + tail());
  }

  /** {@link #awaitLine}, under the name kopgen-it's tests know it by. */
  public String awaitLogLine(Predicate<String> matches, Duration timeout) {
    return awaitLine(matches, timeout);
  }

  /** The HTTP status of {@code GET /<path>} on its health server, or -1 if it does not answer. */
  public int health(String path) {
    HttpResponse<Void> r = get(path, HttpResponse.BodyHandlers.discarding());
    return r == null ? -1 : r.statusCode();
  }

  /** The body of {@code GET /<path>} on its health server (e.g. {@code /metrics}), or null. */
  public String healthText(String path) {
    HttpResponse<String> r = get(path, HttpResponse.BodyHandlers.ofString());
    return r != null && r.statusCode() == 200 ? r.body() : null;
  }

  private <T> HttpResponse<T> get(String path, HttpResponse.BodyHandler<T> body) {
    try {
      return HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .build()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + path))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              body);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Waits until {@value PodContract#READYZ_PATH} answers 200 (informers synced). */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (health(PodContract.READYZ_PATH) == 200) {
        return;
      }
      if (!process.isAlive()) {
        break;
      }
      sleep(50);
    }
    throw new AssertionError(podName + " not ready within " + timeout + "; its log:\n" + tail());
  }

  /** Resident set size in bytes, from {@code /proc/<pid>/status}. */
  public long rssBytes() {
    return procStatus("VmRSS:") * 1024;
  }

  /** Live threads, from {@code /proc/<pid>/status}. */
  public long threads() {
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

  /** Runs {@code jcmd <pid> <command>} (e.g. {@code GC.run}) and returns its output. */
  public String jcmd(String command) {
    try {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(pid()),
                  command)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the process if it still runs (callers end with no stray operators). */
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

  @Override
  public String toString() {
    return podName + " (pid " + process.pid() + ", log " + log + ")";
  }
}
