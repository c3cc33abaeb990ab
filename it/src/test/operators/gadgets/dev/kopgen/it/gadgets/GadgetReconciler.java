package dev.kopgen.it.gadgets;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.Verb;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * An unelected, cluster-wide operator with a custom resource primary and two owned types, whose
 * annotation under-declares on purpose: it grants itself only {@link Verb#CREATE} on what it owns,
 * yet writes its ConfigMap with server-side apply, which is a PATCH. The API server must refuse it
 * (403), which proves the generated RBAC follows the annotation and nothing else.
 */
@Controller(
    resource = Gadget.class,
    owns = {ConfigMap.class, Secret.class},
    ownedVerbs = {Verb.CREATE},
    updatesStatus = false)
public class GadgetReconciler implements Reconciler<Gadget> {

  @Override
  public Result reconcile(Gadget gadget, Context context) {
    String name = gadget.getMetadata().getName();
    ConfigMap child =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name + "-gadget")
            .withNamespace(gadget.getMetadata().getNamespace())
            .addNewOwnerReference()
            .withApiVersion(gadget.getApiVersion())
            .withKind(gadget.getKind())
            .withName(name)
            .withUid(gadget.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .addToData("label", gadget.getSpec() == null ? "" : gadget.getSpec().getLabel())
            .build();
    // PATCH (apply), which the annotation does not declare.
    context.client().resource(child).fieldManager("gadgets").forceConflicts().serverSideApply();
    return Result.done();
  }
}
