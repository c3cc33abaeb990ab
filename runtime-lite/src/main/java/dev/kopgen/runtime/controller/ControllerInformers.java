package dev.kopgen.runtime.controller;

import dev.kopgen.annotations.UpdateFilter;
import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.WatchSpec;
import dev.kopgen.runtime.health.OperatorMetrics;
import dev.kopgen.runtime.queue.ObjectKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watches and cached reads of one {@link Controller}: the informers of its primary type (one
 * per namespace of its scope, or one for all), of its owned types and of its {@code @Watch}ed
 * types, their event handlers (which turn events into object keys for the work queue), and the
 * caches reconciles read ({@link #cached(ObjectKey)} for the primary, {@link #owned} and {@link
 * #cached(Class, String, String)} for the rest). Informers may be shared through an {@link
 * InformerPool}; closing releases them.
 *
 * @param <R> the primary resource type
 */
final class ControllerInformers<R extends HasMetadata> {

  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

  private final String name;
  private final ControllerDefinition<R> definition;
  private final Scope scope;
  private final KubernetesClient informerClient;
  private final InformerPool pool;
  private final Consumer<ObjectKey> enqueue;
  private final OwnWrites<R> ownWrites;
  private final OperatorMetrics operatorMetrics;
  private final LongSupplier nanoClock;
  private final String primaryGroup;
  private final String primaryKind;
  private final boolean primaryNamespaced;
  private final UpdateFilter updateFilter;
  private final OwnedCaches ownedCaches;

  /** Primary informers by namespace; the key {@code null} stands for all namespaces. */
  private final Map<String, SharedIndexInformer<R>> primaryInformers = new LinkedHashMap<>();

  // Copy-on-write: /readyz reads it from the health server threads while open() fills it.
  private final List<SharedIndexInformer<? extends HasMetadata>> allInformers =
      new CopyOnWriteArrayList<>();
  private final Map<SharedIndexInformer<?>, String> informerNames = new ConcurrentHashMap<>();
  private final Map<SharedIndexInformer<?>, List<ResourceEventHandler<?>>> handlers =
      new ConcurrentHashMap<>();

  /**
   * The client of metadata-only informers ({@code @Watch} and {@code @Owns} with {@code
   * metadataOnly}); created with the first of them.
   */
  private KubernetesClient metadataClient;

  /**
   * @param enqueue where the handlers put the keys of the primaries to reconcile
   * @param ownWrites told about every primary the informer delivers
   */
  ControllerInformers(
      ControllerDefinition<R> definition,
      Scope scope,
      KubernetesClient informerClient,
      InformerPool pool,
      Consumer<ObjectKey> enqueue,
      OwnWrites<R> ownWrites,
      OperatorMetrics operatorMetrics,
      LongSupplier nanoClock) {
    this.name = definition.name();
    this.definition = definition;
    this.scope = scope;
    this.informerClient = informerClient;
    this.pool = pool;
    this.enqueue = enqueue;
    this.ownWrites = ownWrites;
    this.operatorMetrics = operatorMetrics;
    this.nanoClock = nanoClock;
    Class<R> type = definition.resourceType();
    this.primaryGroup = Controller.group(HasMetadata.getApiVersion(type));
    this.primaryKind = HasMetadata.getKind(type);
    this.primaryNamespaced = Namespaced.class.isAssignableFrom(type);
    this.updateFilter = definition.updateFilter();
    this.ownedCaches = new OwnedCaches(informerClient.getKubernetesSerialization());
  }

  /** Creates the informers (primary, owned, watched) with their handlers, without starting them. */
  synchronized void open() {
    Class<R> type = definition.resourceType();
    for (String ns : informerNamespaces(type)) {
      SharedIndexInformer<R> informer =
          informer(type, ns, scope.labelSelector(), new PrimaryHandler());
      primaryInformers.put(ns, informer);
    }
    for (Class<? extends HasMetadata> owned : definition.ownedTypes()) {
      for (String ns : informerNamespaces(owned)) {
        if (definition.ownedMetadataOnly(owned)) {
          // Still mapped to the owner by its owner references, which metadata carries.
          ownedCaches.registerMetadataOnly(
              owned,
              metadataInformer(owned, ns, definition.ownedLabelSelector(), new OwnedHandler()));
        } else {
          ownedCaches.register(
              owned, informer(owned, ns, definition.ownedLabelSelector(), new OwnedHandler()));
        }
      }
    }
    for (WatchSpec<?, R> watch : definition.watches()) {
      startWatch(watch);
    }
  }

  /** Starts every informer not started yet by another controller of the pool; does not wait. */
  void start() {
    for (SharedIndexInformer<? extends HasMetadata> informer : allInformers) {
      if (pool == null || pool.startOnce(informer)) {
        informer.start(); // not awaited: failures are retried by the exception handler
      }
    }
  }

  /** How many informers this controller reads. */
  int size() {
    return allInformers.size();
  }

  /** The informers that have not listed yet, described for the readiness endpoint. */
  List<String> notSynced() {
    List<String> missing = new ArrayList<>();
    for (SharedIndexInformer<? extends HasMetadata> informer : allInformers) {
      if (!informer.hasSynced()) {
        missing.add(
            "controller " + name + ": informer " + informerNames.get(informer) + " not synced");
      }
    }
    return missing;
  }

  /** The cached primary of {@code key}, or {@code null} if the cache has none. */
  R cached(ObjectKey key) {
    SharedIndexInformer<R> informer =
        primaryInformers.containsKey(null)
            ? primaryInformers.get(null)
            : primaryInformers.get(key.namespace());
    return informer == null ? null : informer.getStore().getByKey(key.cacheKey());
  }

  /** Copies of the cached objects of owned type {@code type} whose owner has {@code ownerUid}. */
  <T extends HasMetadata> List<T> owned(Class<T> type, String ownerUid) {
    return ownedCaches.owned(type, ownerUid);
  }

  /** A copy of the cached owned or watched object, if there is one. */
  <T extends HasMetadata> Optional<T> cached(Class<T> type, String namespace, String name) {
    return ownedCaches.get(type, namespace, name);
  }

  /** Objects in the owned and watched caches, by kind, for {@code kopgen_cached_objects}. */
  Map<String, Integer> sizes() {
    return ownedCaches.sizes();
  }

  /**
   * Stops the informers this controller alone reads (the pool keeps shared ones, without this
   * controller's handlers) and the metadata-only client.
   */
  void close() {
    for (SharedIndexInformer<? extends HasMetadata> informer : allInformers) {
      if (pool != null && !pool.release(informer)) {
        // Another controller still reads it: only stop hearing its events.
        removeHandlers(informer);
        continue;
      }
      try {
        informer.stop();
      } catch (RuntimeException e) {
        LOG.debug(
            "controller {}: stopping informer {} failed", name, informerNames.get(informer), e);
      }
    }
    KubernetesClient m;
    synchronized (this) {
      m = metadataClient;
    }
    if (m != null) {
      m.close();
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void removeHandlers(SharedIndexInformer<?> informer) {
    for (ResourceEventHandler<?> h : handlers.getOrDefault(informer, List.of())) {
      ((SharedIndexInformer) informer).removeEventHandler(h);
    }
  }

  /** {@code null} stands for all namespaces (and for cluster-scoped types). */
  private List<String> informerNamespaces(Class<? extends HasMetadata> type) {
    if (scope.allNamespaces() || !Namespaced.class.isAssignableFrom(type)) {
      return Collections.singletonList(null);
    }
    return scope.namespaces();
  }

  private <T extends HasMetadata> SharedIndexInformer<T> informer(
      Class<T> type,
      String namespace,
      String labelSelector,
      ResourceEventHandler<? super T> handler) {
    String description =
        HasMetadata.getKind(type)
            + (namespace == null ? "" : " in " + namespace)
            + (labelSelector.isEmpty() ? "" : " [" + labelSelector + "]");
    SharedIndexInformer<T> informer =
        pool == null
            ? newInformer(informerClient, type, namespace, labelSelector, description)
            : pool.acquire(
                type,
                namespace,
                labelSelector,
                () -> newInformer(informerClient, type, namespace, labelSelector, description));
    informer.addEventHandler(handler);
    handlers.computeIfAbsent(informer, k -> new CopyOnWriteArrayList<>()).add(handler);
    informerNames.put(informer, description);
    allInformers.add(informer);
    return informer;
  }

  private <T extends HasMetadata> SharedIndexInformer<T> newInformer(
      KubernetesClient client,
      Class<T> type,
      String namespace,
      String labelSelector,
      String description) {
    MixedOperation<T, KubernetesResourceList<T>, Resource<T>> op = client.resources(type);
    FilterWatchListDeletable<T, KubernetesResourceList<T>, Resource<T>> source =
        namespace == null ? op.inAnyNamespace() : op.inNamespace(namespace);
    if (!labelSelector.isEmpty()) {
      source = source.withLabelSelector(labelSelector);
    }
    // No resync: reconciles are driven by changes, requeue-after and backoff.
    SharedIndexInformer<T> informer = source.runnableInformer(0);
    informer.exceptionHandler(
        (isStarted, t) -> {
          // fabric8's default stops the informer on some errors (any error before the first
          // sync, watch errors other than 410). An operator must outlive API server restarts and
          // RBAC being fixed after the fact, so always retry, with fabric8's reconnect backoff.
          LOG.warn(
              "controller {}: informer {} failed ({}), retrying: {}",
              name,
              description,
              isStarted ? "after sync" : "before sync",
              t.toString());
          return true;
        });
    return informer;
  }

  /** Informers of one {@code @Watch}ed type: its own namespaces, else the controller's. */
  private <T extends HasMetadata> void startWatch(WatchSpec<T, R> watch) {
    List<String> namespaces =
        watch.namespaces().isEmpty() || !Namespaced.class.isAssignableFrom(watch.type())
            ? informerNamespaces(watch.type())
            : watch.namespaces();
    ResourceEventHandler<T> handler =
        Watches.handler(
            name, watch, Watches.primaries(primaryInformers), enqueue, operatorMetrics, nanoClock);
    if (watch.metadataOnly()) {
      for (String ns : namespaces) {
        ownedCaches.registerMetadataOnly(
            watch.type(), metadataInformer(watch.type(), ns, watch.labelSelector(), handler));
      }
      return;
    }
    for (String ns : namespaces) {
      // Served to Context.cached too: the reconcile reads what it watches without a request.
      ownedCaches.register(
          watch.type(), informer(watch.type(), ns, watch.labelSelector(), handler));
    }
  }

  /**
   * An informer of metadata-only objects ({@code @Watch} or {@code @Owns}), on the metadata-only
   * client, not pooled (it lives and dies with this controller's client, and is never shared with a
   * full informer of the same type).
   */
  private <T extends HasMetadata> SharedIndexInformer<T> metadataInformer(
      Class<T> type,
      String namespace,
      String labelSelector,
      ResourceEventHandler<? super T> handler) {
    synchronized (this) {
      if (metadataClient == null) {
        metadataClient = MetadataOnly.client(informerClient);
      }
    }
    String description =
        HasMetadata.getKind(type)
            + " metadata"
            + (namespace == null ? "" : " in " + namespace)
            + (labelSelector.isEmpty() ? "" : " [" + labelSelector + "]");
    SharedIndexInformer<T> informer =
        newInformer(metadataClient, type, namespace, labelSelector, description);
    ResourceEventHandler<T> typed = MetadataOnly.typedHandler(type, handler);
    informer.addEventHandler(typed);
    handlers.computeIfAbsent(informer, k -> new CopyOnWriteArrayList<>()).add(typed);
    informerNames.put(informer, description);
    allInformers.add(informer);
    return informer;
  }

  private final class PrimaryHandler implements ResourceEventHandler<R> {
    @Override
    public void onAdd(R obj) {
      ownWrites.observed(obj);
      enqueue.accept(ObjectKey.of(obj));
    }

    @Override
    public void onUpdate(R oldObj, R newObj) {
      ownWrites.observed(newObj);
      if (acceptUpdate(oldObj, newObj)) {
        enqueue.accept(ObjectKey.of(newObj));
      }
    }

    @Override
    public void onDelete(R obj, boolean deletedFinalStateUnknown) {
      // The worker finds it gone and only clears its bookkeeping.
      enqueue.accept(ObjectKey.of(obj));
    }
  }

  /** Asks the update filter; a filter that throws lets the event through (and is logged). */
  private boolean acceptUpdate(R oldObj, R newObj) {
    try {
      return updateFilter.accept(oldObj, newObj);
    } catch (RuntimeException e) {
      LOG.warn("controller {}: update filter threw, reconciling anyway", name, e);
      return true;
    }
  }

  /** Maps owned objects' events to their controlling owner of the primary type. */
  private final class OwnedHandler implements ResourceEventHandler<HasMetadata> {
    @Override
    public void onAdd(HasMetadata obj) {
      enqueueOwner(obj);
    }

    @Override
    public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
      enqueueOwner(oldObj); // the owner may have changed: both hear about it
      enqueueOwner(newObj);
    }

    @Override
    public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
      enqueueOwner(obj);
    }
  }

  private void enqueueOwner(HasMetadata child) {
    List<OwnerReference> refs = child.getMetadata().getOwnerReferences();
    if (refs == null) {
      return;
    }
    for (OwnerReference ref : refs) {
      // controller unset counts too: fabric8's addOwnerReference() writes it so, and ignoring
      // such children meant a deleted child was never recreated. Only an explicit false is not
      // ours.
      if (!Boolean.FALSE.equals(ref.getController())
          && primaryKind.equals(ref.getKind())
          && primaryGroup.equals(Controller.group(ref.getApiVersion()))
          && ref.getName() != null) {
        if (ref.getController() == null) {
          OwnerReferences.warnControllerUnset(name, child, ref);
        }
        // Owners live in their child's namespace (Kubernetes forbids cross-namespace owners);
        // a cluster-scoped owner has none.
        String ns = primaryNamespaced ? child.getMetadata().getNamespace() : "";
        enqueue.accept(new ObjectKey(ns, ref.getName()));
      }
    }
  }
}
