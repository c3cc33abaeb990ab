package dev.kopgen.runtime.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Informers shared by the controllers of one operator: one watch and one cache per type, namespace
 * and label selector, however many controllers own or watch that type. Each controller adds its own
 * event handler; the first to start an informer starts it, and the last to close stops it.
 */
public final class InformerPool {

  private record Key(Class<?> type, String namespace, String labelSelector) {}

  private static final class Entry {
    final SharedIndexInformer<?> informer;
    int users;
    boolean started;

    Entry(SharedIndexInformer<?> informer) {
      this.informer = informer;
    }
  }

  private final Map<Key, Entry> byKey = new HashMap<>();
  private final Map<SharedIndexInformer<?>, Entry> byInformer = new IdentityHashMap<>();

  /**
   * The informer of {@code type} in {@code namespace} ({@code null}: all) with {@code
   * labelSelector}: the pool's, or a new one from {@code create}.
   */
  @SuppressWarnings("unchecked")
  synchronized <T extends HasMetadata> SharedIndexInformer<T> acquire(
      Class<T> type,
      String namespace,
      String labelSelector,
      Supplier<SharedIndexInformer<T>> create) {
    Key key = new Key(type, namespace, labelSelector);
    Entry e = byKey.get(key);
    if (e == null) {
      e = new Entry(create.get());
      byKey.put(key, e);
      byInformer.put(e.informer, e);
    }
    e.users++;
    return (SharedIndexInformer<T>) e.informer;
  }

  /** Whether the caller is the first to start {@code informer} (and so must start it). */
  synchronized boolean startOnce(SharedIndexInformer<?> informer) {
    Entry e = byInformer.get(informer);
    if (e == null || e.started) {
      return e == null;
    }
    e.started = true;
    return true;
  }

  /** Gives {@code informer} back; whether it has no users left (and so must be stopped). */
  synchronized boolean release(SharedIndexInformer<?> informer) {
    Entry e = byInformer.get(informer);
    if (e == null) {
      return true;
    }
    if (--e.users > 0) {
      return false;
    }
    byInformer.remove(informer);
    byKey.values().remove(e);
    return true;
  }

  /** How many distinct informers the pool holds (for logs and tests). */
  public synchronized int size() {
    return byKey.size();
  }
}
