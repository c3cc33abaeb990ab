package dev.kopgen.runtime.lease;

import static dev.kopgen.runtime.lease.Candidate.LEASE;
import static dev.kopgen.runtime.lease.Candidate.NS;
import static dev.kopgen.runtime.lease.Candidate.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Three candidates, crashed, released and replaced at random for a while: at no sampled instant may
 * two of them be allowed to write, and every Lease update keeps leaseTransitions consistent.
 */
class LeaseContentionTest {

  private static final int SLOTS = 3;
  private static final Duration CHURN = Duration.ofSeconds(10);

  @Test
  void neverTwoWritersAndTransitionsStayConsistent() throws Exception {
    try (MockApi api = new MockApi()) {
      KubernetesClient admin = api.client();
      List<String> problems = new CopyOnWriteArrayList<>();
      List<String> holders = new CopyOnWriteArrayList<>();
      Watch history =
          admin.leases().inNamespace(NS).withName(LEASE).watch(recorder(problems, holders));

      List<String> starts = new CopyOnWriteArrayList<>();
      List<Candidate> everyone = new CopyOnWriteArrayList<>();
      Candidate[] slots = new Candidate[SLOTS];
      int generation = 0;
      for (int i = 0; i < SLOTS; i++) {
        slots[i] = new Candidate(api.client(), "c" + i + "-g" + generation, starts).start();
        everyone.add(slots[i]);
      }

      AtomicBoolean sampling = new AtomicBoolean(true);
      AtomicInteger samples = new AtomicInteger();
      AtomicInteger leaderSamples = new AtomicInteger();
      Thread sampler =
          new Thread(
              () -> {
                while (sampling.get()) {
                  sampleOnce(everyone, problems, leaderSamples);
                  samples.incrementAndGet();
                  // Sample often, but leave the (two) cores to the candidates.
                  LockSupport.parkNanos(100_000);
                }
              },
              "sampler");
      sampler.start();

      Random random = new Random(42);
      int crashes = 0;
      int releases = 0;
      long end = System.nanoTime() + CHURN.toNanos();
      while (System.nanoTime() < end) {
        // Strike while someone leads (a crash leaves nobody leading for a lease duration).
        await(
            () -> everyone.stream().anyMatch(c -> c.leadership.isLeader()), Duration.ofSeconds(4));
        Thread.sleep(100 + random.nextInt(400));
        int slot = random.nextInt(SLOTS);
        // Mostly hit the leader: replacing standbys exercises little.
        for (int i = 0; i < SLOTS; i++) {
          if (slots[i].leadership.isLeader() && random.nextInt(4) != 0) {
            slot = i;
          }
        }
        Candidate victim = slots[slot];
        if (random.nextBoolean()) {
          victim.leadership.release();
          releases++;
        } else {
          crashes++;
        }
        victim.close();
        generation++;
        slots[slot] = new Candidate(api.client(), "c" + slot + "-g" + generation, starts).start();
        everyone.add(slots[slot]);
      }
      // Let the last crash expire so someone leads at the end.
      assertThat(
              await(
                  () -> everyone.stream().anyMatch(c -> c.leadership.isLeader()),
                  Duration.ofSeconds(10)))
          .isTrue();
      sampling.set(false);
      sampler.join();
      everyone.forEach(Candidate::close);
      Thread.sleep(200);
      history.close();

      int conflicts = everyone.stream().mapToInt(c -> c.leadership.conflicts()).sum();
      Lease last = admin.leases().inNamespace(NS).withName(LEASE).get();
      System.out.printf(
          "[lease] contention: %d candidates, %d crashes, %d releases, %d leadership starts,"
              + " %d 409 conflicts, %d samples (%d with a writer), final leaseTransitions %d%n",
          everyone.size(),
          crashes,
          releases,
          starts.size(),
          conflicts,
          samples.get(),
          leaderSamples.get(),
          last.getSpec().getLeaseTransitions());

      assertThat(problems).isEmpty();
      assertThat(samples.get()).isGreaterThan(1000);
      assertThat(starts.size()).as("leadership changed hands during the churn").isGreaterThan(4);
      // Every start is visible as a holder in the Lease's history, in the same order.
      assertThat(distinctRuns(holders)).containsSubsequence(distinctRuns(starts));
      assertThat(last.getSpec().getLeaseTransitions()).isEqualTo(holderChanges(holders));
    }
  }

  /**
   * Reads every candidate twice; a candidate allowed to write in both reads was allowed to write
   * throughout (a new term needs a network round trip, far longer than one pass), so any other
   * candidate allowed to write in between overlapped with it.
   */
  private static void sampleOnce(
      List<Candidate> everyone, List<String> problems, AtomicInteger leaderSamples) {
    List<Candidate> snapshot = new ArrayList<>(everyone);
    int n = snapshot.size();
    boolean[] reads = new boolean[2 * n];
    for (int k = 0; k < 2 * n; k++) {
      reads[k] = snapshot.get(k % n).leadership.mayWrite();
    }
    boolean any = false;
    for (int i = 0; i < n; i++) {
      if (reads[i] && reads[i + n]) {
        any = true;
        for (int k = i + 1; k < i + n; k++) {
          if (reads[k] && problems.size() < 10) {
            problems.add(
                "two writers at once: "
                    + snapshot.get(i).identity
                    + " and "
                    + snapshot.get(k % n).identity);
          }
        }
      }
    }
    if (any) {
      leaderSamples.incrementAndGet();
    }
  }

  /** Checks each Lease update against the one before: a new holder is exactly one transition. */
  private static Watcher<Lease> recorder(List<String> problems, List<String> holders) {
    return new Watcher<>() {
      private Lease previous;

      @Override
      public synchronized void eventReceived(Action action, Lease lease) {
        if (action == Action.DELETED) {
          problems.add("the Lease was deleted");
          return;
        }
        String holder = holderOf(lease);
        int transitions = lease.getSpec().getLeaseTransitions();
        if (previous != null) {
          String before = holderOf(previous);
          int expected =
              previous.getSpec().getLeaseTransitions()
                  + (!holder.isEmpty() && !holder.equals(before) ? 1 : 0);
          if (transitions != expected) {
            problems.add(
                "leaseTransitions "
                    + transitions
                    + " after holder '"
                    + before
                    + "' → '"
                    + holder
                    + "', expected "
                    + expected);
          }
        } else if (transitions != 0) {
          problems.add("a new Lease starts at leaseTransitions " + transitions);
        }
        holders.add(holder);
        previous = lease;
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  private static String holderOf(Lease lease) {
    String holder = lease.getSpec().getHolderIdentity();
    return holder == null ? "" : holder;
  }

  /** Consecutive duplicates and empty holders removed. */
  private static List<String> distinctRuns(List<String> names) {
    List<String> runs = new ArrayList<>();
    for (String name : names) {
      if (!name.isEmpty() && (runs.isEmpty() || !runs.get(runs.size() - 1).equals(name))) {
        runs.add(name);
      }
    }
    return runs;
  }

  private static int holderChanges(List<String> holders) {
    int changes = 0;
    String before = null;
    for (String holder : holders) {
      if (before != null && !holder.isEmpty() && !holder.equals(before)) {
        changes++;
      }
      before = holder;
    }
    return changes;
  }
}
