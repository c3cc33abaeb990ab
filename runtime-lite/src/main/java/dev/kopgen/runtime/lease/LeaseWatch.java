package dev.kopgen.runtime.lease;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch on one Lease that lets a candidate take a released Lease within a round trip instead of
 * a retry period: an informer rather than a bare watch, so it re-lists and re-watches by itself
 * after the connection drops or the server answers 410 Gone (its field selector is {@code
 * metadata.name}).
 */
final class LeaseWatch {

  private static final Logger log = LoggerFactory.getLogger(LeaseLeadership.class);

  /** Where the watch's events go; called on the client's threads, so hand them off at once. */
  @FunctionalInterface
  interface Events {
    void seen(Lease lease, boolean deleted);
  }

  private LeaseWatch() {}

  /** An informer of Lease {@code namespace/leaseName}, not started, reporting to {@code events}. */
  static SharedIndexInformer<Lease> create(
      KubernetesClient client, String namespace, String leaseName, String identity, Events events) {
    SharedIndexInformer<Lease> watch =
        client.leases().inNamespace(namespace).withName(leaseName).runnableInformer(0);
    watch.addEventHandler(
        new ResourceEventHandler<Lease>() {
          @Override
          public void onAdd(Lease lease) {
            events.seen(lease, false);
          }

          @Override
          public void onUpdate(Lease before, Lease after) {
            events.seen(after, false);
          }

          @Override
          public void onDelete(Lease lease, boolean finalStateUnknown) {
            events.seen(lease, true);
          }
        });
    watch.exceptionHandler(
        (started, error) -> {
          // Keep watching whatever happens: the retry timer still drives the election, so a
          // broken watch only costs hand-over speed.
          log.debug(
              "{} watch of Lease {}/{} failed; retrying", identity, namespace, leaseName, error);
          return true;
        });
    return watch;
  }
}
