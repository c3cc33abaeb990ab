package dev.kopgen.runtime.lease;

import dev.kopgen.annotations.OnLeadershipLoss;
import dev.kopgen.rules.LeaseTiming;
import dev.kopgen.runtime.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** One election participant in a test, recording what its listener heard and when. */
final class Candidate implements Leadership.Listener, AutoCloseable {

  static final String NS = "ops";
  static final String LEASE = "demo-lease";

  /**
   * Short timings so the tests run in seconds (4 s > 3 s > 1.2 × 500 ms, as the process tests use):
   * a 1.5 s renew deadline proved too tight when a loaded 2-core machine starved the renew thread.
   */
  static final LeaseTiming TIMING =
      new LeaseTiming(Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(500));

  final String identity;
  final LeaseLeadership leadership;
  final AtomicInteger started = new AtomicInteger();
  final AtomicInteger stopped = new AtomicInteger();
  volatile long startedAt;
  volatile long stoppedAt;

  /** {@link LeaseLeadership#lastRenewNanos()} as it was when leadership started. */
  volatile long lastRenewAtStart;

  final List<Boolean> mayWriteWhenStopped = new CopyOnWriteArrayList<>();

  /** Shared log of leadership starts across candidates, in order. */
  private final List<String> starts;

  Candidate(KubernetesClient client, String identity, List<String> starts, LeaseTiming timing) {
    this.identity = identity;
    this.starts = starts;
    this.leadership =
        new LeaseLeadership(
            client, NS, identity, new LeaseSpec(LEASE, timing, OnLeadershipLoss.REJOIN));
  }

  Candidate(KubernetesClient client, String identity, List<String> starts) {
    this(client, identity, starts, TIMING);
  }

  Candidate(KubernetesClient client, String identity) {
    this(client, identity, new CopyOnWriteArrayList<>());
  }

  Candidate start() {
    leadership.start(this);
    return this;
  }

  @Override
  public void onStartedLeading() {
    startedAt = System.nanoTime();
    lastRenewAtStart = leadership.lastRenewNanos();
    started.incrementAndGet();
    starts.add(identity);
  }

  @Override
  public void onStoppedLeading() {
    mayWriteWhenStopped.add(leadership.mayWrite());
    stoppedAt = System.nanoTime();
    stopped.incrementAndGet();
  }

  @Override
  public void close() {
    leadership.close();
  }

  static boolean await(BooleanSupplier condition, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(2);
    }
    return condition.getAsBoolean();
  }

  static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
