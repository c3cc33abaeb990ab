package dev.kopgen.it.ownedsecrets;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.Owns;
import dev.kopgen.annotations.Verb;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Optional;

/**
 * Owns its token Secret metadata-only (the operator never caches Secret content) with exactly the
 * write verbs it uses on it, create and patch (server-side apply); ConfigMaps, owned the short way,
 * keep {@code ownedVerbs}' default. Each reconcile reads its Secrets from the cache and reports
 * what the cache holds; a missing token Secret is applied.
 */
@Controller(resource = Keeper.class, owns = ConfigMap.class)
@Owns(
    value = Secret.class,
    verbs = {Verb.CREATE, Verb.PATCH},
    metadataOnly = true)
public class KeeperReconciler implements Reconciler<Keeper> {

  @Override
  public Result reconcile(Keeper keeper, Context context) {
    String name = keeper.getMetadata().getName();
    String namespace = keeper.getMetadata().getNamespace();
    String token = name + "-token";
    List<Secret> owned = context.owned(Secret.class);
    Optional<Secret> mine =
        owned.stream().filter(s -> token.equals(s.getMetadata().getName())).findFirst();
    if (mine.isEmpty()) {
      context.applyOwned(
          new SecretBuilder()
              .withNewMetadata()
              .withName(token)
              .endMetadata()
              .addToStringData("token", "s3cr3t-" + name)
              .build());
    }
    Keeper.Status status = new Keeper.Status();
    status.setSecrets(owned.stream().map(s -> s.getMetadata().getName()).toList());
    mine.ifPresent(
        s -> {
          status.setUid(s.getMetadata().getUid());
          status.setKind(s.getKind());
          // fabric8's model starts data and stringData as empty maps: any entry is content.
          status.setHasData(
              (s.getData() != null && !s.getData().isEmpty())
                  || (s.getStringData() != null && !s.getStringData().isEmpty()));
        });
    Keeper patch = new Keeper();
    patch.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    patch.setStatus(status);
    context.client().resource(patch).patchStatus();
    System.out.println("RECONCILED " + namespace + "/" + name + " owned " + status.getSecrets());
    return Result.done();
  }
}
