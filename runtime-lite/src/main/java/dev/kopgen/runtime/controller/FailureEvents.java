package dev.kopgen.runtime.controller;

import dev.kopgen.runtime.events.EventSink;
import dev.kopgen.runtime.queue.ObjectKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Best-effort {@code Warning ReconcileFailed} Events on objects whose reconcile (or cleanup)
 * failed, so {@code kubectl describe} shows why an object does not converge.
 *
 * <p>At most one Event per object per backoff step: after an Event for an object, the next one
 * waits at least the backoff delay of that failure, even if the error policy retries sooner. The
 * Events go through the controller's {@link EventSink}, like the reconciler's own: the same failure
 * again is counted on one Event, the sender never slows the loop down, and a fenced instance
 * records nothing.
 */
final class FailureEvents {

  static final String REASON = "ReconcileFailed";

  private final EventSink sink;
  private final LongSupplier nanoClock;
  private final Map<ObjectKey, Long> nextAllowed = new ConcurrentHashMap<>();

  FailureEvents(EventSink sink, LongSupplier nanoClock) {
    this.sink = sink;
    this.nanoClock = nanoClock;
  }

  /**
   * Records that reconciling {@code resource} failed with {@code error}.
   *
   * @param backoffStep the backoff delay of this failure: no other Event for the object before it
   *     has passed
   */
  void failed(
      ObjectKey key,
      HasMetadata resource,
      Class<? extends HasMetadata> type,
      Exception error,
      Duration backoffStep) {
    long now = nanoClock.getAsLong();
    Long allowedAt = nextAllowed.get(key);
    if (allowedAt != null && now - allowedAt < 0) {
      return;
    }
    nextAllowed.put(key, now + backoffStep.toNanos());
    sink.record(
        new ObjectReferenceBuilder()
            .withApiVersion(HasMetadata.getApiVersion(type))
            .withKind(HasMetadata.getKind(type))
            .withNamespace(key.isClusterScoped() ? null : key.namespace())
            .withName(key.name())
            .withUid(resource.getMetadata().getUid())
            .withResourceVersion(resource.getMetadata().getResourceVersion())
            .build(),
        "Warning",
        REASON,
        message(error));
  }

  /** Forgets {@code key}'s rate limit: after a success or once the object is gone. */
  void forget(ObjectKey key) {
    nextAllowed.remove(key);
  }

  private static String message(Exception error) {
    String m = error.getMessage();
    return m == null || m.isBlank() ? error.getClass().getName() : m;
  }

  /** Cuts {@code s} to at most {@code maxBytes} UTF-8 bytes, never inside a character. */
  static String truncate(String s, int maxBytes) {
    return EventSink.truncate(s, maxBytes);
  }
}
