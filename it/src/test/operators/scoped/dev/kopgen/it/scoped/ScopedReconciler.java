package dev.kopgen.it.scoped;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

/**
 * An elected operator watching two fixed namespaces: its RBAC must be one Role per namespace (plus
 * the leader-election Role), never a ClusterRole, and that must be enough to run. Each ConfigMap
 * labelled {@code decisive=scoped} gets an owned {@code <name>-scoped} Secret.
 */
@Controller(
    resource = ConfigMap.class,
    owns = Secret.class,
    namespaces = {"decisive-scoped-a", "decisive-scoped-b"},
    labelSelector = "decisive=scoped")
@LeaderElection(leaseDuration = "4s", renewDeadline = "3s", retryPeriod = "500ms")
public class ScopedReconciler implements Reconciler<ConfigMap> {

  @Override
  public Result reconcile(ConfigMap source, Context context) {
    String name = source.getMetadata().getName();
    Secret copy =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name + "-scoped")
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
    context.client().resource(copy).fieldManager("scoped").forceConflicts().serverSideApply();
    return Result.done();
  }
}
