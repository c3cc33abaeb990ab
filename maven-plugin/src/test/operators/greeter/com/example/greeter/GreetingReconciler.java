package com.example.greeter;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.annotations.Verb;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

/**
 * Gives each Greeting a ConfigMap holding its message, and prints one line per reconcile for the IT
 * to find. Plain create (no server-side apply), so it runs on the mock server too.
 */
@Controller(
    resource = Greeting.class,
    owns = ConfigMap.class,
    ownedVerbs = Verb.CREATE,
    updatesStatus = false,
    reconcileTimeout = "10s")
@LeaderElection(leaseDuration = "4s", renewDeadline = "3s", retryPeriod = "500ms")
public class GreetingReconciler implements Reconciler<Greeting> {

  @Override
  public Result reconcile(Greeting greeting, Context context) {
    String ns = greeting.getMetadata().getNamespace();
    String name = greeting.getMetadata().getName();
    System.out.println(
        "GREETING RECONCILED " + ns + "/" + name + ": " + greeting.getSpec().message);
    String configMap = name + "-greeting";
    if (context.client().configMaps().inNamespace(ns).withName(configMap).get() == null) {
      context
          .client()
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName(configMap)
                  .withNamespace(ns)
                  .addNewOwnerReference()
                  .withApiVersion(greeting.getApiVersion())
                  .withKind(greeting.getKind())
                  .withName(name)
                  .withUid(greeting.getMetadata().getUid())
                  .withController(true)
                  .endOwnerReference()
                  .endMetadata()
                  .addToData("message", greeting.getSpec().message)
                  .build())
          .create();
    }
    return Result.done();
  }
}
