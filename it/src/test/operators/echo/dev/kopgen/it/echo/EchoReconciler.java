package dev.kopgen.it.echo;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

/**
 * The smallest elected operator: every ConfigMap labelled {@code echo=source} gets an owned {@code
 * <name>-echo} Secret holding a copy of its data. Prints one line per reconcile for the tests to
 * read.
 */
@Controller(resource = ConfigMap.class, labelSelector = "echo=source", owns = Secret.class)
@LeaderElection(leaseDuration = "4s", renewDeadline = "3s", retryPeriod = "500ms")
public class EchoReconciler implements Reconciler<ConfigMap> {

  @Override
  public Result reconcile(ConfigMap source, Context context) {
    String name = source.getMetadata().getName();
    System.out.println("RECONCILE " + System.getenv("POD_NAME") + " " + name);
    Secret echo =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name + "-echo")
            .withNamespace(source.getMetadata().getNamespace())
            .addNewOwnerReference()
            .withApiVersion("v1")
            .withKind("ConfigMap")
            .withName(name)
            .withUid(source.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withStringData(source.getData())
            .build();
    context.client().resource(echo).fieldManager("echo").forceConflicts().serverSideApply();
    return Result.done();
  }
}
