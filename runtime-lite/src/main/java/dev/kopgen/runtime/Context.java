package dev.kopgen.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/** What a reconcile gets besides the object. */
public interface Context {

  /**
   * The client to talk to the API server with. Once this instance has lost (or failed to renew) its
   * Lease, every mutating request through it fails with {@link FencedException} before it leaves
   * the process.
   */
  KubernetesClient client();

  /** The controller's name, as in logs and metrics. */
  String controllerName();

  /**
   * Whether this reconcile should stop early: leadership was lost or the reconcile timeout passed.
   * Long reconciles should check it between steps; the thread is also interrupted.
   */
  boolean isCancelled();

  /** How many times in a row this object's reconcile has failed before this run (0 if none). */
  int retryCount();

  /**
   * Creates or updates {@code child} by server-side apply (forced, with the controller's name as
   * field manager), with a controller owner reference ({@code controller: true}) to the primary
   * being reconciled, so its events reconcile the primary and garbage collection deletes it with
   * the primary. A namespaced child without a namespace goes into the primary's. Apply the whole
   * desired child each time: fields this controller applied before and leaves out are removed.
   *
   * @return the child as the API server stored it
   * @throws IllegalArgumentException if {@code child} is in another namespace than the primary, or
   *     cluster-scoped under a namespaced primary (owner references cannot point there)
   */
  default <C extends HasMetadata> C applyOwned(C child) {
    throw new UnsupportedOperationException("applyOwned is not available in this context");
  }

  /**
   * Writes the primary's status by server-side apply on {@code /status} (forced, controller's field
   * manager), unless it equals the cached status. {@code observedGeneration} is set to the
   * primary's generation when the status type has such a property. A field left {@code null} is
   * removed if this controller set it before (a merge patch cannot do that).
   *
   * @param status the complete status this controller owns, e.g. {@code new WebApp.Status()}
   * @return whether it was written
   */
  default boolean applyStatus(Object status) {
    throw new UnsupportedOperationException("applyStatus is not available in this context");
  }

  /**
   * Records Kubernetes Events on the primary (or any object): aggregated, rate limited, sent in the
   * background through the fenced client. See {@link EventRecorder}.
   */
  default EventRecorder events() {
    throw new UnsupportedOperationException("events are not available in this context");
  }

  /**
   * The objects of {@code type} this primary controls (a controller owner reference to it), read
   * from the informer cache of that owned type through an index on owner UIDs: no request to the
   * API server. Each is a deep copy, sorted by namespace and name.
   *
   * <p>Consistency: the cache is what the watch has delivered so far. A write this reconcile made
   * (or one made just before) may not be in it yet; it arrives as an event, which reconciles this
   * primary again, so a reconcile that does not find a child it just created should not create it
   * twice but trust the next run (or GET it through {@link #client()} when it must know now).
   * Server-side apply makes "create if missing" idempotent anyway.
   *
   * <p>Metadata-only types ({@code @Owns(value = X.class, metadataOnly = true)}, or a
   * {@code @Watch} with {@code metadataOnly} through {@link #cached}): the objects are of type
   * {@code T} with only {@code metadata} set (names, labels, annotations, owner references,
   * resourceVersion); {@code data}, {@code spec}, {@code status} are empty or unset, since the
   * cache never held them. Read the content through {@link #client()} when needed.
   *
   * @throws IllegalArgumentException if {@code type} is not owned ({@code @Controller(owns)} or
   *     {@code @Owns})
   */
  default <T extends HasMetadata> List<T> owned(Class<T> type) {
    throw new UnsupportedOperationException("this Context has no caches");
  }

  /**
   * One object of an owned or {@code @Watch}ed type by name, in the primary's namespace (for a
   * namespaced type), from the informer cache; empty if the cache does not hold it (also when it
   * lies outside the watch's namespaces or label selector). A deep copy. The same consistency as
   * {@link #owned}: a just-written object may not be there yet.
   *
   * @throws IllegalArgumentException if {@code type} is neither owned nor watched
   */
  default <T extends HasMetadata> Optional<T> cached(Class<T> type, String name) {
    throw new UnsupportedOperationException("this Context has no caches");
  }
}
