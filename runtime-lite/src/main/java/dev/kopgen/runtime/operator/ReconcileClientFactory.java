package dev.kopgen.runtime.operator;

import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.LeaseSpec;
import dev.kopgen.runtime.lease.Leadership;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Creates the client an elected controller's reconciles get through {@link Context#client()}: one
 * that refuses writes while {@link Leadership#mayWrite()} is false. Unelected controllers use the
 * operator's client as is. A returned client other than {@code base} is closed by the {@link
 * Operator} at shutdown.
 */
@FunctionalInterface
public interface ReconcileClientFactory {

  /**
   * @param base the operator's client
   * @param leadership the controller's leadership, whose {@link Leadership#mayWrite()} gates writes
   * @param lease the controller's Lease settings, named in the refusal's message
   */
  KubernetesClient create(KubernetesClient base, Leadership leadership, LeaseSpec lease);
}
