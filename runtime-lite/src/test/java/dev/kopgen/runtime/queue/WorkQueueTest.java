package dev.kopgen.runtime.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  /** A clock the test steps by hand, so delays are checked without sleeping. */
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private final WorkQueue<String> queue = new WorkQueue<>(BackoffPolicy.DEFAULT, now::get);

  /** Blocking takers get their own threads: the common pool may have a single one. */
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void manyAddsOfOneKeyRunOnce() {
    for (int i = 0; i < 100; i++) {
      queue.add("a");
    }
    assertThat(queue.depth()).isEqualTo(1);
    assertThat(queue.poll()).isEqualTo("a");
    assertThat(queue.poll()).isNull();
  }

  @Test
  void keyInFlightIsNotHandedOutAgainButRunsOnceMoreAfterDone() {
    queue.add("a");
    assertThat(queue.poll()).isEqualTo("a");
    queue.add("a");
    queue.add("a");
    queue.add("a");
    assertThat(queue.poll()).as("a is in flight").isNull();
    assertThat(queue.depth()).as("one pending run, however many events").isEqualTo(1);

    queue.done("a", null);
    assertThat(queue.poll()).isEqualTo("a");
    queue.done("a", null);
    assertThat(queue.poll()).as("the dirty mark was used up").isNull();
  }

  @Test
  void firstSeenKeysRunInArrivalOrderAndDirtyKeysGoToTheBack() {
    queue.add("a");
    queue.add("b");
    queue.add("c");
    queue.add("a"); // already waiting: keeps its place
    assertThat(queue.poll()).isEqualTo("a");
    queue.add("a"); // dirty while in flight
    queue.add("d");
    queue.done("a", null);
    List<String> order = new ArrayList<>();
    for (String k; (k = queue.poll()) != null; ) {
      order.add(k);
      queue.done(k, null);
    }
    assertThat(order).containsExactly("b", "c", "d", "a");
  }

  @Test
  void requeueAfterWaitsForItsTime() {
    queue.add("a");
    queue.done(queue.poll(), Duration.ofSeconds(5));
    assertThat(queue.poll()).isNull();
    assertThat(queue.delayed()).isEqualTo(1);
    advance(Duration.ofMillis(4999));
    assertThat(queue.poll()).isNull();
    advance(Duration.ofMillis(1));
    assertThat(queue.poll()).isEqualTo("a");
  }

  @Test
  void anEventReplacesAPendingDelayedRun() {
    queue.addAfter("a", Duration.ofMinutes(1));
    queue.add("a");
    assertThat(queue.poll()).isEqualTo("a");
    queue.done("a", null);
    advance(Duration.ofMinutes(2));
    assertThat(queue.poll()).as("the delayed run was replaced, not added").isNull();
  }

  @Test
  void theEarlierOfTwoDelaysWins() {
    queue.addAfter("a", Duration.ofSeconds(10));
    queue.addAfter("a", Duration.ofSeconds(1));
    queue.addAfter("b", Duration.ofSeconds(1));
    queue.addAfter("b", Duration.ofSeconds(10));
    advance(Duration.ofSeconds(1));
    assertThat(queue.poll()).isEqualTo("a");
    assertThat(queue.poll()).isEqualTo("b");
    queue.done("a", null);
    queue.done("b", null);
    advance(Duration.ofSeconds(20));
    assertThat(queue.poll()).as("each key ran once").isNull();
  }

  @Test
  void eventDuringRunBeatsTheRequeueDelayOfThatRun() {
    queue.add("a");
    queue.poll();
    queue.add("a");
    queue.done("a", Duration.ofMinutes(5));
    assertThat(queue.poll()).isEqualTo("a");
  }

  @Test
  void delayedRunFallingDueWhileInFlightRunsAfterDone() {
    queue.add("a");
    queue.poll();
    queue.addAfter("a", Duration.ofSeconds(1));
    advance(Duration.ofSeconds(2));
    assertThat(queue.poll()).isNull();
    queue.done("a", null);
    assertThat(queue.poll()).isEqualTo("a");
  }

  /** A queue with a 100 ms rerun delay on the test's clock. */
  private WorkQueue<String> withRerunDelay() {
    return new WorkQueue<>(BackoffPolicy.DEFAULT, now::get, null, () -> {}, Duration.ofMillis(100));
  }

  @Test
  void aKeyChangedInFlightRunsAgainOnlyAfterTheRerunDelay() {
    WorkQueue<String> q = withRerunDelay();
    q.add("a");
    assertThat(q.poll()).isEqualTo("a");
    q.add("a");
    q.done("a", null);
    assertThat(q.poll()).as("the rerun waits for the delay").isNull();
    assertThat(q.delayed()).isEqualTo(1);
    advance(Duration.ofMillis(99));
    assertThat(q.poll()).isNull();
    advance(Duration.ofMillis(1));
    assertThat(q.poll()).isEqualTo("a");
    q.done("a", null);
    advance(Duration.ofSeconds(1));
    assertThat(q.poll()).as("one rerun for the one change").isNull();
  }

  @Test
  void changesDuringTheRerunDelayFoldIntoTheRerunAndNeverPushItLater() {
    WorkQueue<String> q = withRerunDelay();
    q.add("a");
    q.poll();
    q.add("a");
    q.done("a", null);
    for (int i = 0; i < 9; i++) {
      advance(Duration.ofMillis(10));
      q.add("a"); // a change every 10 ms: a trailing debounce would never fire
      assertThat(q.poll()).as("still inside the delay after %d ms", (i + 1) * 10).isNull();
    }
    advance(Duration.ofMillis(10));
    assertThat(q.poll()).as("due 100 ms after the run, whatever came meanwhile").isEqualTo("a");
    q.done("a", null);
    assertThat(q.poll()).as("the changes folded into that run").isNull();
    advance(Duration.ofSeconds(1));
    assertThat(q.poll()).isNull();
  }

  @Test
  void anIdleKeysChangeRunsAtOnceWhateverTheRerunDelay() {
    WorkQueue<String> q = withRerunDelay();
    q.add("a");
    assertThat(q.poll()).isEqualTo("a");
    q.done("a", null);
    q.add("a");
    assertThat(q.poll()).as("no change came in flight: no delay").isEqualTo("a");
    q.done("a", null);
    q.add("b");
    assertThat(q.poll()).isEqualTo("b");
  }

  @Test
  void aShorterRequeueBeatsThePendingRerun() {
    WorkQueue<String> q = withRerunDelay();
    q.add("a");
    q.poll();
    q.add("a");
    q.done("a", null);
    q.addAfter("a", Duration.ofMillis(20));
    advance(Duration.ofMillis(20));
    assertThat(q.poll()).isEqualTo("a");
    q.done("a", null);
    advance(Duration.ofSeconds(1));
    assertThat(q.poll()).as("the replaced rerun does not run as well").isNull();
  }

  @Test
  void shutDownDropsAPendingRerun() {
    WorkQueue<String> q = withRerunDelay();
    q.add("a");
    q.poll();
    q.add("a");
    q.done("a", null);
    q.shutDown();
    advance(Duration.ofSeconds(1));
    assertThat(q.poll()).isNull();
    assertThat(q.delayed()).isZero();
  }

  @Test
  void aNegativeRerunDelayIsRefused() {
    assertThatThrownBy(
            () ->
                new WorkQueue<String>(
                    BackoffPolicy.DEFAULT, now::get, null, () -> {}, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rerunDelay");
  }

  @Test
  void backoffDoublesPerFailureUpToTheCapAndResetsOnForget() {
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      delays.add(queue.nextBackoff("a"));
    }
    assertThat(delays.subList(0, 4))
        .containsExactly(
            Duration.ofMillis(10),
            Duration.ofMillis(20),
            Duration.ofMillis(40),
            Duration.ofMillis(80));
    assertThat(delays.get(9)).isEqualTo(Duration.ofMillis(5120));
    assertThat(delays.get(14)).isEqualTo(Duration.ofMillis(163_840));
    assertThat(delays.subList(15, 20)).containsOnly(Duration.ofMinutes(5));
    assertThat(queue.failures("a")).isEqualTo(20);
    assertThat(queue.failures("b")).isZero();

    queue.forget("a");
    assertThat(queue.failures("a")).isZero();
    assertThat(queue.nextBackoff("a")).isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void backoffDelaysTheRetry() {
    queue.add("a");
    queue.poll();
    queue.nextBackoff("a");
    queue.done("a", queue.nextBackoff("a")); // second failure: 20 ms
    advance(Duration.ofMillis(19));
    assertThat(queue.poll()).isNull();
    advance(Duration.ofMillis(1));
    assertThat(queue.poll()).isEqualTo("a");
  }

  @Test
  void backoffPolicyDoesNotOverflow() {
    BackoffPolicy p = new BackoffPolicy(Duration.ofDays(1), Duration.ofDays(3650));
    assertThat(p.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(3650));
    assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("must not be shorter");
  }

  @Test
  void pausedQueueCollectsButHandsOutNothing() {
    queue.pause();
    queue.add("a");
    queue.add("b");
    assertThat(queue.poll()).isNull();
    assertThat(queue.depth()).isEqualTo(2);
    queue.resume();
    assertThat(queue.poll()).isEqualTo("a");
  }

  @Test
  void takeWakesUpForAnAddAndForADueDelayOnTheRealClock() throws Exception {
    WorkQueue<String> real = new WorkQueue<>();
    CompletableFuture<String> taken =
        CompletableFuture.supplyAsync(() -> takeQuietly(real), threads);
    Thread.sleep(50);
    assertThat(taken).isNotDone();
    real.add("a");
    assertThat(taken.get(5, TimeUnit.SECONDS)).isEqualTo("a");

    long start = System.nanoTime();
    real.done("a", Duration.ofMillis(100));
    assertThat(real.take()).isEqualTo("a");
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(waitedMs).isGreaterThanOrEqualTo(100);
    System.out.printf("requeueAfter(100ms) woke the worker after %d ms%n", waitedMs);
  }

  @Test
  void severalDueKeysWakeSeveralWaitingWorkers() throws Exception {
    WorkQueue<String> real = new WorkQueue<>();
    List<CompletableFuture<String>> takers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      takers.add(CompletableFuture.supplyAsync(() -> takeQuietly(real), threads));
    }
    Thread.sleep(50);
    for (String k : List.of("a", "b", "c")) {
      real.addAfter(k, Duration.ofMillis(30));
    }
    List<String> got = new ArrayList<>();
    for (CompletableFuture<String> t : takers) {
      got.add(t.get(5, TimeUnit.SECONDS));
    }
    assertThat(got).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void awaitIdleWaitsForRunsInFlight() throws Exception {
    WorkQueue<String> real = new WorkQueue<>();
    real.add("a");
    real.take();
    assertThat(real.awaitIdle(Duration.ofMillis(20))).isFalse();
    CompletableFuture.runAsync(
        () -> {
          sleep(50);
          real.done("a", null);
        },
        threads);
    assertThat(real.awaitIdle(Duration.ofSeconds(5))).isTrue();
    assertThat(real.inFlight()).isZero();
  }

  @Test
  void shutDownReleasesWaitingWorkersAndDropsTheBacklog() throws Exception {
    WorkQueue<String> real = new WorkQueue<>();
    CompletableFuture<String> taken =
        CompletableFuture.supplyAsync(() -> takeQuietly(real), threads);
    Thread.sleep(50);
    real.shutDown();
    assertThat(taken.get(5, TimeUnit.SECONDS)).isNull();
    real.add("a");
    assertThat(real.depth()).isZero();
    assertThat(real.take()).isNull();
  }

  @Test
  void doneForAKeyNotInFlightIsABug() {
    assertThatThrownBy(() -> queue.done("x", null)).isInstanceOf(IllegalStateException.class);
  }

  private static String takeQuietly(WorkQueue<String> q) {
    try {
      return q.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
