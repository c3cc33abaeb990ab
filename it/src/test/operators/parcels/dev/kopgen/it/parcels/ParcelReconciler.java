package dev.kopgen.it.parcels;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.Verb;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps {@code items} ConfigMaps per Parcel, labelled {@code kopgen.dev/parcel-child=yes}, and
 * caches only ConfigMaps with that label ({@code ownedLabelSelector}): other ConfigMaps, even ones
 * naming a Parcel as their controller, are neither cached nor counted as its children. The status
 * reports how many children {@code context.owned} returns.
 */
@Controller(
    resource = Parcel.class,
    owns = ConfigMap.class,
    ownedVerbs = {Verb.CREATE, Verb.PATCH},
    ownedLabelSelector = ParcelReconciler.CHILD_LABEL + "=yes")
public class ParcelReconciler implements Reconciler<Parcel> {

  static final String CHILD_LABEL = "kopgen.dev/parcel-child";

  @Override
  public Result reconcile(Parcel parcel, Context context) {
    String name = parcel.getMetadata().getName();
    String namespace = parcel.getMetadata().getNamespace();
    int items = parcel.getSpec() == null ? 0 : parcel.getSpec().getItems();
    List<ConfigMap> children = context.owned(ConfigMap.class);
    Set<String> present =
        children.stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
    for (int i = 0; i < items; i++) {
      String child = name + "-" + i;
      if (!present.contains(child)) {
        context
            .client()
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(child)
                    .withNamespace(namespace)
                    .addToLabels(CHILD_LABEL, "yes")
                    .addNewOwnerReference()
                    .withApiVersion(parcel.getApiVersion())
                    .withKind(parcel.getKind())
                    .withName(name)
                    .withUid(parcel.getMetadata().getUid())
                    .withController(true)
                    .endOwnerReference()
                    .endMetadata()
                    .withData(Map.of("index", Integer.toString(i)))
                    .build())
            .fieldManager("parcels")
            .forceConflicts()
            .serverSideApply();
      }
    }
    Parcel.Status status = new Parcel.Status();
    status.setChildren(children.size());
    status.setObservedGeneration(parcel.getMetadata().getGeneration());
    Parcel patch = new Parcel();
    patch.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    patch.setStatus(status);
    context.client().resource(patch).patchStatus();
    System.out.println(
        "RECONCILED " + namespace + "/" + name + " with " + children.size() + " cached children");
    return Result.done();
  }
}
