package dev.kopgen.runtime.queue;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The deduplicating work queue between informer events and reconcile workers.
 *
 * <p>Guarantees, for each key:
 *
 * <ul>
 *   <li>at most one worker holds it at a time ({@link #take} hands out a key only when it is not in
 *       flight);
 *   <li>at most one run is pending: any number of {@link #add}s while the key waits count once, and
 *       {@link #add}s while it is in flight mark it dirty so it runs exactly once more after {@link
 *       #done};
 *   <li>a key that changed while it was in flight runs again {@code rerunDelay} after its run ends
 *       (at once when the delay is 0): every change in that window folds into that one run, and
 *       further changes never push it later, so a key changing without pause still runs once per
 *       run time plus delay;
 *   <li>the earliest request wins: an {@link #add} replaces a pending {@link #addAfter}, and of two
 *       delays the shorter one is kept;
 *   <li>keys seen for the first time run in the order they arrived (FIFO); a dirty key goes to the
 *       back of the line when its run finishes, so one busy object cannot starve the others.
 * </ul>
 *
 * <p>The queue also keeps each key's count of failures in a row ({@link #nextBackoff}, {@link
 * #forget}), and can be paused: while paused, {@link #take} hands out nothing but keys keep being
 * collected. Time comes from an injectable nanosecond clock so tests can step it. Optionally, every
 * run also needs a token of an operator-wide {@link TokenBucket}.
 *
 * @param <K> the key type (kopgen uses {@link ObjectKey})
 */
public final class WorkQueue<K> {

  private final BackoffPolicy backoff;
  private final LongSupplier nanoClock;

  /** The operator-wide rate limit, shared with other queues; {@code null}: none. */
  private final TokenBucket limiter;

  /** Called once for each run that had to wait for a token. */
  private final Runnable onThrottled;

  /** How long after its run a key that changed meanwhile waits before it runs again. */
  private final long rerunDelayNanos;

  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled when a key may have become ready, the pause or shutdown state changed. */
  private final Condition readyOrStateChanged = lock.newCondition();

  /** Signalled whenever a run finishes. */
  private final Condition runFinished = lock.newCondition();

  // All fields below are guarded by lock.
  /** Keys waiting to run now, in arrival order; never contains an in-flight key. */
  private final LinkedHashSet<K> ready = new LinkedHashSet<>();

  private final Set<K> inFlight = new HashSet<>();

  /** In-flight keys that saw an event meanwhile: they run again once done. */
  private final Set<K> dirty = new HashSet<>();

  /** The due time of each key's pending delayed run, for replacement by earlier requests. */
  private final Map<K, Long> dueAt = new HashMap<>();

  /**
   * Keys whose delayed run is a rerun after a change in flight: new events fold into it instead of
   * making it run at once.
   */
  private final Set<K> rerunPending = new HashSet<>();

  /** Due times in order; entries whose time no longer matches {@link #dueAt} are stale. */
  private final PriorityQueue<Delayed<K>> timeline = new PriorityQueue<>();

  private final Map<K, Integer> failures = new HashMap<>();
  private long sequence;
  private boolean paused;
  private boolean shutDown;

  private record Delayed<K>(long due, long seq, K key) implements Comparable<Delayed<K>> {
    @Override
    public int compareTo(Delayed<K> o) {
      int c = Long.compare(due - o.due, 0); // overflow-safe nanoTime comparison
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /** A queue on the system clock with the {@link BackoffPolicy#DEFAULT default backoff}. */
  public WorkQueue() {
    this(BackoffPolicy.DEFAULT, System::nanoTime);
  }

  /**
   * @param backoff the per-key backoff after failures
   * @param nanoClock a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
   */
  public WorkQueue(BackoffPolicy backoff, LongSupplier nanoClock) {
    this(backoff, nanoClock, null, () -> {});
  }

  /**
   * A queue whose runs also wait for a token of a rate limit shared with other queues: {@link
   * #take} hands out a ready key only with a token (keys keep being collected and deduplicated
   * meanwhile), {@link #poll} returns {@code null} without one.
   *
   * @param limiter the shared bucket, or {@code null} for no limit
   * @param onThrottled called once for every run that had to wait for a token (a metric)
   */
  public WorkQueue(
      BackoffPolicy backoff, LongSupplier nanoClock, TokenBucket limiter, Runnable onThrottled) {
    this(backoff, nanoClock, limiter, onThrottled, Duration.ZERO);
  }

  /**
   * As {@link #WorkQueue(BackoffPolicy, LongSupplier, TokenBucket, Runnable)}, with a rerun delay.
   *
   * @param rerunDelay how long after its run a key that changed while in flight waits before it
   *     runs again; 0 reruns at once
   */
  public WorkQueue(
      BackoffPolicy backoff,
      LongSupplier nanoClock,
      TokenBucket limiter,
      Runnable onThrottled,
      Duration rerunDelay) {
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.limiter = limiter;
    this.onThrottled = Objects.requireNonNull(onThrottled, "onThrottled");
    if (rerunDelay.isNegative()) {
      throw new IllegalArgumentException("rerunDelay must not be negative: " + rerunDelay);
    }
    this.rerunDelayNanos = rerunDelay.toNanos();
  }

  /** Asks for a run of {@code key} as soon as possible. */
  public void add(K key) {
    Objects.requireNonNull(key, "key");
    lock.lock();
    try {
      addLocked(key);
    } finally {
      lock.unlock();
    }
  }

  private void addLocked(K key) {
    if (shutDown) {
      return;
    }
    if (rerunPending.contains(key)) {
      return; // folds into the rerun already due shortly
    }
    dueAt.remove(key); // a run now beats any later scheduled run
    if (inFlight.contains(key)) {
      dirty.add(key);
    } else if (ready.add(key)) {
      readyOrStateChanged.signal();
    }
  }

  /**
   * Asks for a run of {@code key} after {@code delay}, unless an earlier run is already pending.
   */
  public void addAfter(K key, Duration delay) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(delay, "delay");
    lock.lock();
    try {
      if (delay.isNegative() || delay.isZero()) {
        addLocked(key);
      } else {
        scheduleLocked(key, delay);
      }
    } finally {
      lock.unlock();
    }
  }

  private void scheduleLocked(K key, Duration delay) {
    if (shutDown || ready.contains(key) || dirty.contains(key)) {
      return; // already due now
    }
    long due = nanoClock.getAsLong() + delay.toNanos();
    Long existing = dueAt.get(key);
    if (existing != null && existing - due <= 0) {
      return; // an earlier run is already scheduled
    }
    dueAt.put(key, due);
    timeline.add(new Delayed<>(due, sequence++, key));
    // A waiting worker may have to wake up earlier than it planned.
    readyOrStateChanged.signal();
  }

  /** Schedules the rerun of a key that changed in flight, replacing any later request. */
  private void scheduleRerunLocked(K key) {
    long due = nanoClock.getAsLong() + rerunDelayNanos;
    dueAt.put(key, due);
    rerunPending.add(key);
    timeline.add(new Delayed<>(due, sequence++, key));
    readyOrStateChanged.signal();
  }

  /**
   * Waits for the next key that may run and marks it in flight; the caller must call {@link #done}
   * for it. Waits while the queue is paused.
   *
   * @return the key, or {@code null} once the queue has been {@link #shutDown shut down}
   */
  public K take() throws InterruptedException {
    lock.lockInterruptibly();
    boolean throttled = false;
    try {
      while (true) {
        if (shutDown) {
          return null;
        }
        promoteDue();
        long tokenWait = Long.MAX_VALUE;
        if (!paused && !ready.isEmpty()) {
          tokenWait = limiter == null ? 0 : limiter.tryTake();
          if (tokenWait == 0) {
            if (throttled) {
              onThrottled.run();
            }
            return startNext();
          }
          throttled = true;
        }
        long wait = Math.min(tokenWait, nanosUntilNextDue());
        if (wait == Long.MAX_VALUE) {
          readyOrStateChanged.await();
        } else {
          readyOrStateChanged.awaitNanos(wait);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next key that may run now, marked in flight, without waiting.
   *
   * @return the key, or {@code null} if none is ready, the queue is paused or shut down
   */
  public K poll() {
    lock.lock();
    try {
      if (shutDown) {
        return null;
      }
      promoteDue();
      if (paused || ready.isEmpty()) {
        return null;
      }
      if (limiter != null && limiter.tryTake() != 0) {
        return null; // no token now (not counted as throttled: nothing waited)
      }
      return startNext();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends the run of {@code key}. If events arrived meanwhile it runs again after the rerun delay
   * (at once if that is 0); otherwise it runs again after {@code requeueAfter}, if given.
   *
   * @param requeueAfter when to run again without a new event, or {@code null} for never
   */
  public void done(K key, Duration requeueAfter) {
    Objects.requireNonNull(key, "key");
    lock.lock();
    try {
      if (!inFlight.remove(key)) {
        throw new IllegalStateException(key + " is not in flight");
      }
      runFinished.signalAll();
      if (dirty.remove(key)) {
        if (shutDown) {
          return;
        }
        if (rerunDelayNanos == 0) {
          ready.add(key);
          readyOrStateChanged.signal();
        } else {
          scheduleRerunLocked(key);
        }
      } else if (requeueAfter != null) {
        if (requeueAfter.isNegative() || requeueAfter.isZero()) {
          addLocked(key);
        } else {
          scheduleLocked(key, requeueAfter);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Counts one more failure of {@code key} and returns how long it should wait before its next run,
   * per the backoff policy.
   */
  public Duration nextBackoff(K key) {
    lock.lock();
    try {
      int n = failures.merge(key, 1, Integer::sum);
      return backoff.delay(n);
    } finally {
      lock.unlock();
    }
  }

  /** How many times in a row {@code key}'s runs have failed (0 after a success). */
  public int failures(K key) {
    lock.lock();
    try {
      return failures.getOrDefault(key, 0);
    } finally {
      lock.unlock();
    }
  }

  /** Resets {@code key}'s failure count: after a success, or once the object is gone. */
  public void forget(K key) {
    lock.lock();
    try {
      failures.remove(key);
    } finally {
      lock.unlock();
    }
  }

  /** Stops handing out keys; keys keep being collected. */
  public void pause() {
    setPaused(true);
  }

  /** Hands out keys again after {@link #pause}. */
  public void resume() {
    setPaused(false);
  }

  private void setPaused(boolean value) {
    lock.lock();
    try {
      paused = value;
      readyOrStateChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public boolean isPaused() {
    lock.lock();
    try {
      return paused;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Wakes every waiting {@link #take} with {@code null}, drops pending keys and refuses new ones.
   * Runs in flight may still call {@link #done}.
   */
  public void shutDown() {
    lock.lock();
    try {
      shutDown = true;
      ready.clear();
      dirty.clear();
      dueAt.clear();
      rerunPending.clear();
      timeline.clear();
      readyOrStateChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no key is in flight.
   *
   * @return whether that happened within {@code timeout}
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long remaining = timeout.toNanos();
    lock.lockInterruptibly();
    try {
      while (!inFlight.isEmpty()) {
        if (remaining <= 0) {
          return false;
        }
        remaining = runFinished.awaitNanos(remaining);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Keys waiting to run now, plus in-flight keys that will run again: the backlog. */
  public int depth() {
    lock.lock();
    try {
      promoteDue();
      return ready.size() + dirty.size();
    } finally {
      lock.unlock();
    }
  }

  /** Keys scheduled for a later run (requeue-after or backoff). */
  public int delayed() {
    lock.lock();
    try {
      promoteDue();
      return dueAt.size();
    } finally {
      lock.unlock();
    }
  }

  /** Keys being reconciled right now. */
  public int inFlight() {
    lock.lock();
    try {
      return inFlight.size();
    } finally {
      lock.unlock();
    }
  }

  private K startNext() {
    var it = ready.iterator();
    K key = it.next();
    it.remove();
    inFlight.add(key);
    if (!ready.isEmpty()) {
      // Pass the wake-up on: promoteDue may have readied several keys for this one waiter.
      readyOrStateChanged.signal();
    }
    return key;
  }

  /** Moves every delayed key whose time has come to the ready line. */
  private void promoteDue() {
    long now = nanoClock.getAsLong();
    Delayed<K> head;
    while ((head = timeline.peek()) != null && head.due() - now <= 0) {
      timeline.poll();
      Long due = dueAt.get(head.key());
      if (due == null || due != head.due()) {
        continue; // replaced or cancelled
      }
      dueAt.remove(head.key());
      rerunPending.remove(head.key());
      if (inFlight.contains(head.key())) {
        dirty.add(head.key());
      } else {
        ready.add(head.key());
      }
    }
  }

  private long nanosUntilNextDue() {
    Delayed<K> head;
    while ((head = timeline.peek()) != null) {
      Long due = dueAt.get(head.key());
      if (due != null && due == head.due()) {
        return Math.max(1, head.due() - nanoClock.getAsLong());
      }
      timeline.poll(); // drop stale entries
    }
    return Long.MAX_VALUE;
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "WorkQueue[ready="
          + ready.size()
          + ", inFlight="
          + inFlight.size()
          + ", dirty="
          + dirty.size()
          + ", delayed="
          + dueAt.size()
          + (paused ? ", paused" : "")
          + "]";
    } finally {
      lock.unlock();
    }
  }
}
