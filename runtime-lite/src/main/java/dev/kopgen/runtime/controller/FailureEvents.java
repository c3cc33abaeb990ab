package dev.kopgen.runtime.controller;

import dev.kopgen.runtime.queue.ObjectKey;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Best-effort {@code Warning ReconcileFailed} Events on objects whose reconcile failed, so {@code
 * kubectl describe} shows why an object does not converge.
 *
 * <p>Never slows the loop down: Events are sent by one background thread from a small bounded
 * queue, and dropped (with a debug log) when the API server is slower than the failures. At most
 * one Event per object per backoff step: after an Event for an object, the next one waits at least
 * the backoff delay of that failure, even if the error policy retries sooner.
 */
final class FailureEvents implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FailureEvents.class);

  /** Kubernetes accepts longer messages, but an Event is a hint, not a log. */
  static final int MAX_MESSAGE_BYTES = 1024;

  static final String REASON = "ReconcileFailed";

  private final KubernetesClient client;
  private final String component;
  private final LongSupplier nanoClock;
  private final Map<ObjectKey, Long> nextAllowed = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor sender;
  private final AtomicLong sequence = new AtomicLong();

  FailureEvents(KubernetesClient client, String component, LongSupplier nanoClock) {
    this.client = client;
    this.component = component;
    this.nanoClock = nanoClock;
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(64),
            r -> {
              Thread t = new Thread(r, "kopgen-" + component + "-events");
              t.setDaemon(true);
              return t;
            },
            (r, ex) -> LOG.debug("dropping a ReconcileFailed Event: the sender is behind"));
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
    Event event = build(key, resource, type, error);
    sender.execute(
        () -> {
          try {
            client
                .v1()
                .events()
                .inNamespace(event.getMetadata().getNamespace())
                .resource(event)
                .create();
          } catch (RuntimeException e) {
            // Best effort: no RBAC for events, fenced after leadership loss, API server busy.
            LOG.debug("could not record a ReconcileFailed Event for {}: {}", key, e.toString());
          }
        });
  }

  /** Forgets {@code key}'s rate limit: after a success or once the object is gone. */
  void forget(ObjectKey key) {
    nextAllowed.remove(key);
  }

  private Event build(
      ObjectKey key, HasMetadata resource, Class<? extends HasMetadata> t, Exception error) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    // Events must live in a namespace; those about cluster-scoped objects go to default.
    String namespace = key.isClusterScoped() ? "default" : key.namespace();
    // client-go names Events <object>.<unique hex>; keep the name within 253 characters.
    String suffix =
        "."
            + Long.toHexString(System.currentTimeMillis())
            + Long.toHexString(sequence.incrementAndGet());
    String prefix =
        key.name().length() + suffix.length() > 253
            ? key.name().substring(0, 253 - suffix.length())
            : key.name();
    return new EventBuilder()
        .withNewMetadata()
        .withName(prefix + suffix)
        .withNamespace(namespace)
        .endMetadata()
        .withInvolvedObject(
            new ObjectReferenceBuilder()
                .withApiVersion(HasMetadata.getApiVersion(t))
                .withKind(HasMetadata.getKind(t))
                .withNamespace(key.isClusterScoped() ? null : key.namespace())
                .withName(key.name())
                .withUid(resource.getMetadata().getUid())
                .withResourceVersion(resource.getMetadata().getResourceVersion())
                .build())
        .withType("Warning")
        .withReason(REASON)
        .withMessage(truncate(message(error), MAX_MESSAGE_BYTES))
        .withNewSource()
        .withComponent(component)
        .endSource()
        .withFirstTimestamp(now.toString())
        .withLastTimestamp(now.toString())
        .withCount(1)
        .build();
  }

  private static String message(Exception error) {
    String m = error.getMessage();
    return m == null || m.isBlank() ? error.getClass().getName() : m;
  }

  /** Cuts {@code s} to at most {@code maxBytes} UTF-8 bytes, never inside a character. */
  static String truncate(String s, int maxBytes) {
    if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return s;
    }
    String ellipsis = "...";
    int budget = maxBytes - ellipsis.length();
    int bytes = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + len > budget) {
        break;
      }
      bytes += len;
      i += Character.charCount(cp);
    }
    return s.substring(0, i) + ellipsis;
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
