package dev.kopgen.it.lifecycle;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.annotations.OnLeadershipLoss;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;

/**
 * A ConfigMap primary: ConfigMaps have no {@code metadata.generation}, so the default update filter
 * must let every update through. Only prints what it saw.
 */
@Controller(
    resource = ConfigMap.class,
    labelSelector = "kopgen.dev/note=yes",
    updatesStatus = false,
    ownedVerbs = {})
// Generous timing and REJOIN: the test machine is loaded, and a lost Lease must not end the JVM.
@LeaderElection(
    leaseDuration = "8s",
    renewDeadline = "6s",
    retryPeriod = "1s",
    onLoss = OnLeadershipLoss.REJOIN)
public class NoteReconciler implements Reconciler<ConfigMap> {

  @Override
  public Result reconcile(ConfigMap cm, Context context) {
    System.out.println(
        "NOTE "
            + cm.getMetadata().getNamespace()
            + "/"
            + cm.getMetadata().getName()
            + " v="
            + (cm.getData() == null ? null : cm.getData().get("v"))
            + " gen="
            + cm.getMetadata().getGeneration());
    return Result.done();
  }
}
