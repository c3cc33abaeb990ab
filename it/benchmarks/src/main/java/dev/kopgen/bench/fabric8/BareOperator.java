package dev.kopgen.bench.fabric8;

import dev.kopgen.bench.Bench;
import dev.kopgen.bench.BenchWork;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The floor for startup and memory: a bare fabric8 informer on the same resource and namespace
 * handing every add and update to 20 threads running the same work. No leader election, no
 * deduplication, no owned-object informer, no shutdown handling: what an operator costs before any
 * framework.
 */
public final class BareOperator {

  private BareOperator() {}

  /** Entry point. */
  public static void main(String[] args) {
    KubernetesClient client = new KubernetesClientBuilder().build();
    ExecutorService workers = Executors.newFixedThreadPool(20);
    client
        .resources(Bench.class)
        .inNamespace(BenchWork.NAMESPACE)
        .inform(
            new ResourceEventHandler<Bench>() {
              @Override
              public void onAdd(Bench obj) {
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
