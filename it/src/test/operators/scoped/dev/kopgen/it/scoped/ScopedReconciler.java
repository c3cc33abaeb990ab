package dev.kopgen.it.scoped;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * An elected operator watching two fixed namespaces: its RBAC must be one Role per namespace
 * (plus the leader-election Role), never a ClusterRole. Only its manifests are used.
 */
@Controller(
    resource = ConfigMap.class,
    owns = Secret.class,
    namespaces = {"decisive-scoped-a", "decisive-scoped-b"})
@LeaderElection(leaseDuration = "4s", renewDeadline = "3s", retryPeriod = "500ms")
public class ScopedReconciler implements Reconciler<ConfigMap> {

  @Override
  public Result reconcile(ConfigMap resource, Context context) {
    return Result.done();
  }
}
