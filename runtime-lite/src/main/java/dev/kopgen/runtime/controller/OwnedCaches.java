package dev.kopgen.runtime.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The informer caches of a controller's owned and watched types, as the reconciler reads them
 * through {@link dev.kopgen.runtime.Context#owned} and {@link dev.kopgen.runtime.Context#cached}:
 * each informer carries an index from owner UID to the objects that name it, so "the children of
 * this primary" is one map lookup, not a scan; every object handed out is a deep copy.
 */
final class OwnedCaches {

  /** The index of owned informers: the UIDs of the owners an object counts as a child of. */
  static final String OWNER_UID_INDEX = "kopgen/owner-uid";

  private final Map<Class<?>, List<SharedIndexInformer<HasMetadata>>> informers =
      new ConcurrentHashMap<>();
  private final KubernetesSerialization serialization;
  private final Set<SharedIndexInformer<?>> metadataOnly =
      Collections.newSetFromMap(Collections.synchronizedMap(new IdentityHashMap<>()));

  OwnedCaches(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  /**
   * The owner UIDs an object is indexed under: every owner reference that does not say {@code
   * controller: false}. A reference with {@code controller} unset (as fabric8's {@code
   * addOwnerReference()} writes it) counts, like the event mapping does.
   */
  static List<String> ownerUids(HasMetadata obj) {
    List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
    if (refs == null || refs.isEmpty()) {
      return List.of();
    }
    List<String> uids = new ArrayList<>(refs.size());
    for (OwnerReference ref : refs) {
      if (!Boolean.FALSE.equals(ref.getController()) && ref.getUid() != null) {
        uids.add(ref.getUid());
      }
    }
    return uids;
  }

  /** Indexes {@code informer} (before it starts) and serves reads of {@code type} from it. */
  @SuppressWarnings("unchecked")
  void register(Class<? extends HasMetadata> type, SharedIndexInformer<?> informer) {
    SharedIndexInformer<HasMetadata> i = (SharedIndexInformer<HasMetadata>) informer;
    if (!i.getIndexer().getIndexers().containsKey(OWNER_UID_INDEX)) { // shared: indexed once
      i.addIndexers(Map.of(OWNER_UID_INDEX, OwnedCaches::ownerUids));
    }
    informers.computeIfAbsent(type, k -> new CopyOnWriteArrayList<>()).add(i);
  }

  /**
   * As {@link #register}, for an informer that caches metadata only: reads of it hand out objects
   * of {@code type} with only their metadata (and {@code type}'s own kind).
   */
  void registerMetadataOnly(Class<? extends HasMetadata> type, SharedIndexInformer<?> informer) {
    register(type, informer);
    metadataOnly.add(informer);
  }

  /** Copies of the cached objects of {@code type} owned by the object with {@code ownerUid}. */
  <T extends HasMetadata> List<T> owned(Class<T> type, String ownerUid) {
    List<T> out = new ArrayList<>();
    if (ownerUid == null) {
      return out;
    }
    for (SharedIndexInformer<HasMetadata> informer : informersOf(type)) {
      for (HasMetadata obj : informer.getIndexer().byIndex(OWNER_UID_INDEX, ownerUid)) {
        out.add(copy(type, informer, obj));
      }
    }
    out.sort(
        Comparator.comparing((T o) -> String.valueOf(o.getMetadata().getNamespace()))
            .thenComparing(o -> o.getMetadata().getName()));
    return out;
  }

  /** A copy of the cached object of {@code type} named {@code name} in {@code namespace}. */
  <T extends HasMetadata> Optional<T> get(Class<T> type, String namespace, String name) {
    String key =
        namespace == null || namespace.isEmpty() ? name : Cache.namespaceKeyFunc(namespace, name);
    for (SharedIndexInformer<HasMetadata> informer : informersOf(type)) {
      HasMetadata obj = informer.getStore().getByKey(key);
      if (obj != null) {
        return Optional.of(copy(type, informer, obj));
      }
    }
    return Optional.empty();
  }

  /**
   * How many objects the caches hold, by kind (every informer of a kind summed, shared ones
   * included), sorted by kind: for {@code kopgen_cached_objects}.
   */
  Map<String, Integer> sizes() {
    Map<String, Integer> out = new TreeMap<>();
    informers.forEach(
        (type, list) -> {
          int n = 0;
          for (SharedIndexInformer<HasMetadata> informer : list) {
            n += informer.getStore().list().size();
          }
          out.merge(HasMetadata.getKind(type.asSubclass(HasMetadata.class)), n, Integer::sum);
        });
    return out;
  }

  private <T extends HasMetadata> T copy(
      Class<T> type, SharedIndexInformer<?> informer, HasMetadata obj) {
    T copy = type.cast(serialization.clone(obj));
    return metadataOnly.contains(informer) ? MetadataOnly.typed(type, copy) : copy;
  }

  private List<SharedIndexInformer<HasMetadata>> informersOf(Class<?> type) {
    List<SharedIndexInformer<HasMetadata>> list = informers.get(type);
    if (list == null) {
      throw new IllegalArgumentException(
          type.getSimpleName()
              + " is neither owned nor watched by this controller: add it to @Controller(owns),"
              + " an @Owns or a @Watch to read it from a cache, or read it through"
              + " context.client()");
    }
    return list;
  }
}
