package dev.kopgen.runtime.controller;

import dev.kopgen.rules.Durations;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.EventRecorder;
import dev.kopgen.runtime.ReconcileTimeoutException;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import dev.kopgen.runtime.RetryPolicy;
import dev.kopgen.runtime.events.EventSink;
import dev.kopgen.runtime.events.SinkRecorder;
import dev.kopgen.runtime.health.OperatorMetrics;
import dev.kopgen.runtime.queue.BackoffPolicy;
import dev.kopgen.runtime.queue.ObjectKey;
import dev.kopgen.runtime.queue.TokenBucket;
import dev.kopgen.runtime.queue.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch-and-reconcile loop of one controller: fabric8 informers feed object keys into a {@link
 * WorkQueue}, and {@code maxConcurrentReconciles} worker threads reconcile the latest cached state
 * of each key.
 *
 * <p>Lifecycle: {@link #start()} starts the informers at once, so the cache is warm whether or not
 * this instance leads; reconciles begin only after {@link #resume()} <em>and</em> once every
 * informer has synced. {@link #pause()} stops starting reconciles (keys keep being collected),
 * {@link #cancelInFlight()} asks running ones to stop, {@link #awaitInFlight} waits for them, and
 * {@link #close()} stops everything.
 *
 * <p>Watch failures never end the loop: every informer retries after any exception (fabric8's
 * default gives up on some), with fabric8's exponential reconnect delay; after HTTP 410 Gone
 * fabric8's Reflector relists and rewatches by itself. Until an informer has synced, {@link
 * #hasSynced()} stays false and so does readiness.
 *
 * <p>The informers, their event handlers and the caches reconciles read live in {@link
 * ControllerInformers}; this class runs the queue, the workers and the reconciles.
 *
 * @param <R> the primary resource type
 */
public final class Controller<R extends HasMetadata> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

  private final ControllerDefinition<R> definition;
  private final String name;
  private final Scope scope;
  private final KubernetesClient informerClient;
  private final KubernetesClient reconcileClient;
  private final Reconciler<R> reconciler;
  private final WorkQueue<ObjectKey> queue;
  private final OperatorMetrics.ControllerMetrics metrics;
  private final FailureEvents events;

  /** Sends every Event of this controller: the reconciler's and the failure Events. */
  private final EventSink eventSink;

  private final LongSupplier nanoClock;
  private final String primaryKind;
  private final RetryPolicy retry;
  private final OwnWrites<R> ownWrites;

  /** The cleanup finalizer's manager; {@code null} unless the reconciler is a Cleaner. */
  private final Finalizers<R> finalizers;

  private final Map<ObjectKey, Run> running = new ConcurrentHashMap<>();

  /**
   * Worker threads started so far, at most {@code maxConcurrentReconciles}. Guarded by this.
   * Workers start on demand ({@link #work}), not all up front: an idle controller, or one whose
   * objects rarely change at once, keeps one or two threads instead of {@code
   * maxConcurrentReconciles} (20 threads cost ~20 stacks and their share of each safepoint).
   */
  private int workerCount;

  /** Workers waiting in {@link WorkQueue#take}, or about to. */
  private final AtomicInteger idleWorkers = new AtomicInteger();

  private final ScheduledExecutorService timeouts;

  /** The watches and cached reads: informers, their handlers, the caches reconciles read. */
  private final ControllerInformers<R> informers;

  private volatile ScheduledFuture<?> syncCheck;

  // Guarded by this.
  private boolean started;
  private boolean resumed;
  private boolean synced;
  private boolean closed;

  private Controller(Builder<R> b) {
    this.definition = b.definition;
    this.name = definition.name();
    this.scope = b.scope != null ? b.scope : Scope.of(definition);
    this.informerClient = Objects.requireNonNull(b.informerClient, "informerClient");
    this.reconcileClient = b.reconcileClient != null ? b.reconcileClient : b.informerClient;
    this.nanoClock = b.nanoClock;
    this.retry = b.definition.retry();
    this.queue =
        new WorkQueue<>(
            b.backoff != null ? b.backoff : retry.backoff(),
            b.nanoClock,
            b.rateLimit,
            this::countThrottled,
            definition.rerunDelay());
    this.queue.pause(); // until resumed and synced
    OperatorMetrics m = b.metrics != null ? b.metrics : new OperatorMetrics();
    this.metrics = m.controller(name, queue::depth, queue::inFlight);
    this.eventSink = new EventSink(reconcileClient, name);
    this.events = b.events ? new FailureEvents(eventSink, nanoClock) : null;
    this.reconciler = Objects.requireNonNull(definition.newReconciler(), "newReconciler()");
    Class<R> type = definition.resourceType();
    this.primaryKind = HasMetadata.getKind(type);
    this.finalizers = Finalizers.of(name, group(HasMetadata.getApiVersion(type)), type, reconciler);
    this.ownWrites = new OwnWrites<>(nanoClock);
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(1, daemon("kopgen-" + name + "-timeouts"));
    t.setRemoveOnCancelPolicy(true); // most timers are cancelled: don't keep them around
    this.timeouts = t;
    this.informers =
        new ControllerInformers<>(
            definition, scope, informerClient, b.pool, queue::add, ownWrites, m, nanoClock);
    m.cachedObjects(name, informers::sizes);
  }

  /** Starts building a controller for {@code definition}. */
  public static <R extends HasMetadata> Builder<R> builder(ControllerDefinition<R> definition) {
    return new Builder<>(definition);
  }

  /** The controller's name. */
  public String name() {
    return name;
  }

  /** The definition this controller runs. */
  public ControllerDefinition<R> definition() {
    return definition;
  }

  /** What this controller watches. */
  public Scope scope() {
    return scope;
  }

  /**
   * Starts the informers (without waiting for them to sync) and the first worker thread (which
   * waits for {@link #resume()}; more start as keys arrive, see {@link #addWorker()}).
   */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("controller " + name + " was already started");
    }
    if (closed) {
      throw new IllegalStateException("controller " + name + " is closed");
    }
    started = true;
    informers.open();
    long startedAt = System.nanoTime();
    informers.start();
    // Reconciles wait for every cache to hold its first full list (as controller-runtime's
    // WaitForCacheSync): the same condition /readyz reports. fabric8 has no callback for it
    // (start()'s future also waits for the watch), so look every 5 ms until it holds: the look
    // is a few field reads, and the first reconcile of a leader that won its Lease before the
    // sync waits for it (25 ms cost 12 ms on average there).
    syncCheck =
        timeouts.scheduleWithFixedDelay(
            () -> {
              if (hasSynced() && setSynced()) {
                LOG.info(
                    "controller {}: {} informer(s) synced in {} ms",
                    name,
                    informers.size(),
                    millis(System.nanoTime() - startedAt));
              }
              ScheduledFuture<?> self = syncCheck; // null if this runs before the assignment
              if (self != null && isSynced()) {
                self.cancel(false);
              }
            },
            0,
            5,
            TimeUnit.MILLISECONDS);
    addWorker();
  }

  /**
   * Starts one more worker unless {@code maxConcurrentReconciles} run already or the controller is
   * closed. A worker that takes a key while no other waits calls it, so a key that becomes ready
   * always finds a waiting worker, up to the limit: on-demand workers change when threads exist,
   * not how many reconciles run at once.
   */
  private synchronized void addWorker() {
    if (closed || workerCount >= definition.maxConcurrentReconciles()) {
      return;
    }
    workerCount++;
    Thread worker = new Thread(this::work, "kopgen-" + name + "-worker-" + workerCount);
    worker.setDaemon(true);
    worker.start();
  }

  /** Lets workers start reconciles (once informers have synced). */
  public synchronized void resume() {
    resumed = true;
    updateGate();
  }

  /** Stops starting new reconciles; queued keys stay queued and running ones go on. */
  public synchronized void pause() {
    resumed = false;
    updateGate();
  }

  /** Whether reconciles may start: resumed, synced and not closed. */
  public synchronized boolean isRunning() {
    return resumed && synced && !closed;
  }

  /**
   * @return whether this call changed the state
   */
  private synchronized boolean setSynced() {
    if (synced) {
      return false;
    }
    synced = true;
    updateGate();
    return true;
  }

  private synchronized boolean isSynced() {
    return synced;
  }

  private void updateGate() {
    if (resumed && synced && !closed) {
      queue.resume();
    } else {
      queue.pause();
    }
  }

  /** Whether every informer has listed its resources at least once. */
  public boolean hasSynced() {
    return notSynced().isEmpty();
  }

  /** The informers that have not synced yet, for the readiness endpoint. */
  public List<String> notSynced() {
    synchronized (this) {
      if (!started) {
        return List.of("controller " + name + " not started");
      }
    }
    return informers.notSynced();
  }

  /**
   * Waits until no reconcile is running.
   *
   * @return whether that happened within {@code timeout}
   */
  public boolean awaitInFlight(Duration timeout) {
    try {
      return queue.awaitIdle(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Cancels every running reconcile: {@link Context#isCancelled()} turns true and its thread is
   * interrupted. A cancelled reconcile is neither a success nor a failure: its object is queued
   * again and runs once reconciles are resumed.
   */
  public void cancelInFlight() {
    running.values().forEach(r -> r.cancel(Cancel.ABORTED));
  }

  /** Objects waiting to be reconciled now. */
  public int queueDepth() {
    return queue.depth();
  }

  /** Reconciles running now. */
  public int inFlight() {
    return queue.inFlight();
  }

  /** Asks for a reconcile of {@code key}, as an informer event would. */
  public void enqueue(ObjectKey key) {
    queue.add(key);
  }

  /** A one-line description of what this controller runs, for the startup log. */
  public String describe() {
    return "controller "
        + name
        + " ("
        + primaryKind
        + "): "
        + scope.describe()
        + (definition.ownedTypes().isEmpty()
            ? ""
            : ", owns " + definition.ownedTypes().stream().map(HasMetadata::getKind).toList())
        + ", maxConcurrentReconciles "
        + definition.maxConcurrentReconciles()
        + ", reconcileTimeout "
        + Durations.format(definition.reconcileTimeout());
  }

  /**
   * Stops the informers and the workers. Running reconciles are cancelled; call {@link
   * #awaitInFlight} first for a graceful stop.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      updateGate();
    }
    queue.shutDown();
    running.values().forEach(r -> r.cancel(Cancel.ABORTED));
    informers.close();
    timeouts.shutdownNow();
    eventSink.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Informers: see ControllerInformers

  /** The API group of an apiVersion: {@code apps/v1} → {@code apps}, {@code v1} → "". */
  static String group(String apiVersion) {
    if (apiVersion == null) {
      return "";
    }
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  // ---------------------------------------------------------------------------------------------
  // Workers

  private enum Cancel {
    TIMEOUT,
    ABORTED
  }

  /** One reconcile in progress; cancellation flag and thread, raced safely against its end. */
  private static final class Run {
    private final Thread thread;
    private volatile Cancel cancel;
    private boolean finished;

    Run(Thread thread) {
      this.thread = thread;
    }

    synchronized void cancel(Cancel why) {
      if (finished || cancel != null) {
        return;
      }
      cancel = why;
      thread.interrupt();
    }

    /** After this, no interrupt can hit the worker thread on this run's behalf. */
    synchronized void finish() {
      finished = true;
    }

    boolean isCancelled() {
      return cancel != null;
    }
  }

  private final class ReconcileContext implements Context {
    private final Run run;
    private final int retryCount;
    private final PrimaryWrites writes;
    private final EventRecorder recorder;
    private final R primary;

    ReconcileContext(Run run, int retryCount, R primary) {
      this.run = run;
      this.retryCount = retryCount;
      this.writes =
          new PrimaryWrites(
              reconcileClient,
              name,
              primary,
              written -> ownWrites.wrote(ObjectKey.of(primary), castPrimary(written)));
      this.recorder = new SinkRecorder(eventSink, primary);
      this.primary = primary;
    }

    @Override
    public EventRecorder events() {
      return recorder;
    }

    @Override
    public <C extends HasMetadata> C applyOwned(C child) {
      return writes.applyOwned(child);
    }

    @Override
    public boolean applyStatus(Object status) {
      return writes.applyStatus(status);
    }

    @Override
    public <T extends HasMetadata> List<T> owned(Class<T> type) {
      return informers.owned(type, primary.getMetadata().getUid());
    }

    @Override
    public <T extends HasMetadata> java.util.Optional<T> cached(Class<T> type, String name) {
      String ns =
          Namespaced.class.isAssignableFrom(type) ? primary.getMetadata().getNamespace() : null;
      return informers.cached(type, ns, name);
    }

    @Override
    public KubernetesClient client() {
      return reconcileClient;
    }

    @Override
    public String controllerName() {
      return name;
    }

    @Override
    public boolean isCancelled() {
      return run.isCancelled();
    }

    @Override
    public int retryCount() {
      return retryCount;
    }
  }

  private void work() {
    while (true) {
      ObjectKey key;
      idleWorkers.incrementAndGet();
      try {
        key = queue.take();
      } catch (InterruptedException e) {
        // A late interrupt meant for a finished run, or close(): the queue tells which.
        idleWorkers.decrementAndGet();
        continue;
      }
      if (idleWorkers.decrementAndGet() == 0 && key != null) {
        // The last waiting worker took a key: start the next one before reconciling, so the
        // next ready key does not wait for this run (up to maxConcurrentReconciles).
        addWorker();
      }
      if (key == null) {
        return; // shut down
      }
      Duration next = null;
      try {
        next = process(key);
      } catch (RuntimeException | Error e) {
        // A bug in kopgen itself: keep the worker alive and the key retried.
        LOG.error("controller {}: unexpected failure handling {}", name, key, e);
        next = queue.nextBackoff(key);
      } finally {
        queue.done(key, next);
      }
    }
  }

  /** Reconciles {@code key} once; returns when to run it again, {@code null} for not by itself. */
  private Duration process(ObjectKey key) {
    R resource = ownWrites.freshest(key, informers.cached(key));
    if (resource == null) {
      // Deleted (or never in scope): nothing to reconcile, forget its failures.
      queue.forget(key);
      if (events != null) {
        events.forget(key);
      }
      LOG.debug("controller {}: {} is gone, skipping", name, key);
      return null;
    }
    Run run = new Run(Thread.currentThread());
    ReconcileContext context = new ReconcileContext(run, queue.failures(key), resource);
    running.put(key, run);
    Duration timeout = definition.reconcileTimeout();
    // Always positive: ControllerDefinition refuses anything else (AvailabilityRules).
    ScheduledFuture<?> timer =
        timeouts.schedule(
            () -> run.cancel(Cancel.TIMEOUT), timeout.toNanos(), TimeUnit.NANOSECONDS);
    long start = nanoClock.getAsLong();
    Result result = null;
    Exception failure = null;
    try {
      // A deep copy: the reconciler may set status or labels on its argument as it likes,
      // and the informer's cache (which every later event is compared with) stays as the API
      // server sent it, as JOSDK (clone) and controller-runtime (cache reader DeepCopy) do.
      R copy = copyOf(resource);
      result =
          finalizers == null
              ? reconciler.reconcile(copy, context)
              : finalizers.run(copy, reconciler, context);
      if (result == null) {
        failure =
            new IllegalStateException("reconcile returned null; return Result.done() instead");
      }
    } catch (Exception e) {
      failure = e;
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Error e) {
      failure = new ExecutionException("reconcile threw " + e, e);
    } finally {
      run.finish();
      timer.cancel(false);
      running.remove(key, run);
      Thread.interrupted(); // whatever the reconcile left behind must not hit the next one
    }
    long took = nanoClock.getAsLong() - start;

    if (run.cancel == Cancel.ABORTED) {
      metrics.reconciled(OperatorMetrics.CANCELLED, took);
      LOG.info(
          "controller {}: reconcile of {} cancelled after {} ms, queued again",
          name,
          key,
          millis(took));
      return Duration.ZERO;
    }
    if (run.cancel == Cancel.TIMEOUT) {
      failure = new ReconcileTimeoutException(key.toString(), timeout, failure);
    }
    if (failure != null) {
      return failed(key, resource, context, failure, took);
    }
    if (result.isBackoff()) {
      metrics.reconciled(OperatorMetrics.REQUEUE, took);
      Duration delay = queue.nextBackoff(key);
      LOG.debug("controller {}: {} asked for a retry with backoff, in {}", name, key, delay);
      return delay;
    }
    queue.forget(key);
    if (events != null) {
      events.forget(key);
    }
    if (result.requeueDelay().isPresent()) {
      metrics.reconciled(OperatorMetrics.REQUEUE_AFTER, took);
      LOG.debug(
          "controller {}: reconciled {} in {} ms, again in {}",
          name,
          key,
          millis(took),
          result.requeueDelay().get());
      return result.requeueDelay().get();
    }
    metrics.reconciled(OperatorMetrics.SUCCESS, took);
    LOG.debug("controller {}: reconciled {} in {} ms", name, key, millis(took));
    return null;
  }

  private Duration failed(
      ObjectKey key, R resource, Context context, Exception failure, long took) {
    java.util.Optional<String> fencedBy = dev.kopgen.runtime.lease.FenceRefusal.by(failure);
    if (fencedBy.isPresent()) {
      return fenced(key, failure, took, fencedBy.get());
    }
    metrics.reconciled(OperatorMetrics.ERROR, took);
    Duration backoff = queue.nextBackoff(key);
    Result policy;
    try {
      policy = reconciler.onError(copyOf(resource), failure, context);
      if (policy == null) {
        policy = Result.retryWithBackoff();
      }
    } catch (RuntimeException e) {
      LOG.warn("controller {}: onError for {} threw; retrying with backoff", name, key, e);
      policy = Result.retryWithBackoff();
    }
    Duration next = policy.isBackoff() ? backoff : policy.requeueDelay().orElse(null);
    int failures = queue.failures(key);
    if (policy.isBackoff() && retry.exhausted(failures)) {
      RetryExhaustion.gaveUp(name, key, resource, failure, failures, eventSink, metrics);
      queue.forget(key); // the next change starts a fresh series of attempts
      return null;
    }
    LOG.warn(
        "controller {}: reconcile of {} failed (failure {} in a row, after {} ms), {}: {}",
        name,
        key,
        queue.failures(key),
        millis(took),
        next == null ? "not retrying until it changes" : "retrying in " + Durations.format(next),
        failure.toString());
    if (FailureTraces.firstOfARun(queue.failures(key))) {
      LOG.debug("controller {}: failure of {} in detail", name, key, failure);
    }
    if (events != null) {
      events.failed(key, resource, definition.resourceType(), failure, backoff);
    }
    return next;
  }

  /**
   * A write of the reconcile was refused by a fence (this process's, or the API server's admission
   * policy): the instance no longer holds its Lease. Not the reconciler's failure, so neither
   * onError nor a failure event (itself a write that would be refused); the key waits a backoff, by
   * which time the election has stopped this controller or it leads again.
   */
  private Duration fenced(ObjectKey key, Exception failure, long took, String by) {
    metrics.reconciled(OperatorMetrics.FENCED, took);
    metrics.fencedWrite(by);
    Duration next = queue.nextBackoff(key);
    LOG.info(
        "controller {}: reconcile of {} stopped: a write was fenced by the {} (this instance no"
            + " longer holds its Lease), queued again in {}: {}",
        name,
        key,
        by,
        Durations.format(next),
        failure.getMessage());
    return next;
  }

  /** A deep copy of a cached object, which user code may change without touching the cache. */
  private <T extends HasMetadata> T copyOf(T cached) {
    return informerClient.getKubernetesSerialization().clone(cached);
  }

  /** An object returned by a write of the primary: of the primary's type. */
  private R castPrimary(HasMetadata written) {
    return definition.resourceType().isInstance(written)
        ? definition.resourceType().cast(written)
        : null;
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private static ThreadFactory daemon(String threadName) {
    return r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    };
  }

  /** A run waited for the operator-wide rate limit (called by the queue, after construction). */
  private void countThrottled() {
    metrics.throttled();
  }

  @Override
  public String toString() {
    return "Controller[" + name + ", " + queue + "]";
  }

  /** Builds a {@link Controller}. */
  public static final class Builder<R extends HasMetadata> {
    private final ControllerDefinition<R> definition;
    private KubernetesClient informerClient;
    private KubernetesClient reconcileClient;
    private Scope scope;
    private OperatorMetrics metrics;
    private BackoffPolicy backoff; // null: the definition's retry policy
    private LongSupplier nanoClock = System::nanoTime;
    private boolean events = true;
    private InformerPool pool;
    private TokenBucket rateLimit; // null: no operator-wide limit

    private Builder(ControllerDefinition<R> definition) {
      this.definition = Objects.requireNonNull(definition, "definition");
    }

    /** The client the informers list and watch with (required). */
    public Builder<R> informerClient(KubernetesClient value) {
      informerClient = Objects.requireNonNull(value, "informerClient");
      return this;
    }

    /**
     * The client reconcilers get through {@link Context#client()} (fenced under leader election);
     * defaults to the informer client.
     */
    public Builder<R> reconcileClient(KubernetesClient value) {
      reconcileClient = Objects.requireNonNull(value, "reconcileClient");
      return this;
    }

    /** What to watch; defaults to the definition's namespaces and label selector. */
    public Builder<R> scope(Scope value) {
      scope = Objects.requireNonNull(value, "scope");
      return this;
    }

    /** Where to record metrics; defaults to a registry of this controller's own. */
    public Builder<R> metrics(OperatorMetrics value) {
      metrics = Objects.requireNonNull(value, "metrics");
      return this;
    }

    /** The per-object backoff after failures; defaults to the definition's retry policy. */
    public Builder<R> backoff(BackoffPolicy value) {
      backoff = Objects.requireNonNull(value, "backoff");
      return this;
    }

    /** The monotonic clock for delays; {@code System::nanoTime} unless testing. */
    public Builder<R> nanoClock(LongSupplier value) {
      nanoClock = Objects.requireNonNull(value, "nanoClock");
      return this;
    }

    /** Whether failed reconciles leave a Warning Event on their object (default true). */
    public Builder<R> failureEvents(boolean value) {
      events = value;
      return this;
    }

    /**
     * Shares informers with the other controllers built with the same pool (one watch and cache per
     * type and scope); without it this controller opens its own.
     */
    public Builder<R> informers(InformerPool value) {
      pool = Objects.requireNonNull(value, "pool");
      return this;
    }

    /**
     * The operator-wide reconcile rate limit, shared by every controller of the process: each run
     * (reconcile, cleanup, requeue, retry) starts only with one of its tokens.
     */
    public Builder<R> rateLimit(TokenBucket value) {
      rateLimit = Objects.requireNonNull(value, "rateLimit");
      return this;
    }

    public Controller<R> build() {
      return new Controller<>(this);
    }
  }
}
