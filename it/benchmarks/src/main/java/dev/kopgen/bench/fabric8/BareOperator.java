package dev.kopgen.bench.fabric8;

import dev.kopgen.bench.Bench;
import dev.kopgen.bench.BenchWork;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The floor for startup and memory: a bare fabric8 informer on the same resource and namespace
 * handing every add and update to 20 threads running the same work. No leader election, no
 * deduplication, no owned-object informer, no shutdown handling: what an operator costs before any
 * framework.
 *
 * <p>{@code BENCH_SEEN=1} also prints {@code B seen ...} on the informer's own thread the moment
 * its handler gets an add, before the hand-off to a worker: the watch-delivery floor of the latency
 * benchmark. {@code BENCH_CACHE=configmaps} runs instead the full-object counterpart of the
 * metadata-only memory row: one informer caching the ConfigMaps labelled {@code
 * bench.kopgen.dev/cache=cached}, printing {@code B all <µs>} once it has synced.
 */
public final class BareOperator {

  private BareOperator() {}

  /** Entry point. */
  public static void main(String[] args) {
    KubernetesClient client = new KubernetesClientBuilder().build();
    if ("configmaps".equals(System.getenv("BENCH_CACHE"))) {
      SharedIndexInformer<?> informer =
          client
              .configMaps()
              .inNamespace(BenchWork.NAMESPACE)
              .withLabel(BenchWork.CACHE_LABEL, "cached")
              .inform();
      System.out.println("cached " + informer.getStore().list().size() + " ConfigMaps");
      System.out.println("B all " + BenchWork.nowMicros());
      // fabric8's threads are daemons: keep the JVM (and the informer's cache) alive until killed.
      try {
        new java.util.concurrent.CountDownLatch(1).await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      informer.close();
      return;
    }
    boolean seen = "1".equals(System.getenv("BENCH_SEEN"));
    ExecutorService workers = Executors.newFixedThreadPool(20);
    client
        .resources(Bench.class)
        .inNamespace(BenchWork.NAMESPACE)
        .inform(
            new ResourceEventHandler<Bench>() {
              @Override
              public void onAdd(Bench obj) {
                if (seen) {
                  BenchWork.seen(obj);
                }
                workers.execute(() -> BenchWork.reconcile(client, obj));
              }

              @Override
              public void onUpdate(Bench oldObj, Bench newObj) {
                workers.execute(() -> BenchWork.reconcile(client, newObj));
              }

              @Override
              public void onDelete(Bench obj, boolean deletedFinalStateUnknown) {}
            });
  }
}
