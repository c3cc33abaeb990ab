package dev.kopgen.it.shards;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.annotations.Shard;
import dev.kopgen.annotations.Sharded;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * A sharded operator (two label-selector shards): each shard gets its own ServiceAccount,
 * ClusterRole, Lease Role and Deployment. Only its manifests are used.
 */
@Controller(resource = ConfigMap.class, owns = Secret.class)
@LeaderElection(leaseDuration = "4s", renewDeadline = "3s", retryPeriod = "500ms")
@Sharded({
  @Shard(name = "east", labelSelector = "region=east"),
  @Shard(name = "west", labelSelector = "region=west")
})
public class RegionReconciler implements Reconciler<ConfigMap> {

  @Override
  public Result reconcile(ConfigMap resource, Context context) {
    return Result.done();
  }
}
