package dev.kopgen.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import dev.kopgen.it.TestApiServer;

/**
 * One operator instance running in its own JVM, as in a pod: signals go to its process, its
 * output goes to {@code target/operators/<project>/logs/<pod>.log}, and its health server
 * listens on a free port.
 */
public final class OperatorProcess implements AutoCloseable {

  private final String podName;
  private final Process process;
  private final Path log;
  private final int healthPort;
  private final long startedNanos;
  /** Wall-clock time of the exit, taken as soon as the JDK's process reaper saw it. */
  private final CompletableFuture<Long> exitedAtMillis;

  private OperatorProcess(String podName, Process process, Path log, int healthPort, long start) {
    this.podName = podName;
    this.process = process;
    this.log = log;
    this.healthPort = healthPort;
    this.startedNanos = start;
    this.exitedAtMillis = process.onExit().thenApply(p -> System.currentTimeMillis());
  }

  static OperatorProcess start(
      OperatorProject project, String podName, String namespace, Map<String, String> env) {
    try {
      Path logs = project.classes().getParent().resolve("logs");
      Files.createDirectories(logs);
      Path log = logs.resolve(podName + ".log");
      int port = freePort();
      ProcessBuilder pb =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-Xshare:auto",
              "-cp",
              project.runtimeClasspath(),
              project.entryPoint());
      pb.environment().putAll(asPod(env, podName));
      pb.environment().put("POD_NAME", podName);
      pb.environment().put("POD_NAMESPACE", namespace);
      pb.environment().put("KOPGEN_HEALTH_PORT", Integer.toString(port));
      pb.redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      long start = System.nanoTime();
      return new OperatorProcess(podName, pb.start(), log, port, start);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The impersonation variable {@code TestApiServer.processEnvironment} sets. */
  static final String IMPERSONATE_USER = "KUBERNETES_IMPERSONATE_USERNAME";

  /**
   * {@code env} with ServiceAccount impersonation replaced by a token bound to a Pod object named
   * {@code podName} ({@link TestApiServer#podEnvironment}): the process authenticates as the
   * ServiceAccount with the pod's name in its user info, as in a real pod, so the server-side
   * fence (a ValidatingAdmissionPolicy comparing that name with the Lease holder) sees it.
   * Other environments (admin, none) pass through unchanged.
   */
  static Map<String, String> asPod(Map<String, String> env, String podName) {
    String user = env.get(IMPERSONATE_USER);
    String prefix = "system:serviceaccount:";
    if (user == null || !user.startsWith(prefix)) {
      return env;
    }
    String[] nsAndName = user.substring(prefix.length()).split(":", 2);
    Map<String, String> out = new java.util.LinkedHashMap<>(env);
    out.remove(IMPERSONATE_USER);
    out.remove("KUBERNETES_IMPERSONATE_GROUP");
    out.putAll(TestApiServer.shared().podEnvironment(nsAndName[0], nsAndName[1], podName));
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
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

  /** When the process was started, on {@link System#nanoTime()}'s clock. */
  public long startedNanos() {
    return startedNanos;
  }

  /**
   * When the process exited, in {@link System#currentTimeMillis()} (the clock operator processes
   * print their own timestamps with), or empty while it runs. Taken by a callback on the JDK's
   * process reaper, so it does not depend on when a test gets round to asking.
   */
  public OptionalLong exitedAtMillis() {
    if (process.isAlive()) {
      return OptionalLong.empty();
    }
    // The reaper completes onExit() right after isAlive() turns false.
    return OptionalLong.of(exitedAtMillis.join());
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

  /** Sends {@code SIG<name>} with kill(1). */
  public void signal(String name) {
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
  }

  /** Waits for the process to exit; returns its exit status, or throws if it did not. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            podName + " did not exit within " + timeout + "; its log:\n" + logText());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Everything the process printed so far. */
  public String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The printed lines so far. */
  public List<String> logLines() {
    return logText().lines().toList();
  }

  /** Waits until a printed line matches; returns it. */
  public String awaitLogLine(Predicate<String> matches, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : logLines()) {
        if (matches.test(line)) {
          return line;
        }
      }
      if (!process.isAlive()) {
        break;
      }
      sleep(50);
    }
    throw new AssertionError(
        podName + ": no matching log line within " + timeout + "; its log:\n" + logText());
  }

  /** The HTTP status of {@code GET /<path>} on its health server, or -1 if it does not answer. */
  public int health(String path) {
    try {
      HttpResponse<Void> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + path))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return r.statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The body of {@code GET /<path>} on its health server (e.g. {@code /metrics}), or null. */
  public String healthText(String path) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + path))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Waits until {@code /readyz} answers 200 (informers synced). */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (health("/readyz") == 200) {
        return;
      }
      if (!process.isAlive()) {
        break;
      }
      sleep(50);
    }
    throw new AssertionError(
        podName + " not ready within " + timeout + "; its log:\n" + logText());
  }

  public int healthPort() {
    return healthPort;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the process if it still runs (tests end with no stray operators). */
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
