package dev.kopgen.runtime.controller;

import static dev.kopgen.runtime.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.Result;
import dev.kopgen.runtime.health.OperatorMetrics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Informers shared through an {@link InformerPool}: two controllers owning ConfigMaps read one
 * informer, each still hears its own children, and closing one leaves the other working; an owned
 * label selector keeps unlabelled objects out of the cache.
 */
@EnableKubernetesMockClient(crud = true)
class SharedInformersTest {

  static KubernetesClient client;

  private final List<Controller<?>> controllers = new java.util.ArrayList<>();

  @AfterEach
  void close() {
    controllers.forEach(Controller::close);
  }

  private void child(
      String ns, String name, String kind, String owner, String uid, Map<String, String> labels) {
    client
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .withLabels(labels)
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind(kind)
                        .withName(owner)
                        .withUid(uid)
                        .withController(true)
                        .build())
                .endMetadata()
                .build())
        .create();
  }

  @Test
  void twoControllersOwningOneTypeShareOneInformer() {
    String ns = "shared";
    Secret s =
        client
            .secrets()
            .inNamespace(ns)
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName("s")
                    .withNamespace(ns)
                    .endMetadata()
                    .build())
            .create();
    ServiceAccount a =
        client
            .serviceAccounts()
            .inNamespace(ns)
            .resource(
                new ServiceAccountBuilder()
                    .withNewMetadata()
                    .withName("a")
                    .withNamespace(ns)
                    .endMetadata()
                    .build())
            .create();
    child(ns, "of-secret", "Secret", "s", s.getMetadata().getUid(), Map.of());
    child(ns, "of-sa", "ServiceAccount", "a", a.getMetadata().getUid(), Map.of());
    InformerPool pool = new InformerPool();
    OperatorMetrics metrics = new OperatorMetrics();
    Map<String, List<String>> seen = new ConcurrentHashMap<>();
    Controller<Secret> secrets =
        Controller.builder(
                ControllerDefinition.<Secret>builder(
                        "secrets",
                        Secret.class,
                        () ->
                            (x, ctx) -> {
                              seen.put(
                                  "secret/" + x.getMetadata().getName(),
                                  names(ctx.owned(ConfigMap.class)));
                              return Result.done();
                            })
                    .namespaces(ns)
                    .owns(ConfigMap.class)
                    .build())
            .informerClient(client)
            .informers(pool)
            .metrics(metrics)
            .failureEvents(false)
            .build();
    Controller<ServiceAccount> accounts =
        Controller.builder(
                ControllerDefinition.<ServiceAccount>builder(
                        "accounts",
                        ServiceAccount.class,
                        () ->
                            (x, ctx) -> {
                              seen.put(
                                  "sa/" + x.getMetadata().getName(),
                                  names(ctx.owned(ConfigMap.class)));
                              return Result.done();
                            })
                    .namespaces(ns)
                    .owns(ConfigMap.class)
                    .build())
            .informerClient(client)
            .informers(pool)
            .metrics(metrics)
            .failureEvents(false)
            .build();
    controllers.add(secrets);
    controllers.add(accounts);
    for (Controller<?> c : controllers) {
      c.start();
      c.resume();
    }
    until("both reconciled", () -> seen.size() == 2);
    assertThat(pool.size()).as("Secrets, ServiceAccounts and one ConfigMap informer").isEqualTo(3);
    assertThat(seen)
        .containsEntry("secret/s", List.of("of-secret"))
        .containsEntry("sa/a", List.of("of-sa"));

    secrets.close();
    seen.clear();
    child(ns, "of-sa-2", "ServiceAccount", "a", a.getMetadata().getUid(), Map.of());
    child(ns, "of-secret-2", "Secret", "s", s.getMetadata().getUid(), Map.of());
    until(
        "the shared informer still feeds the other controller",
        () -> List.of("of-sa", "of-sa-2").equals(seen.get("sa/a")));
    assertThat(seen)
        .as("the closed controller reconciles nothing more")
        .doesNotContainKey("secret/s");
  }

  @Test
  void anOwnedLabelSelectorKeepsOtherObjectsOutOfTheCache() {
    String ns = "owned-selector";
    Secret s =
        client
            .secrets()
            .inNamespace(ns)
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName("s")
                    .withNamespace(ns)
                    .endMetadata()
                    .build())
            .create();
    child(ns, "mine", "Secret", "s", s.getMetadata().getUid(), Map.of("managed-by", "me"));
    child(ns, "unlabelled", "Secret", "s", s.getMetadata().getUid(), Map.of());
    Map<String, List<String>> seen = new ConcurrentHashMap<>();
    Controller<Secret> c =
        Controller.builder(
                ControllerDefinition.<Secret>builder(
                        "selected",
                        Secret.class,
                        () ->
                            (x, ctx) -> {
                              seen.put(
                                  x.getMetadata().getName(), names(ctx.owned(ConfigMap.class)));
                              return Result.done();
                            })
                    .namespaces(ns)
                    .owns(ConfigMap.class)
                    .ownedLabelSelector("managed-by=me")
                    .build())
            .informerClient(client)
            .failureEvents(false)
            .build();
    controllers.add(c);
    c.start();
    c.resume();
    until("reconciled", () -> seen.containsKey("s"));
    assertThat(seen.get("s")).containsExactly("mine");
  }

  private static List<String> names(List<ConfigMap> configMaps) {
    return configMaps.stream().map(cm -> cm.getMetadata().getName()).toList();
  }
}
