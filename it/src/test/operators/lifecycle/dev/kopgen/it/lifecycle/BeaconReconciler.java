package dev.kopgen.it.lifecycle;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.annotations.OnLeadershipLoss;
import dev.kopgen.annotations.Verb;
import dev.kopgen.runtime.Conditions;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;

/**
 * The Context helpers as a reconciler uses them: the child by {@code applyOwned}, the status by
 * {@code applyStatus} (a message that disappears when the spec's does, and a Ready condition), and
 * an Event per reconcile through {@code events()} (aggregated: one Event, counted).
 */
@Controller(
    resource = Beacon.class,
    owns = ConfigMap.class,
    ownedVerbs = {Verb.CREATE, Verb.PATCH})
// Generous timing and REJOIN: the test machine is loaded, and a lost Lease must not end the JVM.
@LeaderElection(
    leaseDuration = "8s",
    renewDeadline = "6s",
    retryPeriod = "1s",
    onLoss = OnLeadershipLoss.REJOIN)
public class BeaconReconciler implements Reconciler<Beacon> {

  @Override
  public Result reconcile(Beacon beacon, Context context) {
    String message = beacon.getSpec() == null ? null : beacon.getSpec().getMessage();
    String child = beacon.getMetadata().getName() + "-beacon";
    context.applyOwned(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(child)
            .endMetadata()
            .withData(Map.of("message", message == null ? "" : message))
            .build());
    Beacon.Status status = new Beacon.Status();
    status.setMessage(message);
    status.setConditions(
        Conditions.set(
            beacon.getStatus() == null ? null : beacon.getStatus().getConditions(),
            "Ready",
            "True",
            "Published",
            "the ConfigMap holds the message",
            beacon.getMetadata().getGeneration()));
    boolean wrote = context.applyStatus(status);
    context.events().normal("Published", "the message is in ConfigMap " + child);
    System.out.println(
        "BEACON "
            + beacon.getMetadata().getNamespace()
            + "/"
            + beacon.getMetadata().getName()
            + " gen="
            + beacon.getMetadata().getGeneration()
            + " statusWritten="
            + wrote);
    return Result.done();
  }
}
