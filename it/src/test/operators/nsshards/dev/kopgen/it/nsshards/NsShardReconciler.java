package dev.kopgen.it.nsshards;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.annotations.Shard;
import dev.kopgen.annotations.Sharded;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;

/**
 * A namespace-sharded, elected operator with three shards: each ConfigMap in {@code shard-a},
 * {@code shard-b} or {@code shard-c} gets an owned {@code <name>-out} Secret recording which
 * instance wrote it ({@code writer}, its {@code POD_NAME}) and the ConfigMap's {@code value}.
 * Prints one line per reconcile for the tests to read. Lease timings are about half the defaults:
 * short enough for a quick fail-over test, long enough that a JVM starved for a few seconds on a
 * loaded 2-core machine does not miss its renew deadline (which would end it, onLoss EXIT).
 */
@Controller(
    name = "nsshards",
    resource = ConfigMap.class,
    owns = Secret.class,
    updatesStatus = false)
@LeaderElection(leaseDuration = "8s", renewDeadline = "6s", retryPeriod = "1s")
@Sharded({
  @Shard(name = "a", namespaces = "shard-a"),
  @Shard(name = "b", namespaces = "shard-b"),
  @Shard(name = "c", namespaces = "shard-c")
})
public class NsShardReconciler implements Reconciler<ConfigMap> {

  @Override
  public Result reconcile(ConfigMap source, Context context) {
    String name = source.getMetadata().getName();
    String namespace = source.getMetadata().getNamespace();
    String value = source.getData() == null ? "" : source.getData().getOrDefault("value", "");
    String pod = System.getenv("POD_NAME");
    System.out.println("RECONCILE " + pod + " " + namespace + "/" + name + " " + value);
    Secret out =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name + "-out")
            .withNamespace(namespace)
            .addNewOwnerReference()
            .withApiVersion("v1")
            .withKind("ConfigMap")
            .withName(name)
            .withUid(source.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withStringData(Map.of("writer", pod, "value", value))
            .build();
    context.client().resource(out).fieldManager("nsshards").forceConflicts().serverSideApply();
    return Result.done();
  }
}
