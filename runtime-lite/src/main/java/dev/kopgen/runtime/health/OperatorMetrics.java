package dev.kopgen.runtime.health;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The operator's Prometheus metrics, on a registry of its own (not the library's global default, so
 * two operators in one JVM, such as tests, never share series):
 *
 * <ul>
 *   <li>{@code kopgen_reconcile_total{controller,result}}: finished reconciles; result is one of
 *       {@code success}, {@code requeue_after}, {@code requeue}, {@code error}, {@code cancelled};
 *   <li>{@code kopgen_reconcile_errors_total{controller}}: failed reconciles (exceptions and
 *       timeouts);
 *   <li>{@code kopgen_reconcile_duration_seconds{controller}}: reconcile duration histogram;
 *   <li>{@code kopgen_queue_depth{controller}}: objects waiting to be reconciled now;
 *   <li>{@code kopgen_in_flight{controller}}: reconciles running now;
 *   <li>{@code kopgen_leader{controller}}: 1 while this instance leads the controller, else 0;
 *   <li>{@code kopgen_reconcile_throttled_total{controller}}: reconciles (and cleanups) whose start
 *       waited for the operator-wide rate limit;
 *   <li>{@code kopgen_reconcile_rate_limit}: that limit in reconciles per second (0: none).
 *   <li>{@code kopgen_cached_objects{controller,kind}}: objects held in the caches of the
 *       controller's owned and watched types (what {@code ownedLabelSelector} and
 *       {@code @Watch(labelSelector)} keep small; an informer shared by two controllers is counted
 *       for each).
 * </ul>
 */
public final class OperatorMetrics {

  /** Result label values of {@code kopgen_reconcile_total}. */
  public static final String SUCCESS = "success";

  public static final String REQUEUE_AFTER = "requeue_after";
  public static final String REQUEUE = "requeue";
  public static final String ERROR = "error";
  public static final String CANCELLED = "cancelled";

  /** A write of the reconcile was fenced: this instance no longer holds its Lease. */
  public static final String FENCED = "fenced";

  private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Map<String, ControllerMetrics> controllers = new ConcurrentHashMap<>();
  private final Map<String, Supplier<Map<String, Integer>>> caches = new ConcurrentHashMap<>();
  private final Counter reconciles;
  private final Counter errors;
  private final Histogram duration;
  private final Gauge leader;
  private final Counter fencedWrites;
  private final Counter retriesExhausted;
  private final Counter slowMappers;
  private final Counter throttled;
  private final Gauge rateLimit;

