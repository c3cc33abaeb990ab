package dev.kopgen.runtime.controller;

import dev.kopgen.runtime.WatchMapper;
import dev.kopgen.runtime.WatchSpec;
import dev.kopgen.runtime.health.OperatorMetrics;
import dev.kopgen.runtime.queue.ObjectKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event side of {@code @Watch}: a handler per watched type that hands each changed object to
 * its mapper and queues the primaries it names. Mappers run on the informer's thread, so a slow one
 * delays every later event of that informer: each call is timed, and one slower than {@link
 * #SLOW_MAPPER_NANOS} is counted ({@code kopgen_watch_mapper_slow_total}) and logged. A mapper that
 * throws loses that one event (logged), never the informer.
 */
final class Watches {

  private static final Logger LOG = LoggerFactory.getLogger(Watches.class);

  /** Above this a mapper call counts as slow: 10 ms. */
  static final long SLOW_MAPPER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private Watches() {}

  /** Primaries from the primary informers: by the namespace index, or one namespace's store. */
  static <R extends HasMetadata> WatchMapper.Primaries<R> primaries(
      Map<String, SharedIndexInformer<R>> primaryInformers) {
    return namespace -> {
      SharedIndexInformer<R> all = primaryInformers.get(null);
      if (all != null) {
        return namespace == null
            ? all.getStore().list()
            : all.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
      }
      if (namespace == null) {
        List<R> every = new ArrayList<>();
        primaryInformers.values().forEach(i -> every.addAll(i.getStore().list()));
        return every;
      }
      SharedIndexInformer<R> one = primaryInformers.get(namespace);
      return one == null ? List.of() : one.getStore().list();
    };
  }

  /** The handler of one watched type's informer. */
  static <T extends HasMetadata, R extends HasMetadata> ResourceEventHandler<T> handler(
      String controller,
      WatchSpec<T, R> spec,
      WatchMapper.Primaries<R> primaries,
      Consumer<ObjectKey> enqueue,
      OperatorMetrics metrics,
      LongSupplier nanoClock) {
    WatchMapper<T, R> mapper = spec.mapper().get();
    String kind = HasMetadata.getKind(spec.type());
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        map(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        map(oldObj); // a reference may have moved away from the old state: both hear about it
        map(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        map(obj);
      }

      private void map(T obj) {
        long start = nanoClock.getAsLong();
        Collection<ObjectKey> keys;
        try {
          keys = mapper.map(obj, primaries);
        } catch (RuntimeException e) {
          LOG.warn(
              "controller {}: the {} mapper of {} threw for {}/{}; that event reconciles nothing",
              controller,
              mapper.getClass().getSimpleName(),
              kind,
              obj.getMetadata().getNamespace(),
              obj.getMetadata().getName(),
              e);
          return;
        }
        long took = nanoClock.getAsLong() - start;
        if (took > SLOW_MAPPER_NANOS) {
          metrics.slowMapper(controller, kind);
          LOG.warn(
              "controller {}: the {} mapper of {} took {} ms on the informer thread (over {} ms),"
                  + " delaying every later {} event; keep mappers to cache lookups",
              controller,
              mapper.getClass().getSimpleName(),
              kind,
              TimeUnit.NANOSECONDS.toMillis(took),
              TimeUnit.NANOSECONDS.toMillis(SLOW_MAPPER_NANOS),
              kind);
        }
        if (keys != null) {
          keys.forEach(enqueue);
        }
      }
    };
  }
}
