package dev.kopgen.runtime.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.rules.RateLimitRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The operator-wide rate limit, shared by the work queues of several controllers. */
class TokenBucketTest {

  /** A clock the test steps by hand: the bound is checked without sleeping. */
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void startsAcrossQueuesNeverExceedBurstPlusRateTimesElapsed() {
    // 20 per second, burst 5, shared by two controllers' queues with 50 objects each that
    // requeue at once after every run: demand is always far above the limit.
    TokenBucket bucket = new TokenBucket(new RateLimitRules.Limit(20, 5), now::get);
    List<WorkQueue<String>> queues = new ArrayList<>();
    for (int q = 0; q < 2; q++) {
      WorkQueue<String> queue = new WorkQueue<>(BackoffPolicy.DEFAULT, now::get, bucket, () -> {});
      queue.resume();
      for (int i = 0; i < 50; i++) {
        queue.add("q" + q + "-" + i);
      }
      queues.add(queue);
    }
    int[] starts = new int[2];
    int total = 0;
    long t0 = now.get();
    for (int step = 0; step < 1000; step++) { // 10 s of clock in 10 ms steps
      for (int turn = 0; turn < 2; turn++) {
        int q = (step + turn) % 2; // alternate who asks first
        String key;
        while ((key = queues.get(q).poll()) != null) {
          starts[q]++;
          total++;
          queues.get(q).done(key, Duration.ZERO); // a requeue: it takes a token like any start
        }
        long elapsed = now.get() - t0;
        // The bound holds at every instant, not only on average.
        assertThat(total).isLessThanOrEqualTo(5 + (int) (20 * elapsed / 1e9));
      }
      now.addAndGet(Duration.ofMillis(10).toNanos());
    }
    // Demand never stopped, so (nearly) every token was used: 5 + 20 * 10 s.
    assertThat(total).isBetween(195, 205);
    assertThat(starts[0]).isGreaterThan(50);
    assertThat(starts[1]).isGreaterThan(50);
  }

  @Test
  void aRetryAfterBackoffWaitsForATokenToo() {
    TokenBucket bucket = new TokenBucket(new RateLimitRules.Limit(1, 1), now::get);
    WorkQueue<String> queue = new WorkQueue<>(BackoffPolicy.DEFAULT, now::get, bucket, () -> {});
    queue.resume();
    queue.add("a");
    assertThat(queue.poll()).isEqualTo("a");
    queue.done("a", queue.nextBackoff("a")); // failed: retry after 10 ms
    now.addAndGet(Duration.ofMillis(20).toNanos());
    assertThat(queue.poll()).as("backoff over, but the bucket is empty").isNull();
    now.addAndGet(Duration.ofMillis(990).toNanos());
    assertThat(queue.poll()).isEqualTo("a");
  }

  @Test
  void blockingTakersWaitForTokensAndCountThrottledStarts() throws Exception {
    // Real clock and threads: two queues' workers share 50 per second, burst 2.
    long t0 = System.nanoTime(); // before the bucket exists: its tokens all come after
    TokenBucket bucket = new TokenBucket(new RateLimitRules.Limit(50, 2), System::nanoTime);
    AtomicInteger throttled = new AtomicInteger();
    AtomicInteger starts = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    List<WorkQueue<String>> queues = new ArrayList<>();
    for (int q = 0; q < 2; q++) {
      WorkQueue<String> queue =
          new WorkQueue<>(
              BackoffPolicy.DEFAULT, System::nanoTime, bucket, throttled::incrementAndGet);
      queue.resume();
      queue.add("k" + q);
      queue.add("j" + q);
      queues.add(queue);
      Thread t =
          new Thread(
              () -> {
                try {
                  String key;
                  while ((key = queue.take()) != null) {
                    starts.incrementAndGet();
                    queue.done(key, Duration.ZERO);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      t.setDaemon(true);
      t.start();
      workers.add(t);
    }
    while (starts.get() < 40) {
      Thread.sleep(20);
    }
    queues.forEach(WorkQueue::shutDown);
    for (Thread t : workers) {
      t.join(10_000);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    int n = starts.get();
    System.out.printf(
        "[figure] %d starts in %.2f s at 50/s, burst 2; %d throttled%n",
        n, seconds, throttled.get());
    // A correctness bound, not a timing: never more than the bucket can have handed out.
    assertThat(n).isLessThanOrEqualTo(2 + (int) Math.ceil(50 * seconds));
    assertThat(throttled.get()).as("starts that waited for a token").isPositive();
  }

  @Test
  void anInvalidLimitIsRefused() {
    assertThatThrownBy(() -> new TokenBucket(new RateLimitRules.Limit(0, 5), now::get))
        .hasMessageContaining("above 0");
  }
}
