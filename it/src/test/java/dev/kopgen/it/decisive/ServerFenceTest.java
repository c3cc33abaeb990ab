package dev.kopgen.it.decisive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.harness.ManifestApplier;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.manifests.Manifests;
import dev.kopgen.rules.Workloads;
import dev.kopgen.rules.Workloads.Workload;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server-side fence the plugin emits (a ValidatingAdmissionPolicy per Lease, see
 * docs/availability.md), asked directly of the real API server with pod-bound ServiceAccount
 * tokens, for the sharded operator {@code shards}: each shard's writes pass only from the pod its
 * own Lease names; a token not bound to a pod and a released Lease are refused; without a Lease the
 * policy stands aside; an admin is never fenced. Measures how soon a holder change reaches the
 * policy (its parameter cache) and what the policy adds to a write's latency.
 */
class ServerFenceTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  private static final AtomicInteger SEQ = new AtomicInteger();

  /** What the server answered to one write. */
  private record Outcome(int code, String message) {
    boolean fenced() {
      return code == 403 && message != null && message.contains("denied request: fenced: ");
    }
  }

  @Test
  void eachShardIsFencedByItsOwnLeaseAndOnlyItsHolderWrites() throws Exception {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    OperatorProject project = OperatorProject.compile("shards");
    Manifests manifests = project.manifests(Decisive.settings("shards", ns));
    ManifestApplier.apply(admin, manifests);
    long applied = System.nanoTime();
    List<Workload> shards =
        Workloads.of(project.descriptor()).stream().filter(w -> w.shard().isPresent()).toList();
    assertThat(shards).hasSize(2);
    String eastSa = "shards-" + shards.get(0).id();
    String eastLease = shards.get(0).leaseNames().get(0);
    String westSa = "shards-" + shards.get(1).id();
    String westLease = shards.get(1).leaseNames().get(0);

    // Both policies and bindings are on the server. (Their status, with type-checking warnings,
    // is written by kube-controller-manager, which the test server does not run: the answers
    // below, with the policy's own message, show the expressions compile and evaluate.)
    List<String> fenceFiles =
        manifests.files().keySet().stream().filter(f -> f.startsWith("admissionpolicy")).toList();
    assertThat(fenceFiles).hasSize(4);
    for (String file : fenceFiles) {
      assertThat(admin.resource(manifests.files().get(file)).get()).as(file).isNotNull();
    }

    lease(admin, ns, eastLease, "east-0");
    lease(admin, ns, westLease, "west-0");
    try (KubernetesClient east0 = asPod(ns, eastSa, "east-0");
        KubernetesClient east1 = asPod(ns, eastSa, "east-1");
        KubernetesClient west0 = asPod(ns, westSa, "west-0");
        KubernetesClient impersonated = api.server().clientAs(ns, eastSa)) {
      // Admission policies reach the admission plugin asynchronously: wait until it refuses.
      Outcome first = awaitOutcome(east1, ns, Outcome::fenced, Duration.ofSeconds(60));
      long inForce = (System.nanoTime() - applied) / 1_000_000;

      assertThat(first.message())
          .contains("fenced: holder is east-0 (Lease " + eastLease + "), request from pod east-1");
      assertThat(write(east0, ns).code()).as("east's holder").isEqualTo(201);
      assertThat(write(west0, ns).code())
          .as("west's holder, fenced by west's Lease only")
          .isEqualTo(201);
      Outcome noPod = write(impersonated, ns);
      assertThat(noPod.fenced()).as("east's ServiceAccount without a pod: " + noPod).isTrue();
      assertThat(noPod.message()).contains("request from a token not bound to a pod");
      assertThat(write(admin, ns).code()).as("admin").isEqualTo(201);

      // Hand-over: east-1 becomes the holder. How long until east-0 is refused and east-1
      // admitted (the policy reads its Lease from an informer cache)?
      long handOver = System.nanoTime();
      lease(admin, ns, eastLease, "east-1");
      Outcome old = awaitOutcome(east0, ns, Outcome::fenced, Duration.ofSeconds(30));
      long oldRefusedMs = (System.nanoTime() - handOver) / 1_000_000;
      Outcome now = awaitOutcome(east1, ns, o -> o.code() == 201, Duration.ofSeconds(30));
      long newAdmittedMs = (System.nanoTime() - handOver) / 1_000_000;
      assertThat(old.message()).contains("holder is east-1");
      assertThat(now.code()).isEqualTo(201);

      // Released (kopgen's release clears the holder): nobody writes.
      lease(admin, ns, eastLease, null);
      Outcome released = awaitOutcome(east1, ns, Outcome::fenced, Duration.ofSeconds(30));
      assertThat(released.message()).contains("holder is nobody");
      // No Lease at all: parameterNotFoundAction Allow. (Deny would refuse every write to the
      // fenced resources, an admin's included, cluster-wide: the server resolves the parameter
      // before it evaluates the match conditions.)
      admin.leases().inNamespace(ns).withName(westLease).delete();
      Outcome noLease = awaitOutcome(west0, ns, o -> o.code() == 201, Duration.ofSeconds(30));
      assertThat(write(admin, ns).code()).as("admin, no Lease").isEqualTo(201);

      // Added latency: the holder's writes with the fence, then with its binding removed.
      lease(admin, ns, westLease, "west-0");
      awaitOutcome(west0, ns, o -> o.code() == 201, Duration.ofSeconds(30));
      long[] with = latencies(west0, ns, 100);
      admin
          .resource(manifests.files().get("admissionpolicybinding-" + westLease + ".yaml"))
          .delete();
      try (KubernetesClient west1 = asPod(ns, westSa, "west-1")) {
        awaitOutcome(west1, ns, o -> o.code() == 201, Duration.ofSeconds(30));
      }
      long[] without = latencies(west0, ns, 100);

      System.out.println(
          "[figure] server fence: in force "
              + inForce
              + " ms after the binding"
              + " was applied; hand-over: old holder refused after "
              + oldRefusedMs
              + " ms, new holder admitted after "
              + newAdmittedMs
              + " ms (the policy's Lease cache);"
              + " no Lease: "
              + noLease.code());
      System.out.printf(
          "[figure] server fence: holder write latency with the policy p50 %.1f ms, p99 %.1f"
              + " ms; without p50 %.1f ms, p99 %.1f ms (100 creates each)%n",
          pct(with, 50), pct(with, 99), pct(without, 50), pct(without, 99));
    }
  }

  private static void lease(KubernetesClient admin, String ns, String name, String holder) {
    ZonedDateTime now = ZonedDateTime.now();
    Lease lease =
        new LeaseBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .endMetadata()
            .withNewSpec()
            .withHolderIdentity(holder)
            .withLeaseDurationSeconds(3600)
            .withAcquireTime(now)
            .withRenewTime(now)
            .endSpec()
            .build();
    admin.resource(lease).fieldManager("kopgen-it").forceConflicts().serverSideApply();
    if (holder == null) {
      admin
          .leases()
          .inNamespace(ns)
          .withName(name)
          .edit(
              l -> {
                l.getSpec().setHolderIdentity(null);
                return l;
              });
    }
  }

  private static KubernetesClient asPod(String ns, String sa, String pod) {
    try {
      Path kubeconfig = Path.of(api.server().podEnvironment(ns, sa, pod).get("KUBECONFIG"));
      return new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Outcome write(KubernetesClient c, String ns) {
    String name = "fence-" + SEQ.incrementAndGet();
    try {
      c.secrets()
          .inNamespace(ns)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(ns)
                  .endMetadata()
                  .addToStringData("k", "v")
                  .build())
          .create();
      return new Outcome(201, null);
    } catch (KubernetesClientException e) {
      String message = e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage();
      return new Outcome(e.getCode(), message);
    }
  }

  private static Outcome awaitOutcome(
      KubernetesClient c,
      String ns,
      java.util.function.Predicate<Outcome> wanted,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Outcome> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      Outcome o = write(c, ns);
      if (wanted.test(o)) {
        return o;
      }
      if (seen.size() < 5) {
        seen.add(o);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("no wanted answer within " + timeout + "; first answers: " + seen);
  }

  private static long[] latencies(KubernetesClient c, String ns, int n) {
    long[] micros = new long[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      assertThat(write(c, ns).code()).isEqualTo(201);
      micros[i] = (System.nanoTime() - start) / 1000;
    }
    Arrays.sort(micros);
    return micros;
  }

  private static double pct(long[] sortedMicros, int p) {
    int i = Math.min(sortedMicros.length - 1, (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1);
    return sortedMicros[Math.max(0, i)] / 1000.0;
  }
}
