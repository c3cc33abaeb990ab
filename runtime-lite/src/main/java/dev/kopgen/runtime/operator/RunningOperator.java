package dev.kopgen.runtime.operator;

import dev.kopgen.annotations.OnLeadershipLoss;
import dev.kopgen.model.AvailabilityRules;
import dev.kopgen.model.Durations;
import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.LeaseSpec;
import dev.kopgen.runtime.controller.Controller;
import dev.kopgen.runtime.controller.InformerPool;
import dev.kopgen.runtime.health.HealthServer;
import dev.kopgen.runtime.health.OperatorMetrics;
import dev.kopgen.runtime.lease.Leadership;
import dev.kopgen.runtime.queue.TokenBucket;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operator that {@link Operator.Builder#start() started}: its controllers, their leader
 * elections and its health server.
 *
 * <p>Graceful shutdown (first SIGTERM/SIGINT, {@link #shutdown()}, a {@code shutdownOn} trigger,
 * or a lost Lease under {@link OnLeadershipLoss#EXIT}) runs these steps, each logged with its
 * duration:
 *
 * <ol>
 *   <li>every controller stops starting reconciles, all at once;
 *   <li>in-flight reconciles get up to the drain budget of {@link
 *       AvailabilityRules#shutdownBudget} (the longest reconcile timeout, the same figure the
 *       manifests' {@code terminationGracePeriodSeconds} is derived from) to finish;
 *   <li>leftovers are cancelled;
 *   <li>every elected controller releases its Lease, so a standby takes over at once instead of
 *       waiting for it to expire;
 *   <li>informers, elections and the health server close, and the exit handler gets the status.
 * </ol>
 */
public final class RunningOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunningOperator.class);

  /** How long cancelled leftovers get to notice before shutdown moves on. */
  private static final Duration CANCEL_GRACE = Duration.ofSeconds(1);

  /** Time for the Lease release and closing, when a JVM shutdown hook runs the shutdown. */
  private static final Duration HOOK_MARGIN = Duration.ofSeconds(4);

  /** One controller with its election. */
  private record Managed(
      Controller<?> controller,
      Leadership leadership,
      ControllerPlan plan,
      KubernetesClient ownClient) {

    boolean elected() {
      return plan.lease().isPresent();
    }
  }

  private final List<Managed> managed;
  private final OperatorMetrics metrics;
  private final HealthServer health;
  private final Duration drain;
  private final IntConsumer exitHandler;
  private final IntConsumer haltHandler;
  private final CompletableFuture<Integer> terminated = new CompletableFuture<>();
  private final AtomicBoolean shutdownStarted = new AtomicBoolean();
  private final AtomicInteger signals = new AtomicInteger();
  /** Set when the JVM is already exiting: the exit handler must not call System.exit again. */
  private volatile boolean jvmExiting;
  /** Set once every shutdown step has run, just before the exit handler is called. */
  private volatile boolean stepsDone;

  private RunningOperator(
      List<Managed> managed,
      OperatorMetrics metrics,
      HealthServer health,
      Duration drain,
      Operator.Builder b) {
    this.managed = managed;
    this.metrics = metrics;
    this.health = health;
    this.drain = drain;
    this.exitHandler = b.exitHandler;
    this.haltHandler = b.haltHandler;
  }

  static RunningOperator start(Operator.Builder b) {
    long t0 = System.nanoTime();
    List<ControllerPlan> plans = ControllerPlan.select(b.controllers, b.shard);
    OperatorMetrics metrics = new OperatorMetrics();
    // One bucket for every controller of the process: the limit protects the API server, whose
    // capacity all controllers share.
    TokenBucket rateLimit =
        b.reconcileRateLimit == null ? null : new TokenBucket(b.reconcileRateLimit, System::nanoTime);
    metrics.rateLimit(b.reconcileRateLimit == null ? 0 : b.reconcileRateLimit.perSecond());
    List<Managed> managed = new ArrayList<>();
    HealthServer health = null;
    // One watch and one cache per type and scope, however many controllers read it.
    InformerPool informers = new InformerPool();
    try {
      for (ControllerPlan plan : plans) {
        managed.add(manage(plan, b, metrics, informers, rateLimit));
      }
      boolean anyElected = managed.stream().anyMatch(Managed::elected);
      Duration drain =
          AvailabilityRules.shutdownBudget(
                  plans.stream().map(p -> p.definition().reconcileTimeout()).toList(), anyElected)
              .drain();
      List<Managed> all = List.copyOf(managed);
      health =
          HealthServer.start(
              b.healthPort,
              () -> all.stream().flatMap(m -> m.controller().notSynced().stream()).toList(),
              metrics);
      RunningOperator op = new RunningOperator(all, metrics, health, drain, b);
      op.logSummary(b);
      for (Managed m : all) {
        m.controller().start();
      }
      for (Managed m : all) {
        m.leadership().start(op.listener(m));
      }
      for (var trigger : b.shutdownTriggers) {
        trigger.whenComplete((v, t) -> op.initiateShutdown(0, "shutdown trigger completed"));
      }
      if (b.handleSignals) {
        op.installSignalHandlers();
        ParentWatch.parentExit(System::getenv)
            .ifPresent(
                exit ->
                    exit.thenAccept(
                        pid -> {
                          LOG.warn(
                              "the process that started this operator (pid {}) has exited:"
                                  + " shutting down",
                              pid);
                          op.initiateShutdown(0, "parent process exited");
                        }));
      }
      LOG.info(
          "operator {} started in {} ms; health on port {}",
          b.identity,
          Operator.elapsedSince(t0).toMillis(),
          health.port());
      return op;
    } catch (RuntimeException e) {
      // Undo what was built so a failed start leaves no threads or sockets behind.
      for (Managed m : managed) {
        closeQuietly(m);
      }
      if (health != null) {
        health.close();
      }
      throw e;
    }
  }

  private static <R extends HasMetadata> Managed manage(
      ControllerPlan plan,
      Operator.Builder b,
      OperatorMetrics metrics,
      InformerPool informers,
      TokenBucket rateLimit) {
    @SuppressWarnings("unchecked")
    ControllerDefinition<R> definition = (ControllerDefinition<R>) plan.definition();
    Leadership leadership;
    KubernetesClient reconcileClient = b.client;
    if (plan.lease().isPresent()) {
      leadership =
          b.leadershipFactory.create(b.client, b.namespace, b.identity, plan.lease().get());
      reconcileClient = b.reconcileClientFactory.create(b.client, leadership, plan.lease().get());
    } else {
      leadership = Leadership.always();
    }
    Controller.Builder<R> builder =
        Controller.builder(definition)
            .informerClient(b.client)
            .reconcileClient(reconcileClient)
            .scope(plan.scope())
            .metrics(metrics)
            .informers(informers);
    if (rateLimit != null) {
      builder.rateLimit(rateLimit);
    }
    Controller<R> controller = builder.build();
    return new Managed(
        controller, leadership, plan, reconcileClient == b.client ? null : reconcileClient);
  }

  private void logSummary(Operator.Builder b) {
    for (Managed m : managed) {
      String lease =
          m.plan()
              .lease()
              .map(
                  l ->
                      "Lease "
                          + b.namespace
                          + "/"
                          + l.leaseName()
                          + " as "
                          + b.identity
                          + " ("
                          + l.timing().describe()
                          + ", on loss "
                          + l.onLoss()
                          + ")")
              .orElse("no leader election");
      String shard = m.plan().shard() == null ? "" : " [shard " + m.plan().shard() + "]";
      LOG.info("{}{}; {}", m.controller().describe(), shard, lease);
    }
    LOG.info(
        "shutdown drains in-flight reconciles for up to {} (longest reconcileTimeout)",
        Durations.format(drain));
  }

  private Leadership.Listener listener(Managed m) {
    String name = m.controller().name();
    String lease = m.plan().lease().map(LeaseSpec::leaseName).orElse(null);
    return new Leadership.Listener() {
      @Override
      public void onStartedLeading() {
        if (shutdownStarted.get()) {
          return;
        }
        metrics.leader(name, true);
        if (lease != null) {
          LOG.info("controller {}: acquired Lease {}, reconciling", name, lease);
        }
        m.controller().resume();
      }

      @Override
      public void onStoppedLeading() {
        metrics.leader(name, false);
        m.controller().pause();
        m.controller().cancelInFlight();
        if (shutdownStarted.get()) {
          return;
        }
        OnLeadershipLoss onLoss =
            m.plan().lease().map(LeaseSpec::onLoss).orElse(OnLeadershipLoss.EXIT);
        if (onLoss == OnLeadershipLoss.EXIT) {
          LOG.error(
              "controller {}: lost Lease {}; reconciles stopped, exiting (onLoss EXIT) so the pod"
                  + " restarts with fresh state",
              name,
              lease);
          initiateShutdown(Operator.FAILURE_STATUS, "lost Lease " + lease);
        } else {
          LOG.warn(
              "controller {}: lost Lease {}; reconciles stopped, standing by to lead again"
                  + " (onLoss REJOIN)",
              name,
              lease);
        }
      }
    };
  }

  private void installSignalHandlers() {
    Signals.Outcome termOutcome = Signals.install("TERM", () -> onSignal("SIGTERM"));
    Signals.Outcome intOutcome = Signals.install("INT", () -> onSignal("SIGINT"));
    boolean term = termOutcome != Signals.Outcome.UNAVAILABLE;
    boolean interrupt = intOutcome != Signals.Outcome.UNAVAILABLE;
    for (String ignored :
        List.of(termOutcome == Signals.Outcome.IGNORED ? "SIGTERM" : "",
            intOutcome == Signals.Outcome.IGNORED ? "SIGINT" : "")) {
      if (!ignored.isEmpty()) {
        LOG.warn(
            "{} was ignored when this JVM started (a background job, nohup): the JVM never"
                + " delivers it, so it cannot stop the operator; stop it with the other signal",
            ignored);
      }
    }
    // Whatever else ends the JVM (System.exit elsewhere, a signal we could not hook) still
    // drains and releases first.
    Thread hook =
        new Thread(
            () -> {
              jvmExiting = true;
              if (stepsDone) {
                return; // our own exit handler called System.exit
              }
              try {
                // Bounded: never hold the JVM's exit hostage to a stuck step.
                long bound = drain.plus(CANCEL_GRACE).plus(HOOK_MARGIN).toMillis();
                initiateShutdown(0, "JVM shutdown").get(bound, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (ExecutionException | TimeoutException e) {
                LOG.warn("shutdown did not finish before the JVM exits: {}", e.toString());
              }
            },
            "kopgen-shutdown-hook");
    Runtime.getRuntime().addShutdownHook(hook);
    if (!term || !interrupt) {
      LOG.warn(
          "cannot handle SIGTERM/SIGINT (module jdk.unsupported missing?): shutdown runs from a"
              + " JVM shutdown hook, and a second signal cannot cut it short");
    }
  }

  /** A SIGTERM or SIGINT: graceful shutdown the first time, halt the second. */
  void onSignal(String signal) {
    if (signals.incrementAndGet() == 1) {
      LOG.info(
          "{} received: shutting down gracefully (drain up to {}); send it again to exit at once",
          signal,
          Durations.format(drain));
      initiateShutdown(0, signal);
    } else {
      LOG.warn("{} received again: exiting at once with status {}", signal, Operator.HALT_STATUS);
      haltHandler.accept(Operator.HALT_STATUS);
    }
  }

  /**
   * Starts the graceful shutdown in the background (once; later calls only return the same
   * future).
   *
   * @return completes with the exit status when shutdown is done
   */
  CompletableFuture<Integer> initiateShutdown(int status, String reason) {
    if (shutdownStarted.compareAndSet(false, true)) {
      Thread t = new Thread(() -> shutdownNow(status, reason), "kopgen-shutdown");
      t.start();
    }
    return terminated;
  }

  private void shutdownNow(int status, String reason) {
    long t0 = System.nanoTime();
    try {
      LOG.info(
          "shutdown ({}): stopping new reconciles in {} controller(s)", reason, managed.size());
      for (Managed m : managed) {
        m.controller().pause();
      }

      long step = System.nanoTime();
      long deadline = step + drain.toNanos();
      int inFlight = managed.stream().mapToInt(m -> m.controller().inFlight()).sum();
      LOG.info(
          "shutdown: waiting up to {} for {} in-flight reconcile(s)",
          Durations.format(drain),
          inFlight);
      for (Managed m : managed) {
        m.controller().awaitInFlight(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      }
      int leftovers = managed.stream().mapToInt(m -> m.controller().inFlight()).sum();
      if (leftovers == 0) {
        LOG.info(
            "shutdown: in-flight reconciles finished in {} ms",
            Operator.elapsedSince(step).toMillis());
      } else {
        LOG.warn(
            "shutdown: {} reconcile(s) still running after the drain budget of {}; cancelling them",
            leftovers,
            Durations.format(drain));
        managed.forEach(m -> m.controller().cancelInFlight());
        long cancelDeadline = System.nanoTime() + CANCEL_GRACE.toNanos();
        for (Managed m : managed) {
          m.controller()
              .awaitInFlight(Duration.ofNanos(Math.max(0, cancelDeadline - System.nanoTime())));
        }
      }

      step = System.nanoTime();
      int released = 0;
      for (Managed m : managed) {
        if (m.elected()) {
          try {
            // release() stops campaigning first, so the Lease cannot be re-acquired meanwhile.
            // Only a release the API server confirmed counts: the log must not claim one that
            // LeaseLeadership reported as unconfirmed a line earlier, or a standby's no-op.
            if (m.leadership().releaseConfirmed()) {
              released++;
            }
          } catch (RuntimeException e) {
            LOG.warn(
                "shutdown: releasing the Lease of controller {} failed: {}",
                m.controller().name(),
                e.toString());
          }
        }
      }
      if (released > 0) {
        LOG.info(
            "shutdown: released {} Lease(s) in {} ms",
            released,
            Operator.elapsedSince(step).toMillis());
      }

      step = System.nanoTime();
      for (Managed m : managed) {
        closeQuietly(m);
      }
      health.close();
      LOG.info(
          "shutdown: closed informers and the health server in {} ms",
          Operator.elapsedSince(step).toMillis());
    } catch (RuntimeException | Error e) {
      LOG.error("shutdown: unexpected failure, exiting anyway", e);
    } finally {
      stepsDone = true;
      LOG.info(
          "shutdown complete in {} ms, exit status {}",
          Operator.elapsedSince(t0).toMillis(),
          status);
      try {
        // Before completing: whoever waits for termination also sees the exit handler's effect.
        // The default handler (System.exit) never returns; the shutdown hook sees stepsDone.
        if (!jvmExiting) {
          exitHandler.accept(status);
        }
      } finally {
        terminated.complete(status);
      }
    }
  }

  private static void closeQuietly(Managed m) {
    try {
      m.leadership().close();
    } catch (RuntimeException e) {
      LOG.debug("closing the leader election of {} failed", m.controller().name(), e);
    }
    try {
      m.controller().close();
    } catch (RuntimeException e) {
      LOG.debug("closing controller {} failed", m.controller().name(), e);
    }
    if (m.ownClient() != null) {
      try {
        m.ownClient().close();
      } catch (RuntimeException e) {
        LOG.debug("closing the reconcile client of {} failed", m.controller().name(), e);
      }
    }
  }

  /**
   * Shuts down gracefully and waits until that is done; the exit handler gets 0 (unless a
   * shutdown with another status, e.g. after a lost Lease, was already under way).
   */
  public void shutdown() {
    initiateShutdown(0, "shutdown requested").join();
  }

  /** Same as {@link #shutdown()}. */
  @Override
  public void close() {
    shutdown();
  }

  /**
   * Waits for the operator to stop (after any shutdown trigger).
   *
   * @return whether it stopped within {@code timeout}
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    try {
      terminated.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true; // never completed exceptionally, but done all the same
    }
  }

  /** Waits, uninterruptibly, for the final exit status. */
  int awaitExitStatus() {
    return terminated.join();
  }

  /** The exit status, once the operator has stopped. */
  public OptionalInt exitStatus() {
    Integer s = terminated.getNow(null);
    return s == null ? OptionalInt.empty() : OptionalInt.of(s);
  }

  /** The port the health server listens on. */
  public int healthPort() {
    return health.port();
  }

  /** Whether every informer has synced: what {@code /readyz} reports (leadership plays no part). */
  public boolean isReady() {
    return managed.stream().allMatch(m -> m.controller().hasSynced());
  }

  /** The drain budget shutdown waits for in-flight reconciles. */
  public Duration drainBudget() {
    return drain;
  }

  /** The running controllers, in definition order. */
  public List<Controller<?>> controllers() {
    return managed.stream().<Controller<?>>map(Managed::controller).toList();
  }

  /** The operator's metrics. */
  public OperatorMetrics metrics() {
    return metrics;
  }
}
