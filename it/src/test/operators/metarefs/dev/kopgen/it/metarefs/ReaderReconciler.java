package dev.kopgen.it.metarefs;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.Watch;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Optional;

/**
 * Watches ConfigMaps for their metadata only and reports, for the one a Reader names, what its
 * cache holds: resourceVersion, kind, one label, and whether any data came along (it must not).
 */
@Controller(resource = Reader.class)
@Watch(value = ConfigMap.class, mapper = ReadersOfConfigMap.class, metadataOnly = true)
public class ReaderReconciler implements Reconciler<Reader> {

  @Override
  public Result reconcile(Reader reader, Context context) {
    String name = reader.getMetadata().getName();
    String namespace = reader.getMetadata().getNamespace();
    Optional<ConfigMap> cm = context.cached(ConfigMap.class, reader.getSpec().getConfigMapName());
    Reader.Status status = new Reader.Status();
    cm.ifPresent(
        c -> {
          status.setResourceVersion(c.getMetadata().getResourceVersion());
          status.setKind(c.getKind());
          status.setLabel(
              c.getMetadata().getLabels() == null ? null : c.getMetadata().getLabels().get("tier"));
          // fabric8's model starts data and binaryData as empty maps: any entry is content.
          status.setHasData(
              (c.getData() != null && !c.getData().isEmpty())
                  || (c.getBinaryData() != null && !c.getBinaryData().isEmpty()));
        });
    Reader patch = new Reader();
    patch.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    patch.setStatus(status);
    context.client().resource(patch).patchStatus();
    System.out.println("RECONCILED " + namespace + "/" + name + " found " + cm.isPresent());
    return Result.done();
  }
}
