package dev.kopgen.it.lifecycle;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.annotations.OnLeadershipLoss;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * Reports each Tally's generation and value in its status, taking {@code spec.reconcileMillis} per
 * reconcile; prints one line per reconcile, so the test can count them. No cleanup: it must get no
 * finalizer and no write verbs on Tallies beyond status. With {@code spec.fail} it throws, so its
 * retry policy (three attempts) gives up.
 */
@Controller(
    resource = Tally.class,
    ownedVerbs = {},
    retryInitialBackoff = "50ms",
    retryMaxBackoff = "200ms",
    retryMaxAttempts = 3)
// Generous timing and REJOIN: the test machine is loaded, and a lost Lease must not end the JVM.
@LeaderElection(
    leaseDuration = "8s",
    renewDeadline = "6s",
    retryPeriod = "1s",
    onLoss = OnLeadershipLoss.REJOIN)
public class TallyReconciler implements Reconciler<Tally> {

  @Override
  public Result reconcile(Tally tally, Context context) throws InterruptedException {
    if (tally.getSpec().isFail()) {
      System.out.println(
          "TALLY-FAIL "
              + tally.getMetadata().getNamespace()
              + "/"
              + tally.getMetadata().getName()
              + " attempt");
      throw new IllegalStateException("told to fail");
    }
    Thread.sleep(tally.getSpec().getReconcileMillis());
    String ns = tally.getMetadata().getNamespace();
    String name = tally.getMetadata().getName();
    Tally patch = new Tally();
    patch.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    Tally.Status status = new Tally.Status();
    status.setObservedGeneration(tally.getMetadata().getGeneration());
    status.setValue(tally.getSpec().getValue());
    patch.setStatus(status);
    context.client().resource(patch).patchStatus();
    System.out.println(
        "TALLY "
            + ns
            + "/"
            + name
            + " gen="
            + tally.getMetadata().getGeneration()
            + " finalizers="
            + tally.getMetadata().getFinalizers());
    return Result.done();
  }
}
