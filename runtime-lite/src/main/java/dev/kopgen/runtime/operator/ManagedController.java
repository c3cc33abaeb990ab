package dev.kopgen.runtime.operator;

import dev.kopgen.runtime.controller.Controller;
import dev.kopgen.runtime.lease.Leadership;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller a {@link RunningOperator} runs, with its election.
 *
 * @param ownClient the reconcile client made for this controller (fenced), closed with it; {@code
 *     null} when its reconciles use the operator's client
 */
record ManagedController(
    Controller<?> controller,
    Leadership leadership,
    ControllerPlan plan,
    KubernetesClient ownClient) {

  private static final Logger LOG = LoggerFactory.getLogger(ManagedController.class);

  boolean elected() {
    return plan.lease().isPresent();
  }

  /** Stops the election, the controller (informers, workers) and its own client; never throws. */
  void closeQuietly() {
    try {
      leadership.close();
    } catch (RuntimeException e) {
      LOG.debug("closing the leader election of {} failed", controller.name(), e);
    }
    try {
      controller.close();
    } catch (RuntimeException e) {
      LOG.debug("closing controller {} failed", controller.name(), e);
    }
    if (ownClient != null) {
      try {
        ownClient.close();
      } catch (RuntimeException e) {
        LOG.debug("closing the reconcile client of {} failed", controller.name(), e);
      }
    }
  }
}
