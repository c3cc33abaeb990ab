package dev.kopgen.runtime.lease;

import dev.kopgen.rules.Durations;
import dev.kopgen.rules.LeaseTiming;
import dev.kopgen.runtime.LeaseSpec;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease, with fencing and fast hand-over.
 *
 * <p>The rules, after client-go's {@code leaderelection} package:
 *
 * <ul>
 *   <li>A candidate takes the Lease when it is absent, has no holder (it was released), or has
 *       expired <em>by this process's own observation</em>: the Lease record has not changed for
 *       {@code leaseDurationSeconds} since this process last saw it change, measured with {@link
 *       System#nanoTime()}. The remote {@code renewTime} is never compared with the local clock, so
 *       clock skew between nodes cannot make a live Lease look expired.
 *   <li>Every write is a PUT (or a create) carrying the resourceVersion just read; a 409 Conflict
 *       means someone else wrote first, and leads to a fresh read, never to a forced write.
 *   <li>The leader renews every {@code retryPeriod}; candidates retry every {@code retryPeriod ×
 *       [1, 1.2)} and additionally watch the Lease, so a released Lease is taken within one round
 *       trip instead of one retry period.
 *   <li>Fencing: {@link #mayWrite()} is true only while leading and less than {@code renewDeadline}
 *       has passed since the last successful renewal was <em>sent</em> (the server wrote it after
 *       that instant, and standbys count the lease duration from when they saw it, later still). A
 *       timer fires at the deadline, so {@link Listener#onStoppedLeading()} comes on time even
 *       while a renewal hangs.
 * </ul>
 *
 * <p>Threads: one daemon thread named {@code kopgen-lease-<leaseName>} runs the election; HTTP
 * requests are asynchronous (see {@link LeaseApi}), and the watch is a fabric8 informer running on
 * the client's own threads, which only hands events to the election thread. Listener methods are
 * called on the election thread and must not block for long: hand work off.
 */
public final class LeaseLeadership implements Leadership {

  private static final Logger log = LoggerFactory.getLogger(LeaseLeadership.class);

  /** How many 409s in a row are answered by an immediate re-read before backing off. */
  private static final int IMMEDIATE_CONFLICT_RETRIES = 3;

  private enum State {
    NEW,
    CAMPAIGNING,
    RELEASED,
    CLOSED
  }

  private final KubernetesClient client;
  private final String namespace;
  private final String identity;
  private final String leaseName;
  private final LeaseTiming timing;
  private final long leaseDurationNanos;
  private final long renewDeadlineNanos;
  private final long retryPeriodNanos;
  private final int leaseDurationSeconds;
  private final long opGuardNanos;
  private final LeaseApi api;
  private final ScheduledThreadPoolExecutor executor;

  // Read from any thread.
  private volatile State state = State.NEW;
  private volatile boolean leading;
  private volatile long lastRenewNanos;
  private volatile SharedIndexInformer<Lease> informer;
  private volatile Thread electionThread;
  private final AtomicInteger conflicts = new AtomicInteger();

  // Confined to the election thread.
  private Listener listener;

  /** The Lease as last read or watched; {@code null} until then. */
  private LeaseRecord observed;

  /** The Lease object {@link #observed} was read from, with its resourceVersion. */
  private Lease observedLease;

  private long observedNanos;
  private long opId;
  private boolean inFlight;
  private boolean attemptRequested;
  private boolean retryAtOnce;
  private boolean watchStarted;
  private int conflictStreak;
  private long term;
  private CompletableFuture<Boolean> pendingRelease;
  private CompletableFuture<Boolean> releasing;
  private ScheduledFuture<?> nextAttempt;
  private ScheduledFuture<?> deadlineCheck;
  private ScheduledFuture<?> opGuard;

  /**
   * Creates the election for {@code spec.leaseName()} in {@code namespace}; nothing happens until
   * {@link #start(Listener)}.
   *
   * @param client a client that is <em>not</em> fenced: the election must write the Lease while
   *     this instance does not lead
   * @param namespace the operator's namespace, where the Lease lives
   * @param identity this instance's holder identity, unique among the candidates (see {@link
   *     OperatorIdentity#identity()})
   * @param spec the Lease name and timing
   * @throws IllegalArgumentException if the timing violates {@code leaseDuration > renewDeadline >
   *     1.2 × retryPeriod}, or a name is blank
   */
  public LeaseLeadership(
      KubernetesClient client, String namespace, String identity, LeaseSpec spec) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = requireText(namespace, "namespace");
    this.identity = requireText(identity, "identity");
    Objects.requireNonNull(spec, "spec");
    this.leaseName = requireText(spec.leaseName(), "spec.leaseName");
    this.timing = spec.timing();
    if (!timing.problems().isEmpty()) {
      throw new IllegalArgumentException(
          "unsafe leader election timing for Lease '"
              + leaseName
              + "': "
              + timing.problems().stream()
                  .map(LeaseTiming.Problem::message)
                  .collect(Collectors.joining("; ")));
    }
    this.leaseDurationNanos = timing.leaseDuration().toNanos();
    this.renewDeadlineNanos = timing.renewDeadline().toNanos();
    this.retryPeriodNanos = timing.retryPeriod().toNanos();
    this.leaseDurationSeconds = LeaseRecord.durationSeconds(timing.leaseDuration());
    // A request that outlives half the renew deadline cannot save the term anyway; bounding it
    // lets the next attempt start. Never shorter than a retry period, to spare slow servers.
    Duration requestTimeout = Duration.ofNanos(Math.max(retryPeriodNanos, renewDeadlineNanos / 2));
    this.opGuardNanos = requestTimeout.toNanos() * 2 + TimeUnit.SECONDS.toNanos(1);
    this.api = new LeaseApi(client, this.namespace, leaseName, requestTimeout);
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "kopgen-lease-" + leaseName);
              t.setDaemon(true);
              electionThread = t;
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  /** This instance's holder identity. */
  public String identity() {
    return identity;
  }

  /** The name of the Lease this election campaigns for. */
  public String leaseName() {
    return leaseName;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if called twice, or after {@link #release()} or {@link #close()}
   */
  @Override
  public synchronized void start(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    if (state != State.NEW) {
      throw new IllegalStateException(
          "Lease election for '" + leaseName + "' was already started (state " + state + ")");
    }
    this.listener = listener; // published to the election thread by execute()
    state = State.CAMPAIGNING;
    log.info(
        "{} campaigning for Lease {}/{} ({})", identity, namespace, leaseName, timing.describe());
    // The watch starts once the first request is answered (endOp): that request decides whether
    // this instance leads, and the watch (an informer: it lists before it watches, so nothing in
    // between is missed) only speeds up noticing a release or a takeover later. Its first event
    // makes fabric8 build its map of every model kind (hundreds of ms on a cold JVM, inside
    // Jackson's lock); started earlier, that event was the new leader's own Lease write, and the
    // first reconciles waited for the map. Now the first event is the first renewal's.
    submit(this::attempt);
  }

  @Override
  public boolean mayWrite() {
    return leading
        && state == State.CAMPAIGNING
        && System.nanoTime() - lastRenewNanos < renewDeadlineNanos;
  }

  @Override
  public boolean isLeader() {
    return leading && state == State.CAMPAIGNING;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Writes are fenced from the first instant of this call, and the election stops for good: a
   * released instance never campaigns again (it would otherwise take back the Lease it just gave
   * up). Blocks until the API server answered, at most one lease duration. Does not call {@link
   * Listener#onStoppedLeading()}: the caller is the one giving up. Call it from the shutdown path,
   * not from a listener method.
   */
  @Override
  public void release() {
    releaseConfirmed();
  }

  /**
   * {@inheritDoc}
   *
   * <p>True only when the API server accepted the write that cleared this instance as holder.
   */
  @Override
  public boolean releaseConfirmed() {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    synchronized (this) {
      State before = state;
      if (before != State.CAMPAIGNING) {
        if (before == State.NEW) {
          state = State.RELEASED;
        }
        return false;
      }
      state = State.RELEASED;
      leading = false;
      if (!submit(() -> beginRelease(done))) {
        return false;
      }
    }
    if (Thread.currentThread() == electionThread) {
      log.warn(
          "{} release() of Lease {}/{} was called on the election thread (from a listener);"
              + " the release runs in the background",
          identity,
          namespace,
          leaseName);
      return false;
    }
    try {
      return done.get(leaseDurationNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      log.warn(
          "{} could not confirm the release of Lease {}/{} within {}: standbys take over when it"
              + " expires",
          identity,
          namespace,
          leaseName,
          Durations.format(timing.leaseDuration()),
          e);
      return false;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Writes are fenced at once; the Lease is left to expire (use {@link #release()} first for a
   * fast hand-over). Does not call {@link Listener#onStoppedLeading()}.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      leading = false;
    }
    SharedIndexInformer<Lease> watch = informer;
    if (watch != null) {
      watch.stop();
    }
    executor.shutdownNow();
    log.info("{} stopped campaigning for Lease {}/{}", identity, namespace, leaseName);
  }

  // ---- visible for tests ----

  /** {@link System#nanoTime()} when the last successful renewal (or acquisition) was sent. */
  long lastRenewNanos() {
    return lastRenewNanos;
  }

  /** How many writes were answered with 409 Conflict. */
  int conflicts() {
    return conflicts.get();
  }

  // ---- the election thread ----

  private boolean submit(Runnable task) {
    try {
      executor.execute(guarded(task));
      return true;
    } catch (RejectedExecutionException closed) {
      return false;
    }
  }

  private ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    try {
      return executor.schedule(guarded(task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      return null;
    }
  }

  /** Logs instead of losing a failure: scheduled tasks would otherwise swallow it silently. */
  private Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("{} Lease {}/{}: election step failed", identity, namespace, leaseName, e);
      }
    };
  }

  private void startWatch() {
    if (state != State.CAMPAIGNING) {
      return;
    }
    SharedIndexInformer<Lease> watch =
        LeaseWatch.create(
            client,
            namespace,
            leaseName,
            identity,
            (lease, deleted) -> submit(() -> onWatched(lease, deleted)));
    informer = watch;
    try {
      watch.start();
    } catch (RuntimeException e) {
      informer = null;
      watch.stop();
      throw e;
    }
    if (state == State.CLOSED) {
      watch.stop(); // close() ran between the check above and the assignment
    }
  }

  private void onWatched(Lease lease, boolean deleted) {
    if (state != State.CAMPAIGNING) {
      return;
    }
    if (deleted) {
      // A leader recreates its Lease at once; a standby keeps waiting for the last holder's
      // term to expire, as if the Lease were still there.
      if (leading) {
        attempt();
      }
      return;
    }
    observe(lease);
    String holder = observed.holder();
    if (leading ? !identity.equals(holder) : holder.isEmpty()) {
      // Events may be older than what a request just returned: re-read before acting on one.
      attempt();
    }
  }

  private void attempt() {
    if (state != State.CAMPAIGNING) {
      return;
    }
    if (inFlight) {
      attemptRequested = true;
      return;
    }
    cancel(nextAttempt);
    long id = beginOp();
    api.get().whenComplete((reply, error) -> onReply(id, () -> afterRead(reply, error)));
  }

  private long beginOp() {
    inFlight = true;
    long id = ++opId;
    opGuard =
        schedule(
            () -> {
              if (inFlight && opId == id) {
                log.warn(
                    "{} request for Lease {}/{} got no answer in time",
                    identity,
                    namespace,
                    leaseName);
                if (releasing != null) {
                  finishRelease(releasing, false);
                } else {
                  endOp();
                }
              }
            },
            opGuardNanos);
    return id;
  }

  private void onReply(long id, Runnable step) {
    submit(
        () -> {
          if (inFlight && opId == id) {
            step.run();
          }
        });
  }

  private void endOp() {
    inFlight = false;
    opId++; // a late answer to the finished request is ignored
    cancel(opGuard);
    if (pendingRelease != null) {
      CompletableFuture<Boolean> done = pendingRelease;
      pendingRelease = null;
      releaseAsLastSeen(done);
      return;
    }
    if (state != State.CAMPAIGNING) {
      return;
    }
    if (!watchStarted) {
      // After the first answer: see start(). Never let the watch stop the election.
      try {
        startWatch();
        watchStarted = true;
      } catch (RuntimeException e) {
        log.debug(
            "{} could not start the watch of Lease {}/{}; retrying",
            identity,
            namespace,
            leaseName,
            e);
      }
    }
    if (attemptRequested || retryAtOnce) {
      attemptRequested = false;
      retryAtOnce = false;
      submit(this::attempt);
    } else {
      scheduleNext();
    }
  }

  private void afterRead(LeaseApi.Reply reply, Throwable error) {
    if (state != State.CAMPAIGNING) {
      endOp();
      return;
    }
    if (error != null) {
      failed("read", describe(error));
      endOp();
      return;
    }
    if (reply.code() == 404) {
      if (liveOtherHolder()) {
        log.debug(
            "{} Lease {}/{} is gone but {} held it recently; waiting for that term to expire",
            identity,
            namespace,
            leaseName,
            observed.holder());
        endOp();
        return;
      }
      long sent = System.nanoTime(); // the server writes after this instant
      write(api.create(newLease()), sent, "create");
      return;
    }
    if (!reply.ok()) {
      failed("read", reply.message());
      endOp();
      return;
    }
    Lease current = reply.lease();
    observe(current);
    String holder = observed.holder();
    boolean mine = identity.equals(holder);
    if (!holder.isEmpty() && !mine && !expired()) {
      if (leading) {
        lose("Lease is now held by '" + holder + "'");
      }
      endOp();
      return;
    }
    // The term counts from when the write was sent, not the read before it: the server stores
    // the record after this instant, and standbys count the lease duration from when they see it.
    long sent = System.nanoTime();
    write(api.update(next(current, mine)), sent, mine ? "renew" : "acquire");
  }

  private void write(CompletableFuture<LeaseApi.Reply> request, long sent, String what) {
    long id = opId;
    request.whenComplete((reply, error) -> onReply(id, () -> afterWrite(reply, error, sent, what)));
  }

  private void afterWrite(LeaseApi.Reply reply, Throwable error, long sent, String what) {
    if (error != null) {
      failed(what, describe(error));
    } else if (reply.code() == 409) {
      conflicts.incrementAndGet();
      conflictStreak++;
      log.debug(
          "{} {} of Lease {}/{}: conflict, someone wrote first; re-reading",
          identity,
          what,
          namespace,
          leaseName);
      retryAtOnce = conflictStreak <= IMMEDIATE_CONFLICT_RETRIES;
    } else if (!reply.ok()) {
      failed(what, reply.message());
    } else {
      conflictStreak = 0;
      observe(reply.lease());
      if (state == State.CAMPAIGNING) {
        renewed(sent, what);
      }
    }
    endOp();
  }

  private void renewed(long sent, String what) {
    lastRenewNanos = sent;
    if (!leading) {
      long took = System.nanoTime() - sent;
      if (!LeadWindow.fullEnough(took, renewDeadlineNanos)) {
        // The write took most of the renew deadline (a cold JVM, a loaded or restarting API
        // server): leading on it would fence within moments and, with EXIT, restart the pod.
        // The Lease is ours, so no one else leads meanwhile: renew at once and lead on that
        // renewal's own window. The fence is unchanged: every term still counts from a send.
        log.info(
            "{} holds Lease {}/{} but its {} took {} ms of the {} renew deadline; renewing"
                + " before leading",
            identity,
            namespace,
            leaseName,
            what,
            TimeUnit.NANOSECONDS.toMillis(took),
            Durations.format(timing.renewDeadline()));
        retryAtOnce = true;
        return;
      }
      leading = true; // after lastRenewNanos: mayWrite() reads them in the other order
      term++;
      log.info(
          "{} now leads Lease {}/{} ({}, term {}, leaseTransitions {})",
          identity,
          namespace,
          leaseName,
          what,
          term,
          transitions());
      scheduleDeadlineCheck();
      notifyListener(true);
    } else {
      scheduleDeadlineCheck();
    }
  }

  private void scheduleDeadlineCheck() {
    cancel(deadlineCheck);
    long delay = lastRenewNanos + renewDeadlineNanos - System.nanoTime();
    deadlineCheck = schedule(this::checkDeadline, delay);
  }

  private void checkDeadline() {
    if (!leading) {
      return;
    }
    long sinceRenew = System.nanoTime() - lastRenewNanos;
    if (sinceRenew < renewDeadlineNanos) {
      scheduleDeadlineCheck();
      return;
    }
    lose(
        "could not renew it within the renew deadline of "
            + Durations.format(timing.renewDeadline())
            + " (last successful renewal sent "
            + TimeUnit.NANOSECONDS.toMillis(sinceRenew)
            + " ms ago)");
  }

  private void lose(String reason) {
    if (!leading) {
      return;
    }
    leading = false; // fenced before anyone hears of it
    cancel(deadlineCheck);
    log.warn(
        "{} lost Lease {}/{} (term {}, leaseTransitions {}): {}; writes are fenced, still"
            + " campaigning",
        identity,
        namespace,
        leaseName,
        term,
        transitions(),
        reason);
    notifyListener(false);
  }

  private void notifyListener(boolean started) {
    try {
      if (started) {
        listener.onStartedLeading();
      } else {
        listener.onStoppedLeading();
      }
    } catch (RuntimeException e) {
      log.error("{} Lease {}/{}: leadership listener failed", identity, namespace, leaseName, e);
    }
  }

  private void scheduleNext() {
    cancel(nextAttempt);
    long delay;
    if (leading) {
      delay = retryPeriodNanos;
    } else {
      double jitter = ThreadLocalRandom.current().nextDouble(1.0, LeaseTiming.JITTER_FACTOR);
      delay = (long) (retryPeriodNanos * jitter);
      if (liveOtherHolder()) {
        // Be there the moment the holder's term runs out rather than up to a retry later.
        long expiresAt =
            observed.expiresAtNanos(observedNanos, leaseDurationNanos)
                + TimeUnit.MILLISECONDS.toNanos(1);
        long untilExpiry = expiresAt - System.nanoTime();
        delay = Math.max(0, Math.min(delay, untilExpiry));
      }
    }
    nextAttempt = schedule(this::attempt, delay);
  }

  private void failed(String what, String why) {
    log.warn("{} could not {} Lease {}/{}: {}", identity, what, namespace, leaseName, why);
  }

  // ---- release ----

  private void beginRelease(CompletableFuture<Boolean> done) {
    cancel(nextAttempt);
    cancel(deadlineCheck);
    SharedIndexInformer<Lease> watch = informer;
    if (watch != null) {
      watch.stop();
    }
    if (inFlight) {
      // Let the request in flight finish first, so a renewal cannot land after the release.
      pendingRelease = done;
    } else {
      releaseAsLastSeen(done);
    }
  }

  /**
   * The release in one round trip: a PUT on the Lease as this instance last saw it (normally its
   * own last renewal), carrying that resourceVersion. If anyone wrote since, the 409 falls back to
   * a fresh read ({@link #doRelease}); if it is not ours by what we saw, straight to that read.
   */
  private void releaseAsLastSeen(CompletableFuture<Boolean> done) {
    Lease last = observedLease;
    if (last == null
        || last.getMetadata() == null
        || last.getMetadata().getResourceVersion() == null
        || !LeaseRecord.of(last).isHeldBy(identity)) {
      doRelease(done, IMMEDIATE_CONFLICT_RETRIES);
      return;
    }
    releasing = done;
    long id = beginOp();
    api.update(released(last))
        .whenComplete(
            (put, putError) ->
                onReply(
                    id, () -> afterReleaseWrite(done, put, putError, IMMEDIATE_CONFLICT_RETRIES)));
  }

  private void doRelease(CompletableFuture<Boolean> done, int conflictRetries) {
    releasing = done;
    long id = beginOp();
    api.get()
        .whenComplete(
            (reply, error) ->
                onReply(
                    id,
                    () -> {
                      if (error != null || !reply.ok()) {
                        if (reply == null || reply.code() != 404) {
                          failed("release", error != null ? describe(error) : reply.message());
                        }
                        finishRelease(done, false);
                        return;
                      }
                      if (!LeaseRecord.of(reply.lease()).isHeldBy(identity)) {
                        finishRelease(done, false); // not ours (any more): nothing to give up
                        return;
                      }
                      api.update(released(reply.lease()))
                          .whenComplete(
                              (put, putError) ->
                                  onReply(
                                      id,
                                      () ->
                                          afterReleaseWrite(done, put, putError, conflictRetries)));
                    }));
  }

  private void afterReleaseWrite(
      CompletableFuture<Boolean> done, LeaseApi.Reply put, Throwable error, int conflictRetries) {
    if (error == null && put.code() == 409 && conflictRetries > 0) {
      conflicts.incrementAndGet();
      finishOpQuietly();
      doRelease(done, conflictRetries - 1);
      return;
    }
    if (error == null && put.code() == 404) {
      finishRelease(done, false); // deleted meanwhile: nothing to give up
      return;
    }
    if (error != null || !put.ok()) {
      failed("release", error != null ? describe(error) : put.message());
      finishRelease(done, false);
      return;
    }
    log.info(
        "{} released Lease {}/{} (leaseTransitions {})",
        identity,
        namespace,
        leaseName,
        LeaseRecord.of(put.lease()).leaseTransitions());
    finishRelease(done, true);
  }

  private void finishOpQuietly() {
    inFlight = false;
    opId++;
    cancel(opGuard);
  }

  private void finishRelease(CompletableFuture<Boolean> done, boolean released) {
    finishOpQuietly();
    releasing = null;
    done.complete(released);
  }

  // ---- the Lease record (its rules are LeaseRecord's) ----

  private void observe(Lease lease) {
    LeaseRecord record = LeaseRecord.of(lease);
    if (!record.equals(observed)) {
      // Expiry counts from when WE saw the record change, never from the remote renewTime.
      observedNanos = System.nanoTime();
    }
    observed = record;
    observedLease = lease;
  }

  private boolean expired() {
    return observed != null
        && observed.expiredAt(System.nanoTime(), observedNanos, leaseDurationNanos);
  }

  private boolean liveOtherHolder() {
    return observed != null
        && observed.heldByAnotherAt(identity, System.nanoTime(), observedNanos, leaseDurationNanos);
  }

  private int transitions() {
    return observed == null ? 0 : observed.leaseTransitions();
  }

  private static ZonedDateTime now() {
    // MicroTime: the API server keeps microseconds.
    return ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  private Lease newLease() {
    return LeaseRecord.created(identity, now(), leaseDurationSeconds).toLease(namespace, leaseName);
  }

  /** The record to write: a renewal if we hold the Lease, else a take-over (a new transition). */
  private Lease next(Lease current, boolean mine) {
    ZonedDateTime now = now();
    LeaseRecord record = LeaseRecord.of(current);
    return (mine
            ? record.renewed(now, leaseDurationSeconds)
            : record.takenOverBy(identity, now, leaseDurationSeconds))
        .appliedTo(current, client.getKubernetesSerialization());
  }

  /** Like client-go's ReleaseOnCancel: no holder, a one-second duration, transitions kept. */
  private Lease released(Lease current) {
    return LeaseRecord.of(current)
        .released(now())
        .appliedTo(current, client.getKubernetesSerialization());
  }

  private static String describe(Throwable error) {
    Throwable cause = error;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  private static void cancel(ScheduledFuture<?> future) {
    if (future != null) {
      future.cancel(false);
    }
  }
}
