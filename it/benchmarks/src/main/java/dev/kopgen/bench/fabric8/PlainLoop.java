package dev.kopgen.bench.fabric8;

import dev.kopgen.bench.Bench;
import dev.kopgen.bench.BenchWork;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The throughput ceiling: list every object once, then run the same work for each on 20 threads,
 * with no informer, queue or framework in between. Exits when done.
 */
public final class PlainLoop {

  private PlainLoop() {}

  /** Entry point. */
  public static void main(String[] args) throws InterruptedException {
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      List<Bench> all =
          client.resources(Bench.class).inNamespace(BenchWork.NAMESPACE).list().getItems();
      ExecutorService workers = Executors.newFixedThreadPool(20);
      for (Bench b : all) {
        workers.execute(() -> BenchWork.reconcile(client, b));
      }
      workers.shutdown();
      workers.awaitTermination(1, TimeUnit.HOURS);
    }
  }
}
