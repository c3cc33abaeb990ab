package dev.kopgen.it.labelshards;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.annotations.Shard;
import dev.kopgen.annotations.Sharded;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;

/** Selector shards by size, with the same shard names as {@link ColourReconciler}. */
@Controller(name = "size", resource = ConfigMap.class, owns = Secret.class, updatesStatus = false)
@LeaderElection(leaseDuration = "8s", renewDeadline = "6s", retryPeriod = "1s", replicas = 1)
@Sharded({
  @Shard(name = "a", labelSelector = "kopgen-it/size=small"),
  @Shard(name = "b", labelSelector = "kopgen-it/size=large")
})
public class SizeReconciler implements Reconciler<ConfigMap> {

  @Override
  public Result reconcile(ConfigMap source, Context context) {
    return Marker.write("size", source, context);
  }
}
