package dev.kopgen.runtime.operator;

import dev.kopgen.annotations.OnLeadershipLoss;
import dev.kopgen.rules.AvailabilityRules;
import dev.kopgen.rules.Durations;
import dev.kopgen.rules.RateLimitRules;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operator that {@link Operator.Builder#start() started}: its controllers, their leader
 * elections and its health server.
 *
 * <p>Graceful shutdown (first SIGTERM/SIGINT, {@link #shutdown()}, a {@code shutdownOn} trigger, or
 * a lost Lease under {@link OnLeadershipLoss#EXIT}) runs the {@link ShutdownSequence}: pause,
 * drain, cancel, release, close, exit, each step logged with its duration.
 */
public final class RunningOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunningOperator.class);

  /** Time for the Lease release and closing, when a JVM shutdown hook runs the shutdown. */
  private static final Duration HOOK_MARGIN = Duration.ofSeconds(4);

  private final List<ManagedController> managed;
  private final OperatorMetrics metrics;
  private final HealthServer health;
  private final Duration drain;
  private final IntConsumer haltHandler;
  private final CompletableFuture<Integer> terminated = new CompletableFuture<>();
  private final ShutdownSequence shutdown;
  private final AtomicBoolean shutdownStarted = new AtomicBoolean();
  private final AtomicInteger signals = new AtomicInteger();

  private RunningOperator(
      List<ManagedController> managed,
      OperatorMetrics metrics,
      HealthServer health,
      Duration drain,
      OperatorConfiguration c) {
    this.managed = managed;
    this.metrics = metrics;
    this.health = health;
    this.drain = drain;
    this.haltHandler = c.haltHandler();
    this.shutdown = new ShutdownSequence(managed, health, drain, c.exitHandler(), terminated);
  }

  static RunningOperator start(OperatorConfiguration config) {
    long t0 = System.nanoTime();
    EarlyEndpoints early = config.endpoints();
    List<ManagedController> managed = new ArrayList<>();
    HealthServer health = null;
    try {
      List<ControllerPlan> plans = ControllerPlan.select(config.controllers(), config.shard());
      OperatorMetrics metrics = early != null ? early.await().metrics() : new OperatorMetrics();
      // One bucket for every controller of the process: the limit protects the API server, whose
      // capacity all controllers share.
      RateLimitRules.Limit limit = config.reconcileRateLimit();
      TokenBucket rateLimit = limit == null ? null : new TokenBucket(limit, System::nanoTime);
      metrics.rateLimit(limit == null ? 0 : limit.perSecond());
      // One watch and one cache per type and scope, however many controllers read it.
      InformerPool informers = new InformerPool();
      for (ControllerPlan plan : plans) {
        managed.add(manage(plan, config, metrics, informers, rateLimit));
      }
      boolean anyElected = managed.stream().anyMatch(ManagedController::elected);
      Duration drain =
          AvailabilityRules.shutdownBudget(
                  plans.stream().map(p -> p.definition().reconcileTimeout()).toList(), anyElected)
              .drain();
      List<ManagedController> all = List.copyOf(managed);
      Supplier<List<String>> notReady =
          () -> all.stream().flatMap(m -> m.controller().notSynced().stream()).toList();
      if (early != null) {
        health = early.await().health(); // started beside the client's build: done by now
        early.readiness(notReady);
      } else {
        health = HealthServer.start(config.healthPort(), notReady, metrics);
      }
      RunningOperator op = new RunningOperator(all, metrics, health, drain, config);
      op.logSummary(config);
      // The Lease campaign and the informers' first LIST are the two waits before the first
      // reconcile, and they overlap: start the campaign first, so its thread sends its first
      // request while this one does the informers' (longer) first-time work. A controller that
      // leads before its informers have synced waits for them (resume() only opens the gate).
      for (ManagedController m : all) {
        m.leadership().start(op.listener(m));
      }
      for (ManagedController m : all) {
        m.controller().start();
      }
      for (var trigger : config.shutdownTriggers()) {
        trigger.whenComplete((v, t) -> op.initiateShutdown(0, "shutdown trigger completed"));
      }
      if (config.handleSignals()) {
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
          config.identity(),
          Operator.elapsedSince(t0).toMillis(),
          health.port());
      return op;
    } catch (RuntimeException e) {
      // Undo what was built so a failed start leaves no threads or sockets behind.
      for (ManagedController m : managed) {
        m.closeQuietly();
      }
      if (health != null) {
        health.close();
      } else if (early != null) {
        early.closeQuietly();
      }
      throw e;
    }
  }

  private static <R extends HasMetadata> ManagedController manage(
      ControllerPlan plan,
      OperatorConfiguration config,
      OperatorMetrics metrics,
      InformerPool informers,
      TokenBucket rateLimit) {
    @SuppressWarnings("unchecked")
    ControllerDefinition<R> definition = (ControllerDefinition<R>) plan.definition();
    Leadership leadership;
    KubernetesClient reconcileClient = config.client();
    if (plan.lease().isPresent()) {
      leadership =
          config
              .leadershipFactory()
              .create(config.client(), config.namespace(), config.identity(), plan.lease().get());
      reconcileClient =
          config.reconcileClientFactory().create(config.client(), leadership, plan.lease().get());
    } else {
      leadership = Leadership.always();
    }
    Controller.Builder<R> builder =
        Controller.builder(definition)
            .informerClient(config.client())
            .reconcileClient(reconcileClient)
            .scope(plan.scope())
            .metrics(metrics)
            .informers(informers);
    if (rateLimit != null) {
      builder.rateLimit(rateLimit);
    }
    Controller<R> controller = builder.build();
    return new ManagedController(
        controller, leadership, plan, reconcileClient == config.client() ? null : reconcileClient);
  }

  private void logSummary(OperatorConfiguration config) {
    for (ManagedController m : managed) {
      String lease =
          m.plan()
              .lease()
              .map(
                  l ->
                      "Lease "
                          + config.namespace()
                          + "/"
                          + l.leaseName()
                          + " as "
                          + config.identity()
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

  private Leadership.Listener listener(ManagedController m) {
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
        List.of(
            termOutcome == Signals.Outcome.IGNORED ? "SIGTERM" : "",
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
              shutdown.jvmExiting();
              if (shutdown.stepsDone()) {
                return; // our own exit handler called System.exit
              }
              try {
                // Bounded: never hold the JVM's exit hostage to a stuck step.
                long bound = drain.plus(ShutdownSequence.CANCEL_GRACE).plus(HOOK_MARGIN).toMillis();
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
      // The halt waits >= 300 ms for threads blocked in native code (ExitWait): the health
      // server's selector is one, and stopping it takes milliseconds.
      health.close();
      haltHandler.accept(Operator.HALT_STATUS);
    }
  }

  /**
   * Starts the graceful shutdown in the background (once; later calls only return the same future).
   *
   * @return completes with the exit status when shutdown is done
   */
  CompletableFuture<Integer> initiateShutdown(int status, String reason) {
    if (shutdownStarted.compareAndSet(false, true)) {
      Thread t = new Thread(() -> shutdown.run(status, reason), "kopgen-shutdown");
      t.start();
    }
    return terminated;
  }

  /**
   * Shuts down gracefully and waits until that is done; the exit handler gets 0 (unless a shutdown
   * with another status, e.g. after a lost Lease, was already under way).
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
    return managed.stream().<Controller<?>>map(ManagedController::controller).toList();
  }

  /** The operator's metrics. */
  public OperatorMetrics metrics() {
    return metrics;
  }
}
