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

/**
 * Selector shards by colour. Its shards are named {@code a} and {@code b}, exactly like {@link
 * SizeReconciler}'s: only {@code KOPGEN_SHARD=<controller>/<shard>} tells the two apart.
 */
@Controller(name = "colour", resource = ConfigMap.class, owns = Secret.class, updatesStatus = false)
@LeaderElection(leaseDuration = "8s", renewDeadline = "6s", retryPeriod = "1s", replicas = 1)
@Sharded({
  @Shard(name = "a", labelSelector = "kopgen-it/colour=red"),
  @Shard(name = "b", labelSelector = "kopgen-it/colour=blue")
})
public class ColourReconciler implements Reconciler<ConfigMap> {

  @Override
  public Result reconcile(ConfigMap source, Context context) {
    return Marker.write("colour", source, context);
  }
}
