package dev.kopgen.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Records Kubernetes Events that users read with {@code kubectl describe} and {@code kubectl get
 * events}, from {@link Context#events()}.
 *
 * <p>Events are best effort and never slow a reconcile down: they are sent by a background thread,
 * repeated ones (same object, type, reason and message within ten minutes) are folded into one
 * Event whose {@code count} and {@code lastTimestamp} grow, each object gets at most a burst of 10
 * new Events and then one per 10 seconds, and everything goes through the fenced client, so an
 * instance that lost its Lease records nothing. The generated RBAC grants {@code create} and {@code
 * patch} on {@code events}.
 */
public interface EventRecorder {

  /** A {@code Normal} Event on the primary being reconciled. */
  void normal(String reason, String message);

  /** A {@code Warning} Event on the primary being reconciled. */
  void warning(String reason, String message);

  /**
   * An Event on any object.
   *
   * @param type {@code "Normal"} or {@code "Warning"}
   * @param reason a short CamelCase reason, e.g. {@code "Scaled"}
   */
  void record(HasMetadata object, String type, String reason, String message);
}
