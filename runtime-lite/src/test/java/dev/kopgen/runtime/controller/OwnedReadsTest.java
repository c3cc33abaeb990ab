package dev.kopgen.runtime.controller;

import static dev.kopgen.runtime.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Context.owned} and {@code Context.cached}: the children of the primary being reconciled,
 * from the owned informers' owner-UID index, as copies; a child whose owner reference leaves {@code
 * controller} unset (fabric8's {@code addOwnerReference()}) counts and triggers its owner too; a
 * metadata-only owned type ({@code @Owns(metadataOnly = true)}) is handed out with only metadata.
 */
@EnableKubernetesMockClient(crud = true)
class OwnedReadsTest {

  static KubernetesClient client;

  private Controller<Secret> controller;

  @AfterEach
  void close() {
    if (controller != null) {
      controller.close();
    }
  }

  private Secret secret(String ns, String name) {
    return client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .build())
        .create();
  }

  private void child(String ns, String name, Secret owner, Boolean controller) {
    client
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("Secret")
                        .withName(owner.getMetadata().getName())
                        .withUid(owner.getMetadata().getUid())
                        .withController(controller)
                        .build())
                .endMetadata()
                .addToData("v", name)
                .build())
        .create();
  }

  @Test
  void ownedChildrenComeFromTheIndexAsCopies() {
    String ns = "owned-reads";
    Secret a = secret(ns, "a");
    Secret b = secret(ns, "b");
    child(ns, "a-1", a, true);
    child(ns, "a-2", a, null); // fabric8's addOwnerReference(): controller unset
    child(ns, "a-3", a, false); // explicitly not the controller: not a child
    child(ns, "b-1", b, true);
    Map<String, List<String>> seen = new ConcurrentHashMap<>();
    Map<String, Optional<String>> byName = new ConcurrentHashMap<>();
    controller =
        Controller.builder(
                ControllerDefinition.<Secret>builder(
                        "owned-reads",
                        Secret.class,
                        () ->
                            (secret, ctx) -> {
                              List<ConfigMap> owned = ctx.owned(ConfigMap.class);
                              owned.forEach(cm -> cm.getData().put("v", "mutated"));
                              seen.put(
                                  secret.getMetadata().getName(),
                                  ctx.owned(ConfigMap.class).stream()
                                      .map(
                                          cm ->
                                              cm.getMetadata().getName()
                                                  + "="
                                                  + cm.getData().get("v"))
                                      .toList());
                              byName.put(
                                  secret.getMetadata().getName(),
                                  ctx.cached(ConfigMap.class, "b-1")
                                      .map(cm -> cm.getMetadata().getName()));
                              assertThatThrownBy(() -> ctx.owned(Secret.class))
                                  .hasMessageContaining("neither owned nor watched");
                              return Result.done();
                            })
                    .namespaces(ns)
                    .owns(ConfigMap.class)
                    .build())
            .informerClient(client)
            .failureEvents(false)
            .build();
    controller.start();
    controller.resume();
    // Both maps: with several workers, one reconcile may still be between its two puts.
    until("both reconciled", () -> seen.size() == 2 && byName.size() == 2);

    assertThat(seen.get("a")).containsExactly("a-1=a-1", "a-2=a-2");
    assertThat(seen.get("b")).containsExactly("b-1=b-1");
    assertThat(byName.get("a")).contains("b-1");
  }

  @Test
  void aChildWithTheControllerFlagUnsetReconcilesItsOwner() {
    String ns = "unset-controller";
    Secret a = secret(ns, "a");
    Map<String, Integer> runs = new ConcurrentHashMap<>();
    controller =
        Controller.builder(
                ControllerDefinition.<Secret>builder(
                        "unset-controller",
                        Secret.class,
                        () ->
                            (secret, ctx) -> {
                              runs.merge(secret.getMetadata().getName(), 1, Integer::sum);
                              return Result.done();
                            })
                    .namespaces(ns)
                    .owns(ConfigMap.class)
                    .build())
            .informerClient(client)
            .failureEvents(false)
            .build();
    controller.start();
    controller.resume();
    until("first reconcile", () -> runs.getOrDefault("a", 0) == 1);
    child(ns, "a-2", a, null);
    until("the child's event reconciles its owner", () -> runs.getOrDefault("a", 0) >= 2);
  }

  @Test
  void aMetadataOnlyOwnedTypeIsHandedOutWithItsKindAndMetadataOnlyAndItsDeletionReconciles() {
    String ns = "metadata-only-owned";
    Secret a = secret(ns, "a");
    child(ns, "a-1", a, true);
    Map<String, Integer> runs = new ConcurrentHashMap<>();
    Map<String, List<ConfigMap>> seen = new ConcurrentHashMap<>();
    InformerPool pool = new InformerPool();
    controller =
        Controller.builder(
                ControllerDefinition.<Secret>builder(
                        "metadata-only-owned",
                        Secret.class,
                        () ->
                            (secret, ctx) -> {
                              seen.put(secret.getMetadata().getName(), ctx.owned(ConfigMap.class));
                              runs.merge(secret.getMetadata().getName(), 1, Integer::sum);
                              return Result.done();
                            })
                    .namespaces(ns)
                    .ownsMetadataOnly(ConfigMap.class)
                    .build())
            .informerClient(client)
            .informers(pool)
            .failureEvents(false)
            .build();
    controller.start();
    controller.resume();
    until("the child is seen", () -> seen.get("a") != null && seen.get("a").size() == 1);

    ConfigMap cached = seen.get("a").get(0);
    assertThat(cached.getKind()).isEqualTo("ConfigMap");
    assertThat(cached.getMetadata().getName()).isEqualTo("a-1");
    assertThat(cached.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(a.getMetadata().getUid()));
    assertThat(cached.getData()).isNullOrEmpty(); // the mock server sent it; the cache hands none
    // The pool holds the primary's informer only: a metadata-only one is never shared.
    assertThat(pool.size()).isEqualTo(1);

    int before = runs.get("a");
    client.configMaps().inNamespace(ns).withName("a-1").delete();
    until("the deletion reconciles the owner", () -> runs.get("a") > before);
    until("the cache forgets it", () -> seen.get("a").isEmpty());
  }
}
