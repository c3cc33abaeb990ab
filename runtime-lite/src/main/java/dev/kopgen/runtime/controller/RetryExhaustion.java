package dev.kopgen.runtime.controller;

import dev.kopgen.runtime.events.EventSink;
import dev.kopgen.runtime.health.OperatorMetrics;
import dev.kopgen.runtime.queue.ObjectKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a controller's retry policy gives up on an object: one {@code Warning
 * RetriesExhausted} Event on it, {@code kopgen_retries_exhausted_total} counts it, a warning in the
 * log; the object then waits for its next change.
 */
final class RetryExhaustion {

  static final String REASON = "RetriesExhausted";

  private static final Logger LOG = LoggerFactory.getLogger(RetryExhaustion.class);

  private RetryExhaustion() {}

  static void gaveUp(
      String controller,
      ObjectKey key,
      HasMetadata resource,
      Exception failure,
      int failures,
      EventSink events,
      OperatorMetrics.ControllerMetrics metrics) {
    metrics.retriesExhausted();
    String message =
        "gave up after "
            + failures
            + " failed attempts in a row; waiting for the object to change. Last error: "
            + (failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage());
    LOG.warn("controller {}: {} {}", controller, key, message);
    events.record(
        new ObjectReferenceBuilder()
            .withApiVersion(resource.getApiVersion())
            .withKind(resource.getKind())
            .withNamespace(key.isClusterScoped() ? null : key.namespace())
            .withName(key.name())
            .withUid(resource.getMetadata().getUid())
            .withResourceVersion(resource.getMetadata().getResourceVersion())
            .build(),
        "Warning",
        REASON,
        message);
  }
}
