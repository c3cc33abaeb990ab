package dev.kopgen.bench.kopgen;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.bench.Bench;
import dev.kopgen.bench.BenchWork;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;

/**
 * The benchmark reconciler as a kopgen author writes it; kopgen generates {@code KopgenOperator} in
 * this package. 20 concurrent reconciles and the Lease timing match the JOSDK operator's.
 */
@Controller(
    resource = Bench.class,
    owns = ConfigMap.class,
    namespaces = BenchWork.NAMESPACE,
    maxConcurrentReconciles = 20)
@LeaderElection(leaseDuration = "4s", renewDeadline = "3s", retryPeriod = "500ms")
public class BenchReconciler implements Reconciler<Bench> {

  @Override
  public Result reconcile(Bench bench, Context context) {
    BenchWork.reconcile(context.client(), bench);
    return Result.done();
  }
}
