package dev.kopgen.it.widgets;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.annotations.Verb;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;

/**
 * An elected operator with a custom resource primary: each Widget gets an owned {@code
 * <name>-widget} ConfigMap holding its message (server-side apply: PATCH, and CREATE the first
 * time), and its status names that ConfigMap. It declares exactly the verbs it uses, so the
 * generated RBAC is the least it needs.
 */
@Controller(
    resource = Widget.class,
    owns = ConfigMap.class,
    ownedVerbs = {Verb.CREATE, Verb.PATCH})
@LeaderElection(leaseDuration = "4s", renewDeadline = "3s", retryPeriod = "500ms")
public class WidgetReconciler implements Reconciler<Widget> {

  @Override
  public Result reconcile(Widget widget, Context context) {
    String name = widget.getMetadata().getName();
    String namespace = widget.getMetadata().getNamespace();
    String message = widget.getSpec() == null ? "" : widget.getSpec().getMessage();
    ConfigMap child =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name + "-widget")
            .withNamespace(namespace)
            .addNewOwnerReference()
            .withApiVersion(widget.getApiVersion())
            .withKind(widget.getKind())
            .withName(name)
            .withUid(widget.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withData(Map.of("message", message == null ? "" : message))
            .build();
    context.client().resource(child).fieldManager("widgets").forceConflicts().serverSideApply();

    Widget.Status status = new Widget.Status();
    status.setConfigMap(child.getMetadata().getName());
    status.setObservedGeneration(widget.getMetadata().getGeneration());
    Widget patch = new Widget();
    // Only the name: a merge patch of the status alone, whatever the cached resourceVersion.
    patch.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    patch.setStatus(status);
    context.client().resource(patch).patchStatus();
    System.out.println("RECONCILED " + namespace + "/" + name);
    return Result.done();
  }
}
