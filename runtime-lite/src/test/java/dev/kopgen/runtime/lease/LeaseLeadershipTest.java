package dev.kopgen.runtime.lease;

import static dev.kopgen.runtime.lease.Candidate.LEASE;
import static dev.kopgen.runtime.lease.Candidate.NS;
import static dev.kopgen.runtime.lease.Candidate.TIMING;
import static dev.kopgen.runtime.lease.Candidate.await;
import static dev.kopgen.runtime.lease.Candidate.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.annotations.OnLeadershipLoss;
import dev.kopgen.rules.LeaseTiming;
import dev.kopgen.runtime.LeaseSpec;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaseLeadershipTest {

  private static final long LEASE_NANOS = TIMING.leaseDuration().toNanos();
  private static final long DEADLINE_NANOS = TIMING.renewDeadline().toNanos();

  /** Generous slack for a loaded 2-core machine; figures are printed, bounds only catch bugs. */
  private static final long MARGIN_NANOS = Duration.ofMillis(1500).toNanos();

  /** Timing whose retry period is too long to explain anything that happens within a second. */
  private static final LeaseTiming SLOW =
      new LeaseTiming(Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofSeconds(5));

  private MockApi api;
  private KubernetesClient admin;
  private final List<Candidate> candidates = new ArrayList<>();

  @BeforeEach
  void setUp() {
    api = new MockApi();
    admin = api.client();
  }

  @AfterEach
  void tearDown() {
    candidates.forEach(Candidate::close);
    api.close();
  }

  private Candidate candidate(String identity) {
    return candidate(api.client(), identity);
  }

  private Candidate candidate(KubernetesClient client, String identity) {
    Candidate c = new Candidate(client, identity);
    candidates.add(c);
    return c;
  }

  private Lease lease() {
    return admin.leases().inNamespace(NS).withName(LEASE).get();
  }

  private Candidate leaderAmong(Candidate... all) throws InterruptedException {
    assertThat(
            await(
                () -> java.util.Arrays.stream(all).anyMatch(c -> c.leadership.isLeader()),
                Duration.ofSeconds(10)))
        .as("someone leads")
        .isTrue();
    return java.util.Arrays.stream(all)
        .filter(c -> c.leadership.isLeader())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void oneOfTwoCandidatesLeadsAndOnlyItMayWrite() throws Exception {
    Candidate a = candidate("a").start();
    Candidate b = candidate("b").start();

    Candidate leader = leaderAmong(a, b);
    Candidate standby = leader == a ? b : a;
    Thread.sleep(1000); // several retry periods: the standby keeps trying and keeps failing

    assertThat(leader.leadership.isLeader()).isTrue();
    assertThat(leader.leadership.mayWrite()).isTrue();
    assertThat(standby.leadership.isLeader()).isFalse();
    assertThat(standby.leadership.mayWrite()).isFalse();
    assertThat(leader.started).hasValue(1);
    assertThat(standby.started).hasValue(0);
    Lease lease = lease();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leader.identity);
    assertThat(lease.getSpec().getLeaseDurationSeconds())
        .isEqualTo((int) TIMING.leaseDuration().toSeconds());
    assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(0);
    assertThat(lease.getSpec().getAcquireTime()).isNotNull();
    assertThat(lease.getSpec().getRenewTime()).isAfter(lease.getSpec().getAcquireTime());
  }

  @Test
  void aReleasedLeaseIsTakenOverInWellUnderASecond() throws Exception {
    Candidate a = candidate("a").start();
    assertThat(await(a.leadership::isLeader, Duration.ofSeconds(10))).isTrue();
    Candidate b = candidate("b").start();
    Thread.sleep(700); // let b read the Lease and start watching it

    long before = System.nanoTime();
    a.leadership.release();
    long released = System.nanoTime();
    assertThat(a.leadership.mayWrite()).isFalse();
    assertThat(await(() -> b.started.get() == 1, Duration.ofSeconds(5))).isTrue();

    long handOver = b.startedAt - before;
    System.out.printf(
        "[lease] release hand-over: %.1f ms from release() (release() itself took %.1f ms)%n",
        millis(handOver), millis(released - before));
    assertThat(handOver).isLessThan(Duration.ofSeconds(1).toNanos());
    assertThat(a.stopped).as("release() is the owner's own decision: no callback").hasValue(0);
    Lease lease = lease();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("b");
    assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(1);
    Thread.sleep(700);
    assertThat(a.leadership.isLeader()).as("a released instance never campaigns again").isFalse();
  }

  @Test
  void theHandOverComesFromTheWatchNotFromPolling() throws Exception {
    // Retry period 5 s: polling alone could not take over within a second.
    LeaseTiming slow = SLOW;
    Candidate a = new Candidate(api.client(), "a", new ArrayList<>(), slow);
    candidates.add(a);
    a.start();
    assertThat(await(a.leadership::isLeader, Duration.ofSeconds(10))).isTrue();
    Candidate b = new Candidate(api.client(), "b", new ArrayList<>(), slow);
    candidates.add(b);
    b.start();
    // b's first read found a's Lease; wait until b's watch is open on the server.
    assertThat(await(() -> api.server.getRequestCount() > 0 && watchSeen(), Duration.ofSeconds(5)))
        .isTrue();
    Thread.sleep(200);

    long before = System.nanoTime();
    a.leadership.release();
    assertThat(await(() -> b.started.get() == 1, Duration.ofSeconds(3))).isTrue();

    System.out.printf(
        "[lease] release hand-over with a 5 s retry period: %.1f ms%n",
        millis(b.startedAt - before));
    assertThat(b.startedAt - before).isLessThan(Duration.ofSeconds(1).toNanos());
  }

  private volatile boolean watchRequested;

  /** Whether a watch on just this Lease (field selector metadata.name) reached the server. */
  private boolean watchSeen() {
    try {
      for (var r : api.drainRequests()) {
        String path = r.getPath();
        if (path.contains("/leases?")
            && path.contains("watch=true")
            && path.contains("fieldSelector=metadata.name%3D" + LEASE)) {
          watchRequested = true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return watchRequested;
  }

  @Test
  void releaseWritesAnEmptyHolderWithOneSecondDuration() throws Exception {
    Candidate a = candidate("a").start();
    assertThat(await(a.leadership::isLeader, Duration.ofSeconds(10))).isTrue();

    a.leadership.release();

    Lease lease = lease();
    assertThat(lease.getSpec().getHolderIdentity()).isEmpty();
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(1);
    assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(0);
  }

  @Test
  void aStandbyReleasingChangesNothing() throws Exception {
    Candidate a = candidate("a").start();
    assertThat(await(a.leadership::isLeader, Duration.ofSeconds(10))).isTrue();
    Candidate b = candidate("b").start();
    Thread.sleep(400);

    b.leadership.release();

    Thread.sleep(400);
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("a");
    assertThat(a.leadership.mayWrite()).isTrue();
  }

  @Test
  void afterACrashTheStandbyWaitsForExpiryAndThenTakesOver() throws Exception {
    Candidate a = candidate("a").start();
    assertThat(await(a.leadership::isLeader, Duration.ofSeconds(10))).isTrue();
    Candidate b = candidate("b").start();
    Thread.sleep(700);

    long crashed = System.nanoTime();
    a.close(); // no release: the Lease still names a
    long lastRenew = a.leadership.lastRenewNanos();
    assertThat(await(() -> b.started.get() == 1, Duration.ofSeconds(10))).isTrue();

    long sinceRenew = b.startedAt - lastRenew;
    System.out.printf(
        "[lease] crash take-over: %.1f ms after a's last renewal was sent, %.1f ms after the crash"
            + " (bound: leaseDuration %d ms + 1.2 × retryPeriod %d ms)%n",
        millis(sinceRenew),
        millis(b.startedAt - crashed),
        TIMING.leaseDuration().toMillis(),
        (long) (TIMING.retryPeriod().toMillis() * LeaseTiming.JITTER_FACTOR));
    assertThat(sinceRenew).as("never steals a live Lease").isGreaterThanOrEqualTo(LEASE_NANOS);
    assertThat(sinceRenew).isLessThan(TIMING.crashTakeoverBound().toNanos() + MARGIN_NANOS);
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("b");
    assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(1);
  }

  @Test
  void aLeaderThatCannotRenewIsFencedByItsRenewDeadline() throws Exception {
    AtomicBoolean cutOff = new AtomicBoolean();
    Interceptor network =
        new Interceptor() {
          @Override
          public void before(BasicBuilder b, HttpRequest request, RequestTags tags) {
            if (cutOff.get() && request.uri().getPath().contains("/leases")) {
              throw new UncheckedIOException(new IOException("injected: API server unreachable"));
            }
          }
        };
    Candidate a = candidate(api.client(network), "a").start();
    assertThat(await(a.leadership::isLeader, Duration.ofSeconds(10))).isTrue();

    cutOff.set(true);
    assertThat(await(() -> !a.leadership.mayWrite(), Duration.ofSeconds(10))).isTrue();
    long fencedSeen = System.nanoTime();
    long lastRenew = a.leadership.lastRenewNanos();
    assertThat(await(() -> a.stopped.get() == 1, Duration.ofSeconds(5))).isTrue();

    System.out.printf(
        "[lease] fenced %.1f ms and told %.1f ms after the last successful renewal was sent"
            + " (renewDeadline %d ms)%n",
        millis(fencedSeen - lastRenew),
        millis(a.stoppedAt - lastRenew),
        TIMING.renewDeadline().toMillis());
    assertThat(fencedSeen - lastRenew).isGreaterThanOrEqualTo(DEADLINE_NANOS);
    assertThat(fencedSeen - lastRenew)
        .isLessThan(DEADLINE_NANOS + Duration.ofMillis(300).toNanos());
    assertThat(a.stoppedAt - lastRenew).isLessThan(DEADLINE_NANOS + MARGIN_NANOS);
    assertThat(a.mayWriteWhenStopped).containsExactly(false);
    assertThat(a.leadership.isLeader()).isFalse();

    Thread.sleep(1000);
    assertThat(a.stopped).as("onStoppedLeading once per term").hasValue(1);

    // The network comes back: the Lease still names a and nobody else took it, so a leads again.
    cutOff.set(false);
    assertThat(await(() -> a.started.get() == 2, Duration.ofSeconds(5))).isTrue();
    assertThat(a.leadership.mayWrite()).isTrue();
  }

  @Test
  void aSlowAcquisitionRenewsBeforeLeadingSoTheNewLeaderHasAFullWindow() throws Exception {
    // The acquiring write takes 2 s of the 3 s renew deadline (a cold JVM, a loaded API server).
    // Leading on it left 1 s: with EXIT, one more slow renewal meant fencing and a restart.
    AtomicBoolean firstWrite = new AtomicBoolean(true);
    Interceptor slowFirstWrite =
        new Interceptor() {
          @Override
          public void before(BasicBuilder b, HttpRequest request, RequestTags tags) {
            if (!request.method().equals("GET")
                && request.uri().getPath().contains("/leases")
                && firstWrite.compareAndSet(true, false)) {
              try {
                Thread.sleep(2000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    Candidate a = candidate(api.client(slowFirstWrite), "a").start();
    assertThat(await(a.leadership::isLeader, Duration.ofSeconds(15))).isTrue();

    long window = a.lastRenewAtStart + DEADLINE_NANOS - a.startedAt;
    System.out.printf(
        "[lease] after a 2000 ms acquiring write, the new leader's renew window at start: %.1f ms"
            + " of %d ms%n",
        millis(window), TIMING.renewDeadline().toMillis());
    assertThat(firstWrite).isFalse();
    assertThat(window).isGreaterThanOrEqualTo(DEADLINE_NANOS / 2);
    // The fence is not weakened: the window counts from a send, never beyond the deadline.
    assertThat(window).isLessThanOrEqualTo(DEADLINE_NANOS);
    Lease lease = lease();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("a");
    assertThat(lease.getSpec().getRenewTime()).isAfter(lease.getSpec().getAcquireTime());
    Thread.sleep(1500);
    assertThat(a.stopped).as("no fencing after the slow start").hasValue(0);
    assertThat(a.started).hasValue(1);
  }

  @Test
  void releaseConfirmedTellsWhetherTheServerTookTheRelease() throws Exception {
    AtomicBoolean cutOff = new AtomicBoolean();
    Interceptor network =
        new Interceptor() {
          @Override
          public void before(BasicBuilder b, HttpRequest request, RequestTags tags) {
            if (cutOff.get() && request.uri().getPath().contains("/leases")) {
              throw new UncheckedIOException(new IOException("injected: API server unreachable"));
            }
          }
        };
    Candidate a = candidate("a").start();
    assertThat(await(a.leadership::isLeader, Duration.ofSeconds(10))).isTrue();
    assertThat(a.leadership.releaseConfirmed()).isTrue();

    Candidate b = candidate(api.client(network), "b").start();
    assertThat(await(b.leadership::isLeader, Duration.ofSeconds(10))).isTrue();
    cutOff.set(true);
    assertThat(b.leadership.releaseConfirmed()).isFalse();
    assertThat(b.leadership.mayWrite()).isFalse();
  }

  @Test
  void aReleaseIsOneRequestWhenNothingChangedSinceTheLastRenewal() throws Exception {
    List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicBoolean counting = new AtomicBoolean();
    Interceptor recorder =
        new Interceptor() {
          @Override
          public void before(BasicBuilder b, HttpRequest request, RequestTags tags) {
            String query = String.valueOf(request.uri().getQuery());
            if (counting.get()
                && request.uri().getPath().contains("/leases")
                && !query.contains("watch=true")) {
              requests.add(request.method());
            }
          }
        };
    // Renewals only every 5 s: none falls into the release.
    Candidate a = new Candidate(api.client(recorder), "a", new ArrayList<>(), SLOW);
    candidates.add(a);
    a.start();
    assertThat(await(a.leadership::isLeader, Duration.ofSeconds(10))).isTrue();
    Thread.sleep(300); // the watch has delivered the Lease as the acquisition wrote it
    counting.set(true);
    assertThat(a.leadership.releaseConfirmed()).isTrue();
    assertThat(requests)
        .as("a PUT on the Lease as last seen, without reading it first")
        .containsExactly("PUT");
    assertThat(lease().getSpec().getHolderIdentity()).isEmpty();
    assertThat(lease().getSpec().getLeaseDurationSeconds()).isEqualTo(1);
  }

  @Test
  void losingTheLeaseToAnotherHolderIsSeenThroughTheWatch() throws Exception {
    // Renewals only every 5 s: noticing the loss within a second takes the watch.
    Candidate a = new Candidate(api.client(), "a", new ArrayList<>(), SLOW);
    candidates.add(a);
    a.start();
    assertThat(await(a.leadership::isLeader, Duration.ofSeconds(10))).isTrue();
    Thread.sleep(300);

    long taken = takeOver("intruder", 1);
    assertThat(await(() -> a.stopped.get() == 1, Duration.ofSeconds(5))).isTrue();

    System.out.printf(
        "[lease] loss to another holder noticed %.1f ms after the Lease changed (retry period 5 s)%n",
        millis(a.stoppedAt - taken));
    assertThat(a.mayWriteWhenStopped).containsExactly(false);
    assertThat(a.leadership.mayWrite()).isFalse();
    assertThat(a.stoppedAt - taken).isLessThan(Duration.ofSeconds(1).toNanos());

    // The intruder declared a 1 s lease and never renews: a keeps campaigning and takes the
    // Lease back once that second has passed by its own clock, well before its 5 s retry.
    assertThat(await(() -> a.started.get() == 2, Duration.ofSeconds(5))).isTrue();
    long back = a.startedAt - taken;
    System.out.printf(
        "[lease] took the Lease back %.1f ms after the intruder's write%n", millis(back));
    assertThat(back).isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
    assertThat(back).isLessThan(Duration.ofSeconds(1).toNanos() + MARGIN_NANOS);
    assertThat(a.started).hasValue(2);
    assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(2);
  }

  /**
   * Writes another holder into the Lease, re-reading when a's renewal wins the race (409).
   *
   * @return when the successful write was sent
   */
  private long takeOver(String holder, int leaseDurationSeconds) {
    for (int attempt = 0; ; attempt++) {
      Lease current = lease();
      current.getSpec().setHolderIdentity(holder);
      current.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
      current.getSpec().setLeaseTransitions(current.getSpec().getLeaseTransitions() + 1);
      current.getSpec().setLeaseDurationSeconds(leaseDurationSeconds);
      long sent = System.nanoTime();
      try {
        admin.resource(current).update();
        return sent;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt > 20) {
          throw e;
        }
      }
    }
  }

  @Test
  void aConflictOnRenewIsAnsweredByARereadNotAForcedWrite() throws Exception {
    AtomicBoolean raceNextPut = new AtomicBoolean();
    Interceptor race =
        new Interceptor() {
          @Override
          public void before(BasicBuilder b, HttpRequest request, RequestTags tags) {
            if ("PUT".equals(request.method())
                && request.uri().getPath().endsWith("/leases/" + LEASE)
                && raceNextPut.getAndSet(false)) {
              // Someone else writes the Lease between a's read and a's write.
              admin
                  .leases()
                  .inNamespace(NS)
                  .withName(LEASE)
                  .edit(
                      l -> {
                        l.getMetadata()
                            .setAnnotations(java.util.Map.of("touched-by", "someone-else"));
                        return l;
                      });
            }
          }
        };
    Candidate a = candidate(api.client(race), "a").start();
    assertThat(await(a.leadership::isLeader, Duration.ofSeconds(10))).isTrue();

    raceNextPut.set(true);
    assertThat(await(() -> a.leadership.conflicts() >= 1, Duration.ofSeconds(5))).isTrue();
    ZonedDateTime renewedBefore = lease().getSpec().getRenewTime();
    Thread.sleep(700);

    assertThat(a.leadership.mayWrite()).isTrue();
    assertThat(a.stopped).hasValue(0);
    Lease lease = lease();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("a");
    assertThat(lease.getSpec().getRenewTime()).isAfter(renewedBefore);
    assertThat(lease.getMetadata().getAnnotations())
        .as("a re-read the Lease instead of overwriting the other write")
        .containsEntry("touched-by", "someone-else");
  }

  @Test
  void unsafeTimingIsRejectedWithTheRuleItBreaks() {
    LeaseTiming unsafe =
        new LeaseTiming(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2));
    assertThatThrownBy(
            () ->
                new LeaseLeadership(
                    admin, NS, "a", new LeaseSpec(LEASE, unsafe, OnLeadershipLoss.EXIT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Lease 'demo-lease'")
        .hasMessageContaining("renewDeadline (10s) must be shorter than leaseDuration (10s)");
  }

  @Test
  void startTwiceIsAnError() throws Exception {
    Candidate a = candidate("a").start();
    assertThatThrownBy(() -> a.leadership.start(a))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already started");
  }

  @Test
  void theElectionRunsOnOneNamedDaemonThread() throws Exception {
    Candidate a = candidate("a").start();
    assertThat(await(a.leadership::isLeader, Duration.ofSeconds(10))).isTrue();
    List<Thread> ours =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("kopgen-lease-" + LEASE))
            .toList();
    assertThat(ours).hasSize(1);
    assertThat(ours.get(0).isDaemon()).isTrue();
  }
}
