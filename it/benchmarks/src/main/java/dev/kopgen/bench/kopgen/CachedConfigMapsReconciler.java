package dev.kopgen.bench.kopgen;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.annotations.Shard;
import dev.kopgen.annotations.Sharded;
import dev.kopgen.annotations.Watch;
import dev.kopgen.bench.Bench;
import dev.kopgen.bench.BenchWork;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import dev.kopgen.runtime.WatchMapper;
import dev.kopgen.runtime.queue.ObjectKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Collection;
import java.util.List;

/**
 * The kopgen operator of the metadata-only memory row (benchmark 2): it caches the ConfigMaps
 * labelled {@code bench.kopgen.dev/cache=cached} through {@code @Watch(metadataOnly = true)}; its
 * one primary (the only Bench in the namespace while the row runs) is reconciled once its informers
 * have synced, which tells the harness the cache is full.
 *
 * <p>It is a shard ({@code @Sharded}) only so that the module's one generated entry point runs it
 * apart from {@link BenchReconciler}: without {@code KOPGEN_SHARD} the benchmarked operator runs
 * only the unsharded {@link BenchReconciler}, as before; with {@code
 * KOPGEN_SHARD=cached-config-maps/bench} (what this shard's generated Deployment sets) it runs only
 * this controller.
 */
@Controller(name = CachedConfigMapsReconciler.NAME, resource = Bench.class)
@LeaderElection(leaseDuration = "4s", renewDeadline = "3s", retryPeriod = "500ms")
@Sharded(@Shard(name = CachedConfigMapsReconciler.SHARD, namespaces = BenchWork.NAMESPACE))
@Watch(
    value = ConfigMap.class,
    mapper = CachedConfigMapsReconciler.NoPrimaries.class,
    labelSelector = BenchWork.CACHE_LABEL + "=cached",
    metadataOnly = true)
public class CachedConfigMapsReconciler implements Reconciler<Bench> {

  /** The controller's name. */
  public static final String NAME = "cached-config-maps";

  /** Its one shard. */
  public static final String SHARD = "bench";

  @Override
  public Result reconcile(Bench bench, Context context) {
    BenchWork.reconcile(context.client(), bench);
    return Result.done();
  }

  /** The cached ConfigMaps trigger nothing: only their memory is measured. */
  public static final class NoPrimaries implements WatchMapper<ConfigMap, Bench> {

    @Override
    public Collection<ObjectKey> map(ConfigMap changed, Primaries<Bench> primaries) {
      return List.of();
    }
  }
}
