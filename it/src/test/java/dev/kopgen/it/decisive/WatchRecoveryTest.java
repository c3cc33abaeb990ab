package dev.kopgen.it.decisive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.TestApiServer;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import dev.kopgen.runtime.operator.Operator;
import dev.kopgen.runtime.operator.RunningOperator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A kopgen controller survives losing its watch for longer than the API server keeps history: its
 * connection to the server is cut (a TCP proxy the test controls), Secrets change meanwhile
 * (created, updated several times, deleted, deleted and re-created), and the server compacts etcd
 * past the controller's last resourceVersion, so resuming the watch gets {@code 410 Gone} (Secrets
 * have no watch cache on the test server, so nothing softens it). Once the network is back the
 * informer must relist, and every object's latest state must be reconciled and every deletion
 * observed: by the reconciler through a finalizer, and, for a plain delete of an owned object, by
 * its owner being reconciled (the relist's synthesized delete event, mapped through the owner
 * reference).
 */
class WatchRecoveryTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  private static final String LABEL = "decisive-watch";
  private static final String OWNER_LABEL = "decisive-owner";
  private static final String FINALIZER = "decisive.kopgen.dev/observe-deletion";

  /**
   * fabric8's watch reconnect backoff starts here and doubles up to 32 times this (its default of 1
   * s would mean up to 32 s between attempts after a long outage, which measures fabric8's backoff,
   * not recovery). Production operators can set it with {@code KUBERNETES_WATCH_RECONNECTINTERVAL}.
   */
  private static final int RECONNECT_INTERVAL_MILLIS = 200;

  /** What the reconciler saw last for one object. */
  record Seen(String uid, String resourceVersion, String value, boolean deleting) {}

  /** Records the latest state it reconciled; observes deletions through a finalizer. */
  static final class RecordingReconciler implements Reconciler<Secret> {
    final Map<String, Seen> seen = new ConcurrentHashMap<>();
    final Set<String> deletionsObserved = ConcurrentHashMap.newKeySet();

    @Override
    public Result reconcile(Secret secret, Context context) {
      var meta = secret.getMetadata();
      String encoded = secret.getData() == null ? null : secret.getData().get("v");
      String value =
          encoded == null
              ? null
              : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      boolean deleting = meta.getDeletionTimestamp() != null;
      seen.put(meta.getName(), new Seen(meta.getUid(), meta.getResourceVersion(), value, deleting));
      if (deleting && meta.getFinalizers() != null && meta.getFinalizers().contains(FINALIZER)) {
        deletionsObserved.add(meta.getName() + "@" + meta.getUid());
        context
            .client()
            .secrets()
            .inNamespace(meta.getNamespace())
            .withName(meta.getName())
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
      }
      return Result.done();
    }
  }

  /** Counts the reconciles of each owner ConfigMap: any event of an owned Secret causes one. */
  static final class CountingReconciler implements Reconciler<ConfigMap> {
    final Map<String, Integer> runs = new ConcurrentHashMap<>();

    @Override
    public Result reconcile(ConfigMap owner, Context context) {
      runs.merge(owner.getMetadata().getName(), 1, Integer::sum);
      return Result.done();
    }
  }

  /** One request the operator's client sent. */
  record Sent(long nanos, String method, URI uri) {
    /** Whether the Secret controller's primary informer sent it (the owned one has no selector). */
    boolean primary() {
      return uri.getQuery() != null && uri.getQuery().contains("labelSelector=" + LABEL + "=yes");
    }

    boolean isWatch() {
      return uri.getQuery() != null && uri.getQuery().contains("watch=true");
    }

    String resourceVersion() {
      if (uri.getQuery() == null) {
        return null;
      }
      for (String p : uri.getQuery().split("&")) {
        if (p.startsWith("resourceVersion=")) {
          return p.substring("resourceVersion=".length());
        }
      }
      return null;
    }
  }

  @Test
  void controllerRelistsAfter410GoneAndReconcilesTheLatestState() throws Exception {
    KubernetesClient admin = api.client();
    String ns = api.namespace();
    URI server = URI.create(admin.getMasterUrl().toString());
    List<Sent> sent = new CopyOnWriteArrayList<>();
    String secretsPath = "/api/v1/namespaces/" + ns + "/secrets";

    try (TcpProxy proxy = new TcpProxy(server.getHost(), server.getPort())) {
      Config config = Config.fromKubeconfig(api.server().kubeconfigYaml());
      config.setMasterUrl("https://127.0.0.1:" + proxy.port());
      config.setWatchReconnectInterval(RECONNECT_INTERVAL_MILLIS);
      Interceptor recorder =
          new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
              if (request.uri().getPath().equals(secretsPath)) {
                sent.add(new Sent(System.nanoTime(), request.method(), request.uri()));
              }
            }
          };
      RecordingReconciler reconciler = new RecordingReconciler();
      ControllerDefinition<Secret> definition =
          ControllerDefinition.builder("secret-watch", Secret.class, () -> reconciler)
              .namespaces(ns)
              .labelSelector(LABEL + "=yes")
              .maxConcurrentReconciles(2)
              .reconcileTimeout(Duration.ofSeconds(10))
              .build();
      CountingReconciler owners = new CountingReconciler();
      ControllerDefinition<ConfigMap> ownerDefinition =
          ControllerDefinition.builder("secret-owner", ConfigMap.class, () -> owners)
              .namespaces(ns)
              .labelSelector(OWNER_LABEL + "=yes")
              .owns(Secret.class)
              .build();

      try (KubernetesClient proxied =
              new KubernetesClientBuilder()
                  .withConfig(config)
                  .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("record", recorder))
                  .build();
          RunningOperator operator =
              Operator.builder()
                  .client(proxied)
                  .controllers(List.of(definition, ownerDefinition))
                  .healthPort(0)
                  .namespace(ns)
                  .identity("watch-recovery")
                  .exitHandler(status -> {}) // in-process: never System.exit the test JVM
                  .start()) {

        // Before the cut: ten objects, three with a finalizer so their deletion is observable.
        for (int i = 0; i < 10; i++) {
          admin.resource(secret(ns, "s" + i, "0", i < 3)).create();
        }
        awaitConverged(admin, ns, reconciler, Duration.ofSeconds(30));
        // And two owners with one owned Secret each; one of those will be deleted plainly.
        for (String owner : List.of("owner-deleted", "owner-control")) {
          ConfigMap cm =
              admin
                  .resource(
                      new ConfigMapBuilder()
                          .withNewMetadata()
                          .withName(owner)
                          .withNamespace(ns)
                          .addToLabels(OWNER_LABEL, "yes")
                          .endMetadata()
                          .build())
                  .create();
          admin
              .resource(
                  new SecretBuilder()
                      .withNewMetadata()
                      .withName(owner + "-child")
                      .withNamespace(ns)
                      .addNewOwnerReference()
                      .withApiVersion("v1")
                      .withKind("ConfigMap")
                      .withName(owner)
                      .withUid(cm.getMetadata().getUid())
                      .withController(true)
                      .endOwnerReference()
                      .endMetadata()
                      .build())
              .create();
        }
        Map<String, Integer> ownerRuns =
            awaitQuiet(
                owners.runs, List.of("owner-deleted", "owner-control"), Duration.ofSeconds(30));
        String lastSeen =
            reconciler.seen.values().stream()
                .map(Seen::resourceVersion)
                .max((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)))
                .orElseThrow();

        // The cut, and changes the informer cannot see.
        proxy.sever();
        long cut = System.nanoTime();
        for (int round = 1; round <= 3; round++) {
          for (int i = 3; i < 7; i++) {
            final String v = Integer.toString(round);
            admin
                .secrets()
                .inNamespace(ns)
                .withName("s" + i)
                .edit(
                    s -> {
                      s.setData(Map.of("v", b64(v)));
                      return s;
                    });
          }
        }
        for (int i = 0; i < 3; i++) {
          admin.secrets().inNamespace(ns).withName("s" + i).delete(); // held by the finalizer
        }
        String oldUid = admin.secrets().inNamespace(ns).withName("s7").get().getMetadata().getUid();
        admin.secrets().inNamespace(ns).withName("s7").delete();
        awaitTrue(
            "s7 gone",
            Duration.ofSeconds(10),
            () -> admin.secrets().inNamespace(ns).withName("s7").get() == null);
        admin.resource(secret(ns, "s7", "reborn", false)).create();
        admin.secrets().inNamespace(ns).withName("owner-deleted-child").delete(); // no finalizer
        for (int i = 10; i < 15; i++) {
          admin.resource(secret(ns, "s" + i, "new", false)).create();
        }

        // Wait until the server has compacted past the informer's last resourceVersion: a watch
        // from there is now refused with 410 Gone, which is what the informer will get.
        long compactedAfter = awaitGone(admin, ns, lastSeen, Duration.ofSeconds(45)) - cut;
        assertThat(reconciler.seen.get("s3").value())
            .as("nothing seen during the cut")
            .isEqualTo("0");

        proxy.restore();
        long restored = System.nanoTime();
        awaitConverged(admin, ns, reconciler, Duration.ofSeconds(60));
        long recovered = System.nanoTime();

        // The latest state of every object, and every deletion.
        for (int i = 3; i < 7; i++) {
          assertThat(reconciler.seen.get("s" + i).value()).as("s" + i).isEqualTo("3");
        }
        assertThat(reconciler.seen.get("s7").value()).isEqualTo("reborn");
        assertThat(reconciler.seen.get("s7").uid()).as("s7 re-created").isNotEqualTo(oldUid);
        for (int i = 10; i < 15; i++) {
          assertThat(reconciler.seen.get("s" + i).value()).as("s" + i).isEqualTo("new");
        }
        assertThat(reconciler.deletionsObserved)
            .extracting(d -> d.substring(0, d.indexOf('@')))
            .containsExactlyInAnyOrder("s0", "s1", "s2");
        // The plain delete reached the owner; the owner whose child did not change was left alone
        // (a relist notifies only what changed).
        awaitTrue(
            "owner-deleted reconciled after its child's deletion",
            Duration.ofSeconds(30),
            () -> owners.runs.get("owner-deleted") > ownerRuns.get("owner-deleted"));
        assertThat(owners.runs.get("owner-control"))
            .as("owner-control runs")
            .isEqualTo(ownerRuns.get("owner-control"));

        // How it got there: the informer kept trying to resume its watch from its old
        // resourceVersion; the last try reached the server, and then it listed everything again
        // (a LIST without a resourceVersion) and watched from the list's.
        List<Sent> after =
            List.copyOf(sent).stream().filter(Sent::primary).filter(x -> x.nanos() > cut).toList();
        List<Sent> resumes =
            after.stream()
                .filter(x -> x.isWatch() && lastSeen.equals(x.resourceVersion()))
                .toList();
        assertThat(resumes)
            .as("watch requests from the old resourceVersion: " + after)
            .isNotEmpty();
        Sent resume = resumes.get(resumes.size() - 1);
        assertThat(after.stream().filter(Sent::isWatch).findFirst().orElseThrow())
            .as("the first watch after the cut resumes")
            .isEqualTo(resumes.get(0));
        List<Sent> relists =
            after.stream()
                .filter(s -> !s.isWatch() && "GET".equals(s.method()) && s.nanos() > resume.nanos())
                .toList();
        assertThat(relists).as("LIST requests after the resume attempt: " + after).isNotEmpty();
        assertThat(relists.get(0).resourceVersion()).as("a fresh list").isNull();
        Sent rewatch =
            after.stream()
                .filter(s -> s.isWatch() && s.nanos() > relists.get(0).nanos())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no new watch: " + after));
        assertThat(Long.parseLong(rewatch.resourceVersion()))
            .as("new watch from the relist")
            .isGreaterThan(Long.parseLong(lastSeen));
        assertThat(operator.isReady()).as("ready again").isTrue();

        System.out.printf(
            "[figure] watch recovery: cut for %d ms; rv %s compacted (410 Gone) %d ms after the"
                + " cut; resume attempt %d ms after restore, relist +%d ms, all %d objects"
                + " converged and 3 deletions observed %d ms after restore (and the owner of a"
                + " plainly deleted Secret reconciled); %d connection(s) refused and %d resume"
                + " attempt(s) during the cut, %d LIST(s) after restore%n",
            (restored - cut) / 1_000_000,
            lastSeen,
            compactedAfter / 1_000_000,
            (resume.nanos() - restored) / 1_000_000,
            (relists.get(0).nanos() - resume.nanos()) / 1_000_000,
            reconciler.seen.size(),
            (recovered - restored) / 1_000_000,
            proxy.refused(),
            resumes.stream().filter(x -> x.nanos() < restored).count(),
            relists.size());
        assertThat(Duration.ofNanos(recovered - restored))
            .as("recovery time")
            .isLessThan(Duration.ofSeconds(45));
      }
    }
  }

  /**
   * Waits until each name has been counted and the counts stayed unchanged for half a second;
   * returns them.
   */
  private static Map<String, Integer> awaitQuiet(
      Map<String, Integer> counts, List<String> names, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Integer> last = Map.of();
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      Map<String, Integer> now = Map.copyOf(counts);
      if (!now.equals(last)) {
        last = now;
        stableSince = System.nanoTime();
      } else if (now.keySet().containsAll(names)
          && System.nanoTime() - stableSince > TimeUnit.MILLISECONDS.toNanos(500)) {
        return now;
      }
      sleep(50);
    }
    throw new AssertionError("reconciles of " + names + " did not settle: " + counts);
  }

  private static Secret secret(String ns, String name, String value, boolean finalizer) {
    SecretBuilder b =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .addToLabels(LABEL, "yes")
            .endMetadata()
            .withData(Map.of("v", b64(value)));
    if (finalizer) {
      b.editMetadata().addToFinalizers(FINALIZER).endMetadata();
    }
    return b.build();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Waits until the reconciler has seen every labelled Secret at its current resourceVersion (same
   * uid) and no Secret is still waiting for its deletion to be observed.
   */
  private static void awaitConverged(
      KubernetesClient admin, String ns, RecordingReconciler r, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, String> behind = new TreeMap<>();
    while (System.nanoTime() < deadline) {
      behind.clear();
      for (Secret s : admin.secrets().inNamespace(ns).withLabel(LABEL, "yes").list().getItems()) {
        Seen seen = r.seen.get(s.getMetadata().getName());
        if (s.getMetadata().getDeletionTimestamp() != null) {
          behind.put(s.getMetadata().getName(), "deletion not handled yet");
        } else if (seen == null
            || !seen.uid().equals(s.getMetadata().getUid())
            || !seen.resourceVersion().equals(s.getMetadata().getResourceVersion())) {
          behind.put(
              s.getMetadata().getName(),
              "at "
                  + s.getMetadata().getResourceVersion()
                  + ", reconciled "
                  + (seen == null ? "never" : seen.resourceVersion()));
        }
      }
      if (behind.isEmpty()) {
        return;
      }
      sleep(50);
    }
    throw new AssertionError("not reconciled within " + timeout + ": " + behind);
  }

  /**
   * Waits until a watch from {@code resourceVersion} is refused with 410 Gone; returns when
   * (System.nanoTime()). etcd is compacted every {@value TestApiServer#ETCD_COMPACTION_INTERVAL} up
   * to the revision of the previous run, so this takes one to two intervals.
   */
  private static long awaitGone(
      KubernetesClient admin, String ns, String resourceVersion, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      CompletableFuture<WatcherException> closed = new CompletableFuture<>();
      Watch watch = null;
      try {
        watch =
            admin
                .secrets()
                .inNamespace(ns)
                .watch(
                    new ListOptionsBuilder().withResourceVersion(resourceVersion).build(),
                    new Watcher<Secret>() {
                      @Override
                      public void eventReceived(Action action, Secret resource) {}

                      @Override
                      public void onClose(WatcherException cause) {
                        closed.complete(cause);
                      }
                    });
        WatcherException cause = closed.get(1, TimeUnit.SECONDS);
        if (cause != null && cause.isHttpGone()) {
          return System.nanoTime();
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() == 410) {
          return System.nanoTime();
        }
        throw e;
      } catch (TimeoutException | java.util.concurrent.ExecutionException stillThere) {
        // The history is still there: the watch replays it and stays open.
      } finally {
        if (watch != null) {
          watch.close();
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "resourceVersion " + resourceVersion + " was not compacted within " + timeout);
  }

  private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within " + timeout);
      }
      sleep(50);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
