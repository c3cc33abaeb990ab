package dev.kopgen.it.pair;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.Verb;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

/**
 * Owns one ConfigMap per Right, as the other controller of this operator does for its kind: the two
 * share one ConfigMap informer, and each still reads only its own child from it.
 */
@Controller(
    resource = Right.class,
    owns = ConfigMap.class,
    ownedVerbs = {Verb.CREATE, Verb.PATCH},
    updatesStatus = false)
public class RightReconciler implements Reconciler<Right> {

  @Override
  public Result reconcile(Right primary, Context context) {
    String name = primary.getMetadata().getName();
    context
        .client()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name + "-right")
                .withNamespace(primary.getMetadata().getNamespace())
                .addNewOwnerReference()
                .withApiVersion(primary.getApiVersion())
                .withKind(primary.getKind())
                .withName(name)
                .withUid(primary.getMetadata().getUid())
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .build())
        .fieldManager("pair")
        .forceConflicts()
        .serverSideApply();
    System.out.println(
        "RECONCILED Right "
            + name
            + " owns "
            + context.owned(ConfigMap.class).stream().map(c -> c.getMetadata().getName()).toList());
    return Result.done();
  }
}
