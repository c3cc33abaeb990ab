package dev.kopgen.devloop;

import static dev.kopgen.devloop.DevLoopSummary.seconds;

import dev.kopgen.rules.PodContract;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code mvn kopgen:dev} without Maven: starts an API server on this machine, applies the
 * operator's CRDs, namespace, ServiceAccount and RBAC, runs the operator as a child JVM under that
 * ServiceAccount, applies the samples, and passes the operator's output on until it is told to stop
 * ({@link #requestStop}, e.g. from a shutdown hook on Ctrl+C), {@code exitAfter} has passed, or the
 * operator exits. Then it sends the operator SIGTERM, waits for its graceful exit (at most the
 * Deployment's grace period), and stops the API server.
 *
 * <p>One instance runs once. {@link #run} does the whole loop, teardown included, in the calling
 * thread; other threads only ask it to stop and wait for it.
 */
public final class DevLoop {

  /** How long the operator may take to report ready before the samples are applied anyway. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  /** How long the operator may take to stop when the loop itself failed. */
  static final Duration FAILURE_STOP_GRACE = Duration.ofSeconds(10);

  private final DevLoopSettings settings;
  private final DevLog log;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile String stopReason;

  /** The replicas' POD_NAMEs, in start order. */
  private final List<String> replicaNames = new CopyOnWriteArrayList<>();

  public DevLoop(DevLoopSettings settings, DevLog log) {
    this.settings = settings;
    this.log = log;
  }

  /**
   * Asks the loop to stop (the first reason given wins) and returns at once; {@link #run} stops the
   * operator and the API server.
   */
  public void requestStop(String reason) {
    synchronized (stop) {
      if (stopReason == null) {
        stopReason = reason;
      }
    }
    stop.countDown();
  }

  /** Waits until {@link #run} has stopped everything it started; false on timeout. */
  public boolean awaitFinished(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private boolean stopping() {
    return stop.getCount() == 0;
  }

  /**
   * Runs the loop until it is stopped, then tears everything down.
   *
   * @return how it went
   * @throws DevLoopException when something the user can fix prevents the loop; everything started
   *     so far is stopped first
   */
  public DevLoopSummary run() throws InterruptedException {
    DevApiServer server = null;
    KubernetesClient client = null;
    List<OperatorChild> operators = new CopyOnWriteArrayList<>();
    String apiServerName = "(none)";
    List<OperatorChild.Stopped> stopped = null;
    try {
      Files.createDirectories(settings.workDirectory());
      ApiServerChoice choice =
          ApiServerChoice.choose(
              settings.apiServerMode(),
              settings.apiServerDirectory(),
              DevFiles.onPath("go"),
              ApiServerChoice.shippedModule(log));
      log.info(
          "kopgen dev: API server: "
              + (choice.real() ? "REAL kube-apiserver" : "MOCK")
              + ", because "
              + choice.reason());
      long t0 = System.nanoTime();
      server =
          choice.real()
              ? RealApiServer.start(choice.versionDir().orElseThrow(), settings.workDirectory())
              : MockApiServer.start(settings.workDirectory());
      apiServerName = server.description();
      log.info(
          "kopgen dev: started "
              + server.description()
              + " in "
              + seconds(Duration.ofNanos(System.nanoTime() - t0)));
      for (String limitation : server.limitations()) {
        log.warn("kopgen dev: " + (server.real() ? "" : "the mock has ") + limitation);
      }
      log.info(
          "kopgen dev: kubectl: KUBECONFIG="
              + server.kubeconfig()
              + " "
              + (server instanceof RealApiServer real ? real.kubectl().toString() : "kubectl")
              + " get all -n "
              + settings.namespace());
      if (stopping()) {
        return summary(apiServerName, List.of(), null);
      }

      client =
          new KubernetesClientBuilder()
              .withConfig(server.adminConfig(settings.namespace()))
              .build();
      ClusterApplier applier = new ClusterApplier(client, server.real(), settings.namespace());
      Workload workload = Workload.of(settings.plan(), settings.workload());
      applier.applyManifests(settings.manifests(), a -> log.info("kopgen dev: applied " + a));
      if (stopping()) {
        return summary(apiServerName, List.of(), null);
      }

      int replicas = settings.replicas();
      List<Integer> ports = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        int healthPort = settings.healthPort() != 0 ? settings.healthPort() : freePort(ports);
        // One replica keeps the name it always had; several are numbered like a StatefulSet's.
        String podName = workload.name() + "-dev" + (replicas == 1 ? "" : "-" + i);
        Map<String, String> env = new LinkedHashMap<>(workload.environment());
        env.putAll(server.processEnvironment(settings.namespace(), workload.serviceAccount()));
        env.put(PodContract.POD_NAME_ENV, podName);
        env.put(PodContract.POD_NAMESPACE_ENV, settings.namespace());
        env.put(PodContract.HEALTH_PORT_ENV, Integer.toString(healthPort));
        List<String> jvmArgs = new ArrayList<>(DevLoopSettings.DEV_LOGGING);
        jvmArgs.addAll(settings.jvmArgs());
        String prefix = replicas == 1 ? OperatorChild.PREFIX : "[" + podName + "] ";
        log.info(
            "kopgen dev: starting "
                + settings.entryPoint()
                + " as "
                + (server.real()
                    ? "ServiceAccount " + settings.namespace() + "/" + workload.serviceAccount()
                    : "admin (the mock has no ServiceAccounts)")
                + ", POD_NAME="
                + podName
                + ", health on http://localhost:"
                + healthPort
                + PodContract.READYZ_PATH
                + (replicas == 1 ? "" : ", output prefixed " + prefix.trim()));
        OperatorChild child =
            OperatorChild.start(
                settings.java(),
                jvmArgs,
                settings.classpath(),
                settings.entryPoint(),
                env,
                settings.workDirectory(),
                log::info,
                settings.reconcilePattern(),
                prefix);
        operators.add(child);
        ports.add(healthPort);
        names.add(podName);
        replicaNames.add(podName);
        child.onExit().thenRun(() -> replicaExited(operators, child, podName));
      }
      if (replicas > 1) {
        List<String> pids = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
          pids.add(names.get(i) + " pid " + operators.get(i).pid());
        }
        log.info(
            "kopgen dev: "
                + replicas
                + " replicas ("
                + String.join(", ", pids)
                + "): one leads, the others stand by; stop the leader (kill <pid>) to watch another"
                + " take over");
      }
      for (int i = 0; i < replicas; i++) {
        awaitReady(operators.get(i), ports.get(i), replicas == 1 ? "the operator" : names.get(i));
      }
      if (!stopping()) {
        List<Path> samples =
            SampleFiles.select(settings.samplesDirectory(), settings.sampleExcludes());
        if (samples.isEmpty()) {
          log.info(
              "kopgen dev: no samples (*.yaml) in "
                  + settings.samplesDirectory()
                  + " (kopgen.dev.samples)");
        }
        // One bad sample is reported and the others still applied: the loop is for trying things.
        int refused =
            applier.applySamples(
                samples,
                a -> log.info("kopgen dev: applied sample " + a),
                problem -> log.warn("kopgen dev: skipped: " + problem));
        if (refused > 0) {
          log.warn(
              "kopgen dev: "
                  + refused
                  + " sample object(s) or file(s) skipped (see above);"
                  + " fix them and rerun, or apply them yourself with kubectl");
        }
      }
      if (!stopping()) {
        if (settings.exitAfter().isPresent()) {
          Duration d = settings.exitAfter().get();
          log.info("kopgen dev: running for " + seconds(d) + " (kopgen.dev.exitAfter)");
          if (!stop.await(d.toMillis(), TimeUnit.MILLISECONDS)) {
            requestStop("kopgen.dev.exitAfter (" + seconds(d) + ") passed");
          }
        } else {
          log.info("kopgen dev: running; press Ctrl+C to stop");
          stop.await();
        }
      }
      log.info("kopgen dev: stopping: " + stopReason);
      stopped = stopAll(operators, workload.gracePeriod(), "its terminationGracePeriodSeconds");
      return summary(apiServerName, operators, stopped);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        if (!operators.isEmpty() && stopped == null) {
          log.info("kopgen dev: stopping after a failure (reported below)");
          stopAll(operators, FAILURE_STOP_GRACE, "the dev loop's limit after a failure");
        }
      } finally {
        if (client != null) {
          client.close();
        }
        if (server != null) {
          long t = System.nanoTime();
          server.close();
          log.info(
              "kopgen dev: API server stopped in "
                  + seconds(Duration.ofNanos(System.nanoTime() - t)));
        }
        finished.countDown();
      }
    }
  }

  /**
   * Stops the operator within {@code grace}.
   *
   * @param limit what {@code grace} is, for the log: the Deployment's grace period, or the loop's
   *     own limit on the failure path (where the workload may not even be known)
   */
  private OperatorChild.Stopped stop(
      OperatorChild operator, Duration grace, String limit, String who)
      throws InterruptedException {
    if (operator.isAlive()) {
      log.info(
          "kopgen dev: sending SIGTERM to "
              + who
              + " (pid "
              + operator.pid()
              + "), waiting up to "
              + seconds(grace)
              + " ("
              + limit
              + ")");
    }
    OperatorChild.Stopped s = operator.stop(grace);
    if (s.killed()) {
      log.warn(
          "kopgen dev: "
              + who
              + " did not exit within "
              + seconds(grace)
              + " ("
              + limit
              + "): killed (SIGKILL)");
    } else if (s.signalled()) {
      log.info(
          "kopgen dev: "
              + who
              + " exited with status "
              + s.exitStatus()
              + ", "
              + seconds(s.took())
              + " after SIGTERM");
    } else {
      log.info("kopgen dev: " + who + " had exited with status " + s.exitStatus());
    }
    return s;
  }

  /** Stops every replica at once, as a Deployment's deletion would; in start order. */
  private List<OperatorChild.Stopped> stopAll(
      List<OperatorChild> operators, Duration grace, String limit) throws InterruptedException {
    if (operators.size() == 1) {
      return List.of(stop(operators.get(0), grace, limit, "the operator"));
    }
    OperatorChild.Stopped[] results = new OperatorChild.Stopped[operators.size()];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < operators.size(); i++) {
      int index = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  results[index] =
                      stop(
                          operators.get(index), grace, limit, "replica " + replicaNames.get(index));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "kopgen-dev-stop-" + i);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    List<OperatorChild.Stopped> all = new ArrayList<>();
    for (OperatorChild.Stopped r : results) {
      all.add(r == null ? new OperatorChild.Stopped(-1, Duration.ZERO, true, true) : r);
    }
    return all;
  }

  /**
   * One replica exited by itself (or was stopped by the loop). With one replica the loop stops;
   * with several it goes on until the last one has exited, so the user can stop the leader and
   * watch a standby take over.
   */
  private void replicaExited(List<OperatorChild> operators, OperatorChild child, String name) {
    String status = Integer.toString(child.exitStatus().orElse(-1));
    if (operators.size() == 1 && settings.replicas() == 1) {
      requestStop("the operator exited by itself with status " + status);
      return;
    }
    long alive = operators.stream().filter(OperatorChild::isAlive).count();
    if (!stopping()) {
      log.info(
          "kopgen dev: replica "
              + name
              + " (pid "
              + child.pid()
              + ") exited with status "
              + status
              + "; "
              + alive
              + " still running");
    }
    if (alive == 0 && operators.size() == settings.replicas()) {
      requestStop("every replica exited by itself");
    }
  }

  private DevLoopSummary summary(
      String apiServer, List<OperatorChild> operators, List<OperatorChild.Stopped> stopped) {
    String reason = stopReason == null ? "(not stopped)" : stopReason;
    if (operators.isEmpty() || stopped == null) {
      return new DevLoopSummary(
          apiServer, reason, Duration.ZERO, 0, OptionalInt.empty(), Duration.ZERO, false);
    }
    // Several replicas: the longest run, all reconcile lines, the first failing status.
    Duration ran =
        operators.stream()
            .map(OperatorChild::uptime)
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    int lines = operators.stream().mapToInt(OperatorChild::reconcileLines).sum();
    int status =
        stopped.stream()
            .mapToInt(OperatorChild.Stopped::exitStatus)
            .filter(x -> x != 0)
            .findFirst()
            .orElse(0);
    Duration took =
        stopped.stream()
            .map(OperatorChild.Stopped::took)
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    boolean killed = stopped.stream().anyMatch(OperatorChild.Stopped::killed);
    return new DevLoopSummary(apiServer, reason, ran, lines, OptionalInt.of(status), took, killed);
  }

  /** Polls {@code /readyz} until it answers 200, the operator exits, or the loop is stopped. */
  private void awaitReady(OperatorChild operator, int port, String who)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PodContract.READYZ_PATH))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!stopping() && operator.isAlive()) {
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          log.info(
              "kopgen dev: "
                  + who
                  + " is ready after "
                  + seconds(operator.uptime())
                  + " (/readyz: informers synced)");
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        log.warn(
            "kopgen dev: "
                + who
                + " is not ready after "
                + seconds(READY_TIMEOUT)
                + " (see its output above); applying the samples anyway");
        return;
      }
      stop.await(200, TimeUnit.MILLISECONDS);
    }
  }

  /** A free port not in {@code taken} (the replicas' ports so far). */
  private static int freePort(List<Integer> taken) throws IOException {
    while (true) {
      try (ServerSocket s = new ServerSocket(0)) {
        if (!taken.contains(s.getLocalPort())) {
          return s.getLocalPort();
        }
      }
    }
  }
}
