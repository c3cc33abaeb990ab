package dev.kopgen.runtime.operator;

import dev.kopgen.rules.PodContract;
import dev.kopgen.rules.RateLimitRules;
import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.OperatorConfigurationException;
import dev.kopgen.runtime.lease.FencedClient;
import dev.kopgen.runtime.lease.LeaseLeadership;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an operator's controllers: informers, work queues, leader election, the health and metrics
 * endpoints, and graceful shutdown.
 *
 * <p>The generated entry point calls {@link #run}; tests and embedders use {@link #builder()}.
 */
public final class Operator {

  private static final Logger LOG = LoggerFactory.getLogger(Operator.class);

  /** Exit status after a signal arrived twice: 128 + SIGINT, as shells report it. */
  public static final int HALT_STATUS = 130;

  /** Exit status after losing a Lease under {@code OnLeadershipLoss.EXIT}, or a failed start. */
  public static final int FAILURE_STATUS = 1;

  /** Exit status for a configuration the operator cannot start with. */
  public static final int CONFIGURATION_STATUS = 2;

  /** How long the exit waits for the closed clients' threads to end ({@link ExitWait}). */
  private static final Duration EXIT_WAIT = Duration.ofMillis(250);

  private Operator() {}

  /**
   * Runs {@code definitions} in this pod until SIGTERM/SIGINT (graceful shutdown, status 0), a lost
   * Lease under {@code OnLeadershipLoss.EXIT} (status 1), or a second signal (status 130), then
   * exits the JVM with that status. Never returns.
   *
   * <p>Reads {@code POD_NAME}, {@code POD_NAMESPACE}, {@code KOPGEN_HEALTH_PORT} (default 8080),
   * {@code KOPGEN_SHARD}, and {@code KOPGEN_RECONCILE_RATE} / {@code KOPGEN_RECONCILE_BURST} (an
   * operator-wide reconcile rate limit, none by default, see {@link Builder#reconcileRateLimit});
   * the client is fabric8's auto-configured one (in-cluster service account, else kubeconfig). A
   * bad configuration exits with status 2 and a message saying what to fix.
   *
   * @param args the command line; kopgen takes no arguments and ignores any
   */
  public static void run(String[] args, List<ControllerDefinition<?>> definitions) {
    System.exit(runUntilStopped(args, definitions));
  }

  private static int runUntilStopped(String[] args, List<ControllerDefinition<?>> definitions) {
    if (args != null && args.length > 0) {
      LOG.warn(
          "ignoring command-line arguments {}: kopgen is configured by annotations and"
              + " environment variables",
          List.of(args));
    }
    OperatorEnvironment env;
    RunningOperator running;
    KubernetesClient client = null;
    EarlyEndpoints endpoints = null;
    try {
      env = OperatorEnvironment.fromSystem();
      // Metrics and health server start beside the client's build, which needs neither.
      endpoints = EarlyEndpoints.start(env.healthPort());
      // The identity in the User-Agent makes every request attributable to one replica in the
      // API server's audit log.
      Config config = Config.autoConfigure(null);
      config.setUserAgent("kopgen/" + env.identity() + " " + config.getUserAgent());
      client = new KubernetesClientBuilder().withConfig(config).build();
      running =
          builder()
              .client(client)
              .controllers(definitions)
              .healthPort(env.healthPort())
              .namespace(env.namespace())
              .identity(env.identity())
              .shard(env.shard())
              .reconcileRateLimit(reconcileRateLimit(System::getenv))
              .handleSignals(true)
              // run() exits below, after the main thread has seen the status.
              .exitHandler(status -> {})
              .endpoints(endpoints)
              .start();
    } catch (OperatorConfigurationException e) {
      LOG.error("cannot start: {}", e.getMessage());
      closeQuietly(client);
      closeQuietly(endpoints);
      return CONFIGURATION_STATUS;
    } catch (RuntimeException e) {
      LOG.error("cannot start: {}", e.getMessage(), e);
      closeQuietly(client);
      closeQuietly(endpoints);
      return FAILURE_STATUS;
    }
    int status = running.awaitExitStatus();
    long closing = System.nanoTime();
    closeQuietly(client);
    // The JVM's exit waits >= 300 ms for threads blocked in native code: end the closed clients'
    // I/O threads first (ExitWait; milliseconds once the clients are closed), bounded.
    int left = ExitWait.awaitNativeThreads(EXIT_WAIT);
    LOG.info(
        "exit: closed the client in {} ms{}; exiting with status {}",
        elapsedSince(closing).toMillis(),
        left == 0 ? "" : " (" + left + " thread(s) still in native code)",
        status);
    return status;
  }

  /**
   * The operator-wide reconcile rate limit from {@value RateLimitRules#RATE_ENV} and {@value
   * RateLimitRules#BURST_ENV}, or {@code null} for none.
   *
   * @throws OperatorConfigurationException naming the variable to fix
   */
  static RateLimitRules.Limit reconcileRateLimit(Function<String, String> env) {
    try {
      return RateLimitRules.parse(
              env.apply(RateLimitRules.RATE_ENV), env.apply(RateLimitRules.BURST_ENV))
          .orElse(null);
    } catch (IllegalArgumentException e) {
      throw new OperatorConfigurationException(e.getMessage());
    }
  }

  private static void closeQuietly(EarlyEndpoints endpoints) {
    if (endpoints != null) {
      endpoints.closeQuietly();
    }
  }

  private static void closeQuietly(KubernetesClient client) {
    if (client != null) {
      try {
        client.close();
      } catch (RuntimeException e) {
        LOG.debug("closing the client failed", e);
      }
    }
  }

  /** Starts configuring an operator. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures and starts an operator; {@link #client} and {@link #controllers} are required. */
  public static final class Builder {
    private KubernetesClient client;
    private List<ControllerDefinition<?>> controllers;
    private int healthPort = OperatorEnvironment.DEFAULT_HEALTH_PORT;
    private String namespace = "default";
    private String identity;
    private String shard;
    private LeadershipFactory leadershipFactory = LeaseLeadership::new;
    private ReconcileClientFactory reconcileClientFactory =
        (base, leadership, lease) ->
            FencedClient.create(base, leadership::mayWrite, lease.leaseName());
    private IntConsumer exitHandler = System::exit;
    private IntConsumer haltHandler = ExitWait::halt;
    private final List<CompletionStage<?>> shutdownTriggers = new ArrayList<>();
    private boolean handleSignals;
    private RateLimitRules.Limit reconcileRateLimit;
    private EarlyEndpoints endpoints;

    private Builder() {}

    /** The client for informers and Leases; the caller keeps ownership (it is not closed). */
    public Builder client(KubernetesClient value) {
      client = Objects.requireNonNull(value, "client");
      return this;
    }

    /** The controllers to run (the generated {@code KopgenOperator}'s list). */
    public Builder controllers(List<ControllerDefinition<?>> value) {
      controllers = List.copyOf(value);
      return this;
    }

    /** Port of {@code /healthz}, {@code /readyz} and {@code /metrics}; 0 picks a free one. */
    public Builder healthPort(int value) {
      if (value != 0) { // 0: an ephemeral port, for tests and several operators on one host
        PodContract.portProblem(value)
            .ifPresent(
                p -> {
                  throw new IllegalArgumentException(
                      "healthPort: " + p + " (or 0 for any free one)");
                });
      }
      healthPort = value;
      return this;
    }

    /** The operator's own namespace, where its Leases live (default {@code default}). */
    public Builder namespace(String value) {
      namespace = Objects.requireNonNull(value, "namespace");
      return this;
    }

    /** This instance's Lease holder identity (default: host name plus a random suffix). */
    public Builder identity(String value) {
      identity = Objects.requireNonNull(value, "identity");
      return this;
    }

    /** The shard to run ({@code KOPGEN_SHARD}); {@code null} runs the unsharded controllers. */
    public Builder shard(String value) {
      shard = value;
      return this;
    }

    /**
     * An operator-wide reconcile rate limit: at most {@code limit.burst()} runs start at once and
     * {@code limit.perSecond()} per second after that, counting every controller of the process and
     * every kind of start (events, requeues, retries, cleanups). {@code null} (the default): no
     * limit beyond each controller's {@code maxConcurrentReconciles}.
     *
     * @throws IllegalArgumentException if the limit breaks {@link RateLimitRules#problem}
     */
    public Builder reconcileRateLimit(RateLimitRules.Limit limit) {
      if (limit != null) {
        RateLimitRules.problem(limit.perSecond(), limit.burst())
            .ifPresent(
                p -> {
                  throw new IllegalArgumentException(p);
                });
      }
      reconcileRateLimit = limit;
      return this;
    }

    /** How elected controllers campaign; default: Lease-based election. */
    public Builder leadershipFactory(LeadershipFactory value) {
      leadershipFactory = Objects.requireNonNull(value, "leadershipFactory");
      return this;
    }

    /** The client elected controllers' reconciles get; default: fenced by the leadership. */
    public Builder reconcileClientFactory(ReconcileClientFactory value) {
      reconcileClientFactory = Objects.requireNonNull(value, "reconcileClientFactory");
      return this;
    }

    /**
     * Called once with the final status when the operator stops by itself or after {@link
     * RunningOperator#shutdown()}: 0 after a graceful shutdown, 1 after losing a Lease under {@code
     * OnLeadershipLoss.EXIT}. Default {@code System::exit}.
     */
    public Builder exitHandler(IntConsumer value) {
      exitHandler = Objects.requireNonNull(value, "exitHandler");
      return this;
    }

    /**
     * Called with {@value Operator#HALT_STATUS} when a second SIGTERM/SIGINT arrives during the
     * drain. Default {@code Runtime.getRuntime()::halt} (no shutdown hooks, no waiting), after
     * interrupting the JDK HTTP client's selector threads, for which the halt would otherwise wait
     * 300 ms.
     */
    public Builder haltHandler(IntConsumer value) {
      haltHandler = Objects.requireNonNull(value, "haltHandler");
      return this;
    }

    /**
     * Shuts down gracefully (status 0) once {@code trigger} completes, normally or not: the
     * counterpart of kube-rs {@code graceful_shutdown_on}.
     */
    public Builder shutdownOn(CompletionStage<?> trigger) {
      shutdownTriggers.add(Objects.requireNonNull(trigger, "trigger"));
      return this;
    }

    /**
     * Whether to handle SIGTERM and SIGINT (graceful shutdown on the first, {@link #haltHandler} on
     * the second). {@link Operator#run} turns it on; off by default so tests and embedding
     * applications keep their own handling.
     */
    public Builder handleSignals(boolean value) {
      handleSignals = value;
      return this;
    }

    /** The metrics and health server {@link Operator#run} started before building the client. */
    Builder endpoints(EarlyEndpoints value) {
      endpoints = value;
      return this;
    }

    /**
     * Starts the health server, the informers and the leader elections, and returns at once;
     * reconciles start as each controller leads and its informers have synced.
     *
     * @throws OperatorConfigurationException if the controllers or the shard are misconfigured
     * @throws java.io.UncheckedIOException if the health port cannot be bound
     */
    public RunningOperator start() {
      return RunningOperator.start(configuration());
    }

    /**
     * The immutable configuration {@link RunningOperator} starts from: the values set so far, with
     * the identity defaulted.
     *
     * @throws OperatorConfigurationException if no controllers were given
     */
    OperatorConfiguration configuration() {
      Objects.requireNonNull(client, "client is required");
      if (controllers == null) {
        throw new OperatorConfigurationException("no controllers given");
      }
      return new OperatorConfiguration(
          client,
          controllers,
          healthPort,
          namespace,
          identity != null ? identity : OperatorEnvironment.identityFromSystem(),
          shard,
          leadershipFactory,
          reconcileClientFactory,
          exitHandler,
          haltHandler,
          shutdownTriggers,
          handleSignals,
          reconcileRateLimit,
          endpoints);
    }
  }

  static Duration elapsedSince(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
