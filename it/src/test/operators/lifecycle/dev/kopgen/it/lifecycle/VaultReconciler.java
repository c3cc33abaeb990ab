package dev.kopgen.it.lifecycle;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.annotations.OnLeadershipLoss;
import dev.kopgen.annotations.Verb;
import dev.kopgen.runtime.Cleaner;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Copies each Vault into a ConfigMap {@code <ns>.<name>} in {@code spec.vaultNamespace}, which
 * garbage collection cannot remove; its cleanup deletes that copy. The cleanup fails the first
 * {@code spec.failCleanups} times and waits {@code spec.cleanupDelayMillis} first, so tests can
 * watch retries and kill the leader mid-cleanup.
 */
@Controller(
    resource = Vault.class,
    owns = ConfigMap.class,
    ownedVerbs = {Verb.CREATE, Verb.PATCH, Verb.DELETE})
// Generous timing and REJOIN: the test machine is loaded, and a lost Lease must not end the JVM.
@LeaderElection(
    leaseDuration = "8s",
    renewDeadline = "6s",
    retryPeriod = "1s",
    onLoss = OnLeadershipLoss.REJOIN)
public class VaultReconciler implements Reconciler<Vault>, Cleaner<Vault> {

  private final Map<String, AtomicInteger> cleanupAttempts = new ConcurrentHashMap<>();

  @Override
  public Result reconcile(Vault vault, Context context) {
    String ns = vault.getMetadata().getNamespace();
    String name = vault.getMetadata().getName();
    ConfigMap copy =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(ns + "." + name)
            .withNamespace(vault.getSpec().getVaultNamespace())
            .endMetadata()
            .withData(Map.of("uid", vault.getMetadata().getUid()))
            .build();
    context.client().resource(copy).fieldManager("lifecycle").forceConflicts().serverSideApply();
    Vault patch = new Vault();
    patch.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    Vault.Status status = new Vault.Status();
    status.setObservedGeneration(vault.getMetadata().getGeneration());
    patch.setStatus(status);
    context.client().resource(patch).patchStatus();
    System.out.println(
        "RECONCILED vault "
            + ns
            + "/"
            + name
            + " finalizers="
            + vault.getMetadata().getFinalizers());
    return Result.done();
  }

  @Override
  public Result cleanup(Vault vault, Context context) throws InterruptedException {
    String ns = vault.getMetadata().getNamespace();
    String name = vault.getMetadata().getName();
    int attempt =
        cleanupAttempts
            .computeIfAbsent(vault.getMetadata().getUid(), k -> new AtomicInteger())
            .incrementAndGet();
    System.out.println("CLEANUP-START vault " + ns + "/" + name + " attempt=" + attempt);
    Thread.sleep(vault.getSpec().getCleanupDelayMillis());
    if (attempt <= vault.getSpec().getFailCleanups()) {
      System.out.println("CLEANUP-FAILED vault " + ns + "/" + name + " attempt=" + attempt);
      throw new IllegalStateException("vault offline (attempt " + attempt + ")");
    }
    context
        .client()
        .configMaps()
        .inNamespace(vault.getSpec().getVaultNamespace())
        .withName(ns + "." + name)
        .delete();
    System.out.println("CLEANED vault " + ns + "/" + name + " attempt=" + attempt);
    return Result.done();
  }
}
