package dev.kopgen.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/** What a reconcile gets besides the object. */
public interface Context {

  /**
   * The client to talk to the API server with. Once this instance has lost (or failed to
   * renew) its Lease, every mutating request through it fails with {@link FencedException}
   * before it leaves the process.
   */
  KubernetesClient client();

  /** The controller's name, as in logs and metrics. */
  String controllerName();

  /**
   * Whether this reconcile should stop early: leadership was lost or the reconcile timeout
   * passed. Long reconciles should check it between steps; the thread is also interrupted.
   */
  boolean isCancelled();

  /** How many times in a row this object's reconcile has failed before this run (0 if none). */
  int retryCount();

  /**
   * The objects of {@code type} this primary controls (a controller owner reference to it),
   * read from the informer cache of that owned type through an index on owner UIDs: no request
   * to the API server. Each is a deep copy, sorted by namespace and name.
   *
   * <p>Consistency: the cache is what the watch has delivered so far. A write this reconcile
   * made (or one made just before) may not be in it yet; it arrives as an event, which
   * reconciles this primary again, so a reconcile that does not find a child it just created
   * should not create it twice but trust the next run (or GET it through {@link #client()} when
   * it must know now). Server-side apply makes "create if missing" idempotent anyway.
   *
   * @throws IllegalArgumentException if {@code type} is not among {@code @Controller(owns)}
   */
  default <T extends HasMetadata> List<T> owned(Class<T> type) {
    throw new UnsupportedOperationException("this Context has no caches");
  }

  /**
   * One object of an owned or {@code @Watch}ed type by name, in the primary's namespace (for a
   * namespaced type), from the informer cache; empty if the cache does not hold it (also when
   * it lies outside the watch's namespaces or label selector). A deep copy. The same
   * consistency as {@link #owned}: a just-written object may not be there yet.
   *
   * @throws IllegalArgumentException if {@code type} is neither owned nor watched
   */
  default <T extends HasMetadata> Optional<T> cached(Class<T> type, String name) {
    throw new UnsupportedOperationException("this Context has no caches");
  }
}
