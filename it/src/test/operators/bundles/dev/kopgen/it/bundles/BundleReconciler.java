package dev.kopgen.it.bundles;

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
 * Keeps {@code items} ConfigMaps per Bundle and reads them only through the Context's caches
 * ({@code owned}, {@code cached}): it applies the children its cache does not show yet, and reports
 * how many it finds there. Nothing here GETs or LISTs from the API server.
 */
@Controller(
    resource = Bundle.class,
    owns = ConfigMap.class,
    ownedVerbs = {Verb.CREATE, Verb.PATCH})
public class BundleReconciler implements Reconciler<Bundle> {

  @Override
  public Result reconcile(Bundle bundle, Context context) {
    String name = bundle.getMetadata().getName();
    String namespace = bundle.getMetadata().getNamespace();
    int items = bundle.getSpec() == null ? 0 : bundle.getSpec().getItems();
    List<ConfigMap> children = context.owned(ConfigMap.class);
    Set<String> present =
        children.stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
    for (int i = 0; i < items; i++) {
      String child = name + "-" + i;
      if (!present.contains(child)) {
        // Missing from the cache: apply it (idempotent, so a child created by the previous run
        // and not in the cache yet is harmless). Its event reconciles this Bundle again.
        context
            .client()
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(child)
                    .withNamespace(namespace)
                    .addNewOwnerReference()
                    .withApiVersion(bundle.getApiVersion())
                    .withKind(bundle.getKind())
                    .withName(name)
                    .withUid(bundle.getMetadata().getUid())
                    .withController(true)
                    .endOwnerReference()
                    .endMetadata()
                    .withData(Map.of("index", Integer.toString(i)))
                    .build())
            .fieldManager("bundles")
            .forceConflicts()
            .serverSideApply();
      }
    }
    Bundle.Status status = new Bundle.Status();
    status.setChildren(children.size());
    status.setFirst(
        context
            .cached(ConfigMap.class, name + "-0")
            .map(c -> c.getMetadata().getName() + ":" + c.getData().get("index"))
            .orElse(null));
    status.setObservedGeneration(bundle.getMetadata().getGeneration());
    Bundle patch = new Bundle();
    patch.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    patch.setStatus(status);
    context.client().resource(patch).patchStatus();
    System.out.println(
        "RECONCILED " + namespace + "/" + name + " with " + children.size() + " cached children");
    return Result.done();
  }
}
