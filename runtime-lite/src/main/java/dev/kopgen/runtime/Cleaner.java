package dev.kopgen.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Cleanup on delete, for reconcilers that manage what Kubernetes' garbage collection does not
 * remove: external systems, objects in other namespaces, cluster-scoped children of a namespaced
 * primary. A reconciler that also implements {@code Cleaner<R>} gets a finalizer managed by kopgen:
 *
 * <ol>
 *   <li>before the first {@link Reconciler#reconcile reconcile} of an object, kopgen adds the
 *       finalizer {@code <group>/<controller>} (see {@link
 *       dev.kopgen.rules.LifecycleRules#finalizerName}) to it, so no reconcile writes anything for
 *       an object that could then vanish without cleanup;
 *   <li>once the object is being deleted ({@code metadata.deletionTimestamp} set), kopgen calls
 *       {@link #cleanup} instead of {@code reconcile}, and removes the finalizer only after cleanup
 *       returned {@link Result#done()};
 *   <li>a cleanup that throws is retried with the controller's backoff (and recorded as a {@code
 *       ReconcileFailed} Event, as failed reconciles are); one that returns a requeue is called
 *       again then. The finalizer stays until a cleanup succeeds.
 * </ol>
 *
 * <p>The processor sees {@code implements Cleaner} and derives {@code patch} and {@code update} on
 * the primary into the generated RBAC. Writes are fenced like every write through {@link
 * Context#client()}; a leader that loses its Lease mid-cleanup writes nothing more, and the next
 * leader finds the finalizer still there and runs the cleanup again. So cleanup must be idempotent:
 * it may run more than once for one deletion, and should treat "already gone" as success.
 *
 * <p>An object being deleted that does not carry the finalizer (it was never reconciled, or was
 * created before the reconciler implemented {@code Cleaner}) is left alone: no cleanup, no
 * reconcile.
 *
 * @param <R> the primary resource type, the same as the reconciler's
 */
public interface Cleaner<R extends HasMetadata> {

  /**
   * Releases what reconciles of {@code resource} created outside Kubernetes' garbage collection.
   *
   * @return {@link Result#done()} once everything is gone (the finalizer is then removed), or a
   *     requeue to be called again (the finalizer stays); throwing retries with backoff
   */
  Result cleanup(R resource, Context context) throws Exception;
}
