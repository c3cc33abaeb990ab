package dev.kopgen.it.shardclean;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.annotations.OnLeadershipLoss;
import dev.kopgen.annotations.Permission;
import dev.kopgen.annotations.Shard;
import dev.kopgen.annotations.Sharded;
import dev.kopgen.runtime.Cleaner;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A selector-sharded controller with cleanup: shard {@code a} takes ConfigMaps labelled {@code
 * kopgen-it/shard=a}, shard {@code b} those labelled {@code b}. Its cleanup fails once per object
 * (so the finalizer must survive a failed cleanup), then records which instance cleaned the object
 * up in a Secret {@code <name>-cleaned} that is not owned by the ConfigMap (so it outlives it):
 * {@code writer} (the instance's {@code POD_NAME}), {@code attempt}, and the finalizers the
 * ConfigMap carried on the API server while the cleanup ran. Prints one line per reconcile and
 * cleanup attempt for the test to read.
 */
@Controller(name = "shardclean", resource = ConfigMap.class, updatesStatus = false)
@LeaderElection(
    leaseDuration = "8s",
    renewDeadline = "6s",
    retryPeriod = "1s",
    replicas = 1,
    onLoss = OnLeadershipLoss.REJOIN)
@Sharded({
  @Shard(name = "a", labelSelector = "kopgen-it/shard=a"),
  @Shard(name = "b", labelSelector = "kopgen-it/shard=b")
})
@Permission(
    resources = "secrets",
    verbs = {"get", "create", "patch"})
public class ShardCleanReconciler implements Reconciler<ConfigMap>, Cleaner<ConfigMap> {

  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  @Override
  public Result reconcile(ConfigMap source, Context context) {
    System.out.println(
        "RECONCILE "
            + System.getenv("POD_NAME")
            + " "
            + key(source)
            + " finalizers="
            + source.getMetadata().getFinalizers());
    return Result.done();
  }

  @Override
  public Result cleanup(ConfigMap source, Context context) {
    String pod = System.getenv("POD_NAME");
    int attempt =
        attempts
            .computeIfAbsent(source.getMetadata().getUid(), k -> new AtomicInteger())
            .incrementAndGet();
    System.out.println("CLEANUP " + pod + " " + key(source) + " attempt=" + attempt);
    if (attempt == 1) {
      throw new IllegalStateException("external system unavailable (attempt 1)");
    }
    ConfigMap live =
        context
            .client()
            .configMaps()
            .inNamespace(source.getMetadata().getNamespace())
            .withName(source.getMetadata().getName())
            .get();
    String finalizers = live == null ? "gone" : String.valueOf(live.getMetadata().getFinalizers());
    Secret record =
        new SecretBuilder()
            .withNewMetadata()
            .withName(source.getMetadata().getName() + "-cleaned")
            .withNamespace(source.getMetadata().getNamespace())
            .endMetadata()
            .withStringData(
                Map.of(
                    "writer", pod, "attempt", Integer.toString(attempt), "finalizers", finalizers))
            .build();
    context.client().resource(record).fieldManager("shardclean").forceConflicts().serverSideApply();
    System.out.println("CLEANED " + pod + " " + key(source) + " attempt=" + attempt);
    return Result.done();
  }

  private static String key(ConfigMap cm) {
    return cm.getMetadata().getNamespace() + "/" + cm.getMetadata().getName();
  }
}
