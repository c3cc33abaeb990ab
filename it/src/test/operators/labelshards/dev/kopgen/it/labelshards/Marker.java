package dev.kopgen.it.labelshards;

import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;

/** What both controllers do: an owned {@code <name>-<controller>} Secret naming its writer. */
final class Marker {

  private Marker() {}

  static Result write(String controller, ConfigMap source, Context context) {
    String name = source.getMetadata().getName();
    String namespace = source.getMetadata().getNamespace();
    String pod = System.getenv("POD_NAME");
    System.out.println("RECONCILE " + pod + " " + controller + " " + namespace + "/" + name);
    Secret out =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name + "-" + controller)
            .withNamespace(namespace)
            .addNewOwnerReference()
            .withApiVersion("v1")
            .withKind("ConfigMap")
            .withName(name)
            .withUid(source.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withStringData(Map.of("writer", pod))
            .build();
    context.client().resource(out).fieldManager(controller).forceConflicts().serverSideApply();
    return Result.done();
  }
}
