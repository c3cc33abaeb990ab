package dev.kopgen.runtime.controller;

import dev.kopgen.runtime.queue.ObjectKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Read-your-own-writes for the primary: the object the API server returned for this controller's
 * last status write, kept until the informer's cache has caught up with it. A reconcile that starts
 * in between (an owned object's event right after the write) then sees its own status instead of
 * the cache's older copy, so, for example, a condition's {@code lastTransitionTime} computed from
 * the previous status is not renewed by mistake.
 *
 * <p>Watch events arrive in order, so once the informer delivers the written resourceVersion (or
 * any later one, which means it passed the written one), the cache is at least as new. An entry is
 * dropped after {@link #MAX_AGE} in any case: after a relist the written version's event may never
 * come.
 *
 * @param <R> the primary type
 */
final class OwnWrites<R extends HasMetadata> {

  static final Duration MAX_AGE = Duration.ofSeconds(10);

  private record Written<T>(T object, String resourceVersion, long atNanos) {}

  private final Map<ObjectKey, Written<R>> written = new ConcurrentHashMap<>();
  private final LongSupplier nanoClock;

  OwnWrites(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** Remembers {@code object} as returned by a write of this controller. */
  void wrote(ObjectKey key, R object) {
    if (object != null && object.getMetadata().getResourceVersion() != null) {
      written.put(
          key,
          new Written<>(object, object.getMetadata().getResourceVersion(), nanoClock.getAsLong()));
    }
  }

  /** The informer delivered {@code object}: the cache now holds this version or a later one. */
  void observed(R object) {
    ObjectKey key = ObjectKey.of(object);
    Written<R> w = written.get(key);
    if (w != null
        && Objects.equals(w.resourceVersion(), object.getMetadata().getResourceVersion())) {
      written.remove(key, w);
    }
  }

  /** The freshest known state of {@code key}: the own write if the cache has not caught up. */
  R freshest(ObjectKey key, R cached) {
    Written<R> w = written.get(key);
    if (w == null) {
      return cached;
    }
    if (cached == null
        || nanoClock.getAsLong() - w.atNanos() > MAX_AGE.toNanos()
        || Objects.equals(cached.getMetadata().getResourceVersion(), w.resourceVersion())) {
      written.remove(key, w);
      return cached;
    }
    return w.object();
  }

  void forget(ObjectKey key) {
    written.remove(key);
  }
}
