package dev.kopgen.runtime.operator;

import dev.kopgen.rules.AvailabilityRules;
import dev.kopgen.rules.Durations;
import dev.kopgen.runtime.health.HealthServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful shutdown of a {@link RunningOperator}, one method per step documented in {@code
 * docs/availability.md} ("Graceful shutdown"), run in this order by {@link #run}:
 *
 * <ol>
 *   <li>{@link #pause}: every controller stops starting reconciles, all at once;
 *   <li>{@link #drain}: in-flight reconciles get up to the drain budget of {@link
 *       AvailabilityRules#shutdownBudget} (the longest reconcile timeout, the same figure the
 *       manifests' {@code terminationGracePeriodSeconds} is derived from) to finish;
 *   <li>{@link #cancel}: leftovers are cancelled and get {@link #CANCEL_GRACE} to notice;
 *   <li>{@link #release}: every elected controller releases its Lease, so a standby takes over at
 *       once instead of waiting for it to expire;
 *   <li>{@link #close}: informers, elections, reconcile clients and the health server close;
 *   <li>{@link #exit}: the exit handler gets the status.
 * </ol>
 *
 * <p>Each step logs its duration; the exit step also logs how long after the last reconcile ended
 * the operator reached it (the figure the shutdown benchmark's "exit − longest remaining reconcile"
 * row measures from outside).
 */
final class ShutdownSequence {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);

  /** How long cancelled leftovers get to notice before shutdown moves on. */
  static final Duration CANCEL_GRACE = Duration.ofSeconds(1);

  private final List<ManagedController> managed;
  private final HealthServer health;
  private final Duration drain;
  private final IntConsumer exitHandler;
  private final CompletableFuture<Integer> terminated;

  /** Set when the JVM is already exiting: the exit handler must not call System.exit again. */
  private volatile boolean jvmExiting;

  /** Set once every step before {@link #exit} has run. */
  private volatile boolean stepsDone;

  ShutdownSequence(
      List<ManagedController> managed,
      HealthServer health,
      Duration drain,
      IntConsumer exitHandler,
      CompletableFuture<Integer> terminated) {
    this.managed = List.copyOf(managed);
    this.health = health;
    this.drain = drain;
    this.exitHandler = exitHandler;
    this.terminated = terminated;
  }

  /** Runs every step in order; a failing step is logged and the exit step runs all the same. */
  void run(int status, String reason) {
    long t0 = System.nanoTime();
    try {
      pause(reason);
      if (!drain()) {
        cancel();
      }
      release();
      close();
    } catch (RuntimeException | Error e) {
      LOG.error("shutdown: unexpected failure, exiting anyway", e);
    } finally {
      exit(status, t0);
    }
  }

  /** Step 1: no controller starts another reconcile (queued keys stay queued). */
  void pause(String reason) {
    LOG.info("shutdown ({}): stopping new reconciles in {} controller(s)", reason, managed.size());
    for (ManagedController m : managed) {
      m.controller().pause();
    }
  }

  /**
   * Step 2: waits up to the drain budget for the in-flight reconciles.
   *
   * @return whether none is left
   */
  boolean drain() {
    long step = System.nanoTime();
    long deadline = step + drain.toNanos();
    LOG.info(
        "shutdown: waiting up to {} for {} in-flight reconcile(s)",
        Durations.format(drain),
        inFlight());
    for (ManagedController m : managed) {
      m.controller().awaitInFlight(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    int leftovers = inFlight();
    if (leftovers == 0) {
      LOG.info("shutdown: in-flight reconciles finished in {} ms", millisSince(step));
      return true;
    }
    LOG.warn(
        "shutdown: {} reconcile(s) still running after the drain budget of {}; cancelling them",
        leftovers,
        Durations.format(drain));
    return false;
  }

  /** Step 3: cancels what the drain left running and waits up to {@link #CANCEL_GRACE}. */
  void cancel() {
    long step = System.nanoTime();
    managed.forEach(m -> m.controller().cancelInFlight());
    long deadline = step + CANCEL_GRACE.toNanos();
    for (ManagedController m : managed) {
      m.controller().awaitInFlight(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    LOG.info(
        "shutdown: cancelled the leftovers, {} still running after {} ms",
        inFlight(),
        millisSince(step));
  }

  /** Step 4: every elected controller releases its Lease (only confirmed releases count). */
  void release() {
    long step = System.nanoTime();
    int released = 0;
    for (ManagedController m : managed) {
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
      LOG.info("shutdown: released {} Lease(s) in {} ms", released, millisSince(step));
    }
  }

  /** Step 5: informers, elections, reconcile clients and the health server. */
  void close() {
    long step = System.nanoTime();
    for (ManagedController m : managed) {
      m.closeQuietly();
    }
    health.close();
    LOG.info("shutdown: closed informers and the health server in {} ms", millisSince(step));
  }

  /** Step 6: hands the status to the exit handler, then to whoever awaits termination. */
  void exit(int status, long startNanos) {
    stepsDone = true;
    LOG.info("shutdown complete in {} ms, exit status {}", millisSince(startNanos), status);
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

  /** The JVM is exiting (a shutdown hook runs): the exit step must not call System.exit. */
  void jvmExiting() {
    jvmExiting = true;
  }

  /** Whether every step before the exit has run (the exit handler may be running). */
  boolean stepsDone() {
    return stepsDone;
  }

  private int inFlight() {
    return managed.stream().mapToInt(m -> m.controller().inFlight()).sum();
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
