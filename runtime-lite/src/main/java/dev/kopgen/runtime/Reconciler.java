package dev.kopgen.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The function an operator author writes. kopgen calls it with the latest cached state of one
 * object whenever that object, or something it owns, changed, or when a requeue is due.
 *
 * <p>A reconcile must be idempotent: it may run again for a state it has already handled (after a
 * restart, a relist or a leader change) and must converge to the same result. For one object kopgen
 * never runs two reconciles at once.
 *
 * @param <R> the primary resource type named by {@code @Controller(resource = ...)}
 */
public interface Reconciler<R extends HasMetadata> {

  /**
   * Brings the world in line with {@code resource}'s desired state.
   *
   * @param resource a deep copy of the latest cached state of the object, made for this run: change
   *     it freely, the informer's cache is never touched by it
   * @param context the client to use (fenced: refuses writes once leadership is lost), the
   *     controller's name and cancellation
   * @return {@link Result#done()} or a requeue; throwing an exception hands over to {@link
   *     #onError}
   */
  Result reconcile(R resource, Context context) throws Exception;

  /**
   * The error policy: decides what happens after {@link #reconcile} threw. The default retries with
   * per-object exponential backoff (reset by the next success).
   */
  default Result onError(R resource, Exception error, Context context) {
    return Result.retryWithBackoff();
  }
}
