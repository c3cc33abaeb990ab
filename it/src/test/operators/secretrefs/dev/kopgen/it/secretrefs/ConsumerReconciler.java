package dev.kopgen.it.secretrefs;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.Watch;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * Reconciles a Consumer whenever the Secret it names changes (a watched, not owned, type), and only
 * then: it logs each reconcile with the Secret's resourceVersion as its cache holds it. It only
 * watches Secrets labelled {@code secretrefs=yes}, and writes nothing.
 */
@Controller(resource = Consumer.class, updatesStatus = false)
@Watch(value = Secret.class, mapper = ConsumersOfSecret.class, labelSelector = "secretrefs=yes")
public class ConsumerReconciler implements Reconciler<Consumer> {

  @Override
  public Result reconcile(Consumer consumer, Context context) {
    String secret = consumer.getSpec() == null ? "" : consumer.getSpec().getSecretName();
    // Read from the watch's cache: no request to the API server.
    String seen =
        context
            .cached(Secret.class, secret)
            .map(s -> s.getData() == null ? "{}" : s.getData().keySet().toString())
            .orElse("not cached");
    System.out.println(
        "RECONCILED "
            + consumer.getMetadata().getNamespace()
            + "/"
            + consumer.getMetadata().getName()
            + " secret "
            + secret
            + " keys "
            + seen);
    return Result.done();
  }
}
