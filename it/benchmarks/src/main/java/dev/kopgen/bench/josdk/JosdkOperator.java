package dev.kopgen.bench.josdk;

import dev.kopgen.bench.Bench;
import dev.kopgen.bench.BenchWork;
import dev.kopgen.rules.PodContract;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.time.Duration;
import java.util.List;

/**
 * The same operator on Java Operator SDK, configured to match the kopgen one: one namespace, the
 * owned ConfigMaps watched through an informer event source, 20 reconcile threads, the same Lease
 * timing, and the shutdown hook JOSDK offers (30 s, kopgen's drain budget) — which JOSDK (5.3.2, as
 * 5.2.3) declines to install when leader election is on, as its log says; the benchmarks report
 * what that means on SIGTERM.
 */
public final class JosdkOperator {

  private JosdkOperator() {}

  /** The reconciler: the shared work, then no further update (the work wrote the status). */
  @ControllerConfiguration(
      name = "bench-josdk",
      informer = @Informer(namespaces = BenchWork.NAMESPACE))
  public static final class BenchJosdkReconciler implements Reconciler<Bench> {

    @Override
    public UpdateControl<Bench> reconcile(Bench bench, Context<Bench> context) {
      BenchWork.reconcile(context.getClient(), bench);
      return UpdateControl.noUpdate();
    }

    @Override
    public List<EventSource<?, Bench>> prepareEventSources(EventSourceContext<Bench> context) {
      return List.of(
          new InformerEventSource<>(
              InformerEventSourceConfiguration.from(ConfigMap.class, Bench.class)
                  .withNamespaces(java.util.Set.of(BenchWork.NAMESPACE))
                  .build(),
              context));
    }
  }

  /**
   * The JOSDK counterpart of the metadata-only memory row (benchmark 2): JOSDK 5.3 has no
   * metadata-only informer (its jar has no reference to {@code PartialObjectMetadata}), but its
   * informer configuration takes an {@code ItemStore}, and its {@link TransformingItemStore}
   * changes each object before it is cached: here into a ConfigMap with its metadata alone (less
   * {@code managedFields}, which kopgen's metadata-only caches do not keep either). The list and
   * watch still bring whole objects; only what stays cached is reduced. The one primary is
   * reconciled once the informers have synced, which tells the harness the cache is full.
   */
  @ControllerConfiguration(
      name = "bench-josdk-cache",
      informer = @Informer(namespaces = BenchWork.NAMESPACE))
  public static final class CachedConfigMapsJosdkReconciler implements Reconciler<Bench> {

    @Override
    public UpdateControl<Bench> reconcile(Bench bench, Context<Bench> context) {
      BenchWork.reconcile(context.getClient(), bench);
      return UpdateControl.noUpdate();
    }

    @Override
    public List<EventSource<?, Bench>> prepareEventSources(EventSourceContext<Bench> context) {
      return List.of(
          new InformerEventSource<>(
              InformerEventSourceConfiguration.from(ConfigMap.class, Bench.class)
                  .withNamespaces(java.util.Set.of(BenchWork.NAMESPACE))
                  .withLabelSelector(BenchWork.CACHE_LABEL + "=cached")
                  .withItemStore(new TransformingItemStore<>(JosdkOperator::metadataOnly))
                  .build(),
              context));
    }
  }

  private static ConfigMap metadataOnly(ConfigMap full) {
    ConfigMap kept = new ConfigMap();
    // Without managedFields, as kopgen's metadata-only caches keep it: the same content on both
    // sides of the row.
    kept.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(full.getMetadata())
            .withManagedFields()
            .build());
    return kept;
  }

  /**
   * Entry point; reads {@code POD_NAME} (Lease identity) and {@code POD_NAMESPACE}, and {@code
   * BENCH_CACHE=configmaps} to run {@link CachedConfigMapsJosdkReconciler} instead.
   */
  public static void main(String[] args) {
    // Compile-time constants, inlined: this JVM's classpath has no kopgen class.
    String identity = System.getenv(PodContract.POD_NAME_ENV);
    String namespace = System.getenv(PodContract.POD_NAMESPACE_ENV);
    Operator operator =
        new Operator(
            o ->
                o.withConcurrentReconciliationThreads(20)
                    .withLeaderElectionConfiguration(
                        new LeaderElectionConfiguration(
                            "bench-josdk",
                            namespace,
                            Duration.ofSeconds(4),
                            Duration.ofSeconds(3),
                            Duration.ofMillis(500),
                            identity,
                            null,
                            true)));
    if ("configmaps".equals(System.getenv("BENCH_CACHE"))) {
      operator.register(new CachedConfigMapsJosdkReconciler());
    } else {
      operator.register(new BenchJosdkReconciler());
    }
    operator.installShutdownHook(Duration.ofSeconds(30));
    operator.start();
  }
}
