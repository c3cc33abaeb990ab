package dev.kopgen.runtime.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller's Event writer, as client-go's event correlator and broadcaster: repeats are
 * aggregated into one Event ({@code count}, {@code lastTimestamp}), each involved object is rate
 * limited by a token bucket, and one background thread sends from a small bounded queue, so
 * recording never blocks a reconcile. Sends go through the client given, which under leader
 * election is the fenced one.
 */
public final class EventSink implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventSink.class);

  /** Kubernetes accepts longer messages, but an Event is a hint, not a log. */
  public static final int MAX_MESSAGE_BYTES = 1024;

  /** Repeats within this window bump the same Event (client-go: 10 minutes). */
  public static final Duration AGGREGATION_WINDOW = Duration.ofMinutes(10);

  /** New Events an object may get at once. */
  public static final int BURST = 10;

  /** After the burst, one new Event per object per this interval. */
  public static final Duration REFILL = Duration.ofSeconds(10);

  /** How many aggregation entries and buckets are remembered (least recently used go first). */
  static final int MAX_TRACKED = 4096;

  private final KubernetesClient client;
  private final String component;
  private final LongSupplier nanoClock;
  private final Clock wallClock;
  private final ThreadPoolExecutor sender;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  // Guarded by this.
  private final Map<Key, Aggregate> aggregates = lru();
  private final Map<String, Bucket> buckets = lru();

  public EventSink(KubernetesClient client, String component) {
    this(client, component, System::nanoTime, Clock.systemUTC());
  }

  EventSink(KubernetesClient client, String component, LongSupplier nanoClock, Clock wallClock) {
    this.client = client;
    this.component = component;
    this.nanoClock = nanoClock;
    this.wallClock = wallClock;
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(256),
            r -> {
              Thread t = new Thread(r, "kopgen-" + component + "-events");
              t.setDaemon(true);
              return t;
            },
            (r, ex) -> LOG.debug("dropping an Event: the sender is behind"));
  }

  /** What an Event is about, and in which namespace it lives. */
  private record Key(
      String namespace,
      String kind,
      String name,
      String uid,
      String type,
      String reason,
      String message) {}

  /** The Event a key was last written as. */
  private static final class Aggregate {
    String eventName;
    int count;
    long lastNanos;
    boolean created;
  }

  /** A token bucket per involved object. */
  private static final class Bucket {
    double tokens = BURST;
    long lastNanos;
  }

  /**
   * Records an Event about {@code involved}.
   *
   * @return whether it was queued (false when rate limited or the queue is full)
   */
  public boolean record(ObjectReference involved, String type, String reason, String message) {
    Objects.requireNonNull(involved, "involved");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reason, "reason");
    String text = truncate(message == null ? "" : message, MAX_MESSAGE_BYTES);
    // Events must live in a namespace; those about cluster-scoped objects go to default.
    String namespace = involved.getNamespace() == null ? "default" : involved.getNamespace();
    Key key =
        new Key(
            namespace,
            involved.getKind(),
            involved.getName(),
            involved.getUid(),
            type,
            reason,
            text);
    long now = nanoClock.getAsLong();
    Aggregate aggregate;
    boolean repeat;
    synchronized (this) {
      aggregate = aggregates.get(key);
      repeat = aggregate != null && now - aggregate.lastNanos < AGGREGATION_WINDOW.toNanos();
      if (!repeat) {
        if (!take(namespace + "/" + involved.getKind() + "/" + involved.getName(), now)) {
          LOG.debug("rate limited: Event {} on {}/{}", reason, namespace, involved.getName());
          return false;
        }
        aggregate = new Aggregate();
        aggregate.eventName = eventName(involved.getName());
        aggregates.put(key, aggregate);
      }
      aggregate.count++;
      aggregate.lastNanos = now;
    }
    Aggregate a = aggregate;
    int count = a.count;
    Instant at = wallClock.instant().truncatedTo(ChronoUnit.SECONDS);
    try {
      sender.execute(() -> send(namespace, a, count, at, involved, type, reason, text));
      return true;
    } catch (RuntimeException e) {
      return false; // shut down
    }
  }

  private void send(
      String namespace,
      Aggregate a,
      int count,
      Instant at,
      ObjectReference involved,
      String type,
      String reason,
      String message) {
    try {
      boolean created;
      synchronized (this) {
        created = a.created;
      }
      if (created) {
        try {
          // With the item given, fabric8 patches without a GET first (RBAC: no get on events).
          client
              .v1()
              .events()
              .inNamespace(namespace)
              .resource(
                  new EventBuilder()
                      .withNewMetadata()
                      .withName(a.eventName)
                      .withNamespace(namespace)
                      .endMetadata()
                      .build())
              .patch(
                  PatchContext.of(PatchType.JSON_MERGE),
                  "{\"count\":" + count + ",\"lastTimestamp\":\"" + at + "\"}");
          return;
        } catch (KubernetesClientException e) {
          if (e.getCode() != 404) {
            throw e;
          }
          // The Event expired (the API server keeps them an hour): start a new one.
          synchronized (this) {
            a.eventName = eventName(involved.getName());
          }
        }
      }
      Event event =
          new EventBuilder()
              .withNewMetadata()
              .withName(a.eventName)
              .withNamespace(namespace)
              .endMetadata()
              .withInvolvedObject(involved)
              .withType(type)
              .withReason(reason)
              .withMessage(message)
              .withNewSource()
              .withComponent(component)
              .endSource()
              .withFirstTimestamp(at.toString())
              .withLastTimestamp(at.toString())
              .withCount(count)
              .build();
      client.v1().events().inNamespace(namespace).resource(event).create();
      synchronized (this) {
        a.created = true;
      }
    } catch (RuntimeException e) {
      // Best effort: no RBAC for events, fenced after leadership loss, API server busy. The
      // first failure is a warning (a missing permission should be visible), later ones debug.
      if (failures.getAndIncrement() == 0) {
        LOG.warn(
            "could not record Event {} on {}/{} (further failures are logged at debug): {}",
            reason,
            namespace,
            involved.getName(),
            e.toString());
      } else {
        LOG.debug(
            "could not record Event {} on {}/{}: {}",
            reason,
            namespace,
            involved.getName(),
            e.toString());
      }
    }
  }

  /** Takes a token from the object's bucket, refilled at one per {@link #REFILL}. */
  private boolean take(String object, long now) {
    Bucket b =
        buckets.computeIfAbsent(
            object,
            k -> {
              Bucket n = new Bucket();
              n.lastNanos = now;
              return n;
            });
    double refill = (double) (now - b.lastNanos) / REFILL.toNanos();
    b.tokens = Math.min(BURST, b.tokens + refill);
    b.lastNanos = now;
    if (b.tokens < 1) {
      return false;
    }
    b.tokens -= 1;
    return true;
  }

  /** client-go names Events {@code <object>.<unique hex>}; kept within 253 characters. */
  private String eventName(String objectName) {
    String suffix =
        "." + Long.toHexString(wallClock.millis()) + Long.toHexString(sequence.incrementAndGet());
    return objectName.length() + suffix.length() > 253
        ? objectName.substring(0, 253 - suffix.length()) + suffix
        : objectName + suffix;
  }

  /** Waits until queued Events were sent (for tests and shutdown). */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (sender.getQueue().size() > 0 || sender.getActiveCount() > 0) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /** Cuts {@code s} to at most {@code maxBytes} UTF-8 bytes, never inside a character. */
  public static String truncate(String s, int maxBytes) {
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

  private static <K, V> Map<K, V> lru() {
    return new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > MAX_TRACKED;
      }
    };
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