  public OperatorMetrics() {
    reconciles =
        Counter.builder()
            .name("kopgen_reconcile_total")
            .help("Finished reconciles by result")
            .labelNames("controller", "result")
            .withoutExemplars()
            .register(registry);
    errors =
        Counter.builder()
            .name("kopgen_reconcile_errors_total")
            .help("Reconciles that threw or exceeded their timeout")
            .labelNames("controller")
            .withoutExemplars()
            .register(registry);
    duration =
        Histogram.builder()
            .name("kopgen_reconcile_duration_seconds")
            .help("How long reconciles took")
            .labelNames("controller")
            .classicOnly()
            .classicUpperBounds(
                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
            .withoutExemplars()
            .register(registry);
    leader =
        Gauge.builder()
            .name("kopgen_leader")
            .help("1 while this instance leads the controller, else 0")
            .labelNames("controller")
            .withoutExemplars()
            .register(registry);
    fencedWrites =
        Counter.builder()
            .name("kopgen_fenced_writes_total")
            .help(
                "Writes refused because this instance no longer holds its Lease, by the fence"
                    + " that refused them: client (in the process) or server (admission policy)")
            .labelNames("controller", "by")
            .withoutExemplars()
            .register(registry);
    retriesExhausted =
        Counter.builder()
            .name("kopgen_retries_exhausted_total")
            .help("Objects given up on after the retry policy's maximum attempts")
            .labelNames("controller")
            .withoutExemplars()
            .register(registry);
    slowMappers =
        Counter.builder()
            .name("kopgen_watch_mapper_slow_total")
            .help("@Watch mapper calls slower than 10 ms on the informer thread")
            .labelNames("controller", "kind")
            .withoutExemplars()
            .register(registry);
    throttled =
        Counter.builder()
            .name("kopgen_reconcile_throttled_total")
            .help(
                "Reconciles whose start waited for the operator-wide rate limit"
                    + " (KOPGEN_RECONCILE_RATE)")
            .labelNames("controller")
            .withoutExemplars()
            .register(registry);
    rateLimit =
        Gauge.builder()
            .name("kopgen_reconcile_rate_limit")
            .help("The operator-wide reconcile rate limit in reconciles per second; 0: none")
            .withoutExemplars()
            .register(registry);
    rateLimit.set(0);
    GaugeWithCallback.builder()
        .name("kopgen_queue_depth")
        .help("Objects waiting to be reconciled now (delayed requeues not counted)")
        .labelNames("controller")
        .callback(cb -> controllers.forEach((name, m) -> cb.call(m.queueDepth.getAsInt(), name)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("kopgen_in_flight")
        .help("Reconciles running now")
        .labelNames("controller")
        .callback(cb -> controllers.forEach((name, m) -> cb.call(m.inFlight.getAsInt(), name)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("kopgen_cached_objects")
        .help("Objects in the caches of a controller's owned and watched types, by kind")
        .labelNames("controller", "kind")
        .callback(
            cb ->
                caches.forEach(
                    (name, sizes) -> sizes.get().forEach((kind, n) -> cb.call(n, name, kind))))
        .register(registry);
  }

  /** The registry all series live on (for exposing extra application metrics beside them). */
  public PrometheusRegistry registry() {
    return registry;
  }

  /**
   * Registers controller {@code name}, whose queue depth and in-flight count are read at scrape
   * time.
   */
  public ControllerMetrics controller(String name, IntSupplier queueDepth, IntSupplier inFlight) {
    ControllerMetrics m = new ControllerMetrics(name, queueDepth, inFlight);
    if (controllers.putIfAbsent(name, m) != null) {
      throw new IllegalArgumentException("controller " + name + " is already registered");
    }
    leader.labelValues(name).set(0);
    errors.labelValues(name); // show a zero series from the start, so rate() works at once
    retriesExhausted.labelValues(name);
    throttled.labelValues(name);
    return m;
  }

  /** Sets {@code kopgen_reconcile_rate_limit}: reconciles per second, 0 for none. */
  public void rateLimit(double perSecond) {
    rateLimit.set(perSecond);
  }

  /**
   * Reports the cache sizes of controller {@code name} (kind to object count), read at scrape time.
   */
  public void cachedObjects(String name, Supplier<Map<String, Integer>> sizes) {
    caches.put(name, Objects.requireNonNull(sizes, "sizes"));
  }

  /** Counts one slow {@code @Watch} mapper call of {@code controller} for {@code kind}. */
  public void slowMapper(String controller, String kind) {
    slowMappers.labelValues(controller, kind).inc();
  }

  /** Sets {@code kopgen_leader} for controller {@code name}. */
  public void leader(String name, boolean leading) {
    leader.labelValues(name).set(leading ? 1 : 0);
  }

  /** The Prometheus text exposition (format 0.0.4) of every series. */
  public void writeText(OutputStream out) throws IOException {
    TEXT.write(out, registry.scrape());
  }

  /** The content type of {@link #writeText}. */
  public static String textContentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }

  /** {@link #writeText} as a string, for logs and tests. */
  public String scrapeText() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeText(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The series of one controller. */
  public final class ControllerMetrics {
    private final String name;
    private final IntSupplier queueDepth;
    private final IntSupplier inFlight;

    private ControllerMetrics(String name, IntSupplier queueDepth, IntSupplier inFlight) {
      this.name = name;
      this.queueDepth = Objects.requireNonNull(queueDepth, "queueDepth");
      this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    }

    /**
     * Records a finished reconcile.
     *
     * @param result one of the result constants of {@link OperatorMetrics}
     * @param nanos how long it took
     */
    public void reconciled(String result, long nanos) {
      reconciles.labelValues(name, result).inc();
      if (ERROR.equals(result)) {
        errors.labelValues(name).inc();
      }
      duration.labelValues(name).observe(nanos / 1e9);
    }

    /** Records a write refused by a fence; {@code by} is {@code client} or {@code server}. */
    public void fencedWrite(String by) {
      fencedWrites.labelValues(name, by).inc();
    }

    /** Records that an object's retries were given up after the maximum attempts. */
    public void retriesExhausted() {
      retriesExhausted.labelValues(name).inc();
    }

    /** Records a reconcile whose start waited for the operator-wide rate limit. */
    public void throttled() {
      throttled.labelValues(name).inc();
    }
  }
}
