package dev.kopgen.runtime.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kopgen.runtime.FencedException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FencedClientTest {

  private static final String NS = "ops";

  private MockApi api;
  private KubernetesClient plain;
  private KubernetesClient fenced;
  private final AtomicBoolean mayWrite = new AtomicBoolean(true);

  @BeforeEach
  void setUp() {
    api = new MockApi();
    plain = api.client();
    fenced = FencedClient.create(plain, mayWrite::get, "demo-lease");
  }

  @AfterEach
  void tearDown() {
    fenced.close();
    api.close();
  }

  private static ConfigMap configMap(String name, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withData(Map.of("k", value))
        .build();
  }

  @Test
  void writesPassWhileLeading() {
    fenced.configMaps().resource(configMap("a", "1")).create();
    fenced
        .configMaps()
        .inNamespace(NS)
        .withName("a")
        .edit(
            cm -> {
              cm.getData().put("k", "2");
              return cm;
            });

    assertThat(plain.configMaps().inNamespace(NS).withName("a").get().getData())
        .containsEntry("k", "2");
  }

  @Test
  void everyMutatingVerbIsRefusedBeforeItLeavesTheProcess() throws Exception {
    ConfigMap existing = plain.configMaps().resource(configMap("existing", "original")).create();
    mayWrite.set(false);
    api.drainRequests();

    Throwable post =
        catchThrowable(() -> fenced.configMaps().resource(configMap("new", "x")).create());
    ConfigMap changed = configMap("existing", "changed");
    changed.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
    Throwable put = catchThrowable(() -> fenced.configMaps().resource(changed).update());
    Throwable patch =
        catchThrowable(
            () ->
                fenced
                    .configMaps()
                    .inNamespace(NS)
                    .withName("existing")
                    .patch(
                        PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"k\":\"patched\"}}"));
    Throwable delete =
        catchThrowable(() -> fenced.configMaps().inNamespace(NS).withName("existing").delete());

    assertRefused(post, "POST /api/v1/namespaces/ops/configmaps");
    assertRefused(put, "PUT /api/v1/namespaces/ops/configmaps/existing");
    assertRefused(patch, "PATCH /api/v1/namespaces/ops/configmaps/existing");
    assertRefused(delete, "DELETE /api/v1/namespaces/ops/configmaps/existing");
    System.out.println("[fence] a reconciler sees: " + post);

    List<String> writesReached =
        api.drainRequests().stream()
            .filter(r -> !"GET".equals(r.getMethod()))
            .map(RecordedRequest::getRequestLine)
            .collect(Collectors.toList());
    assertThat(writesReached).as("mutating requests that reached the API server").isEmpty();
    assertThat(plain.configMaps().inNamespace(NS).withName("new").get()).isNull();
    assertThat(plain.configMaps().inNamespace(NS).withName("existing").get().getData())
        .containsEntry("k", "original");
  }

  private static void assertRefused(Throwable thrown, String requestLine) {
    assertThat(thrown).as(requestLine).isNotNull();
    Throwable fence = thrown;
    while (fence != null && !(fence instanceof FencedException)) {
      fence = fence.getCause();
    }
    assertThat(fence).as("FencedException in the cause chain of %s", thrown).isNotNull();
    assertThat(fence.getMessage())
        .isEqualTo(
            "kopgen fenced this write: this instance no longer holds Lease 'demo-lease' (or could"
                + " not renew it within the renew deadline); refusing "
                + requestLine);
    // The reconciler sees the refusal itself, not a wrapper hiding it.
    assertThat(thrown.getMessage()).contains("kopgen fenced this write");
  }

  @Test
  void readsListsAndWatchesStillWorkWhileFenced() throws Exception {
    plain.configMaps().resource(configMap("seen", "1")).create();
    mayWrite.set(false);

    assertThat(fenced.configMaps().inNamespace(NS).withName("seen").get().getData())
        .containsEntry("k", "1");
    assertThat(fenced.configMaps().inNamespace(NS).list().getItems()).hasSize(1);

    CountDownLatch added = new CountDownLatch(1);
    try (Watch watch =
        fenced
            .configMaps()
            .inNamespace(NS)
            .watch(
                new Watcher<ConfigMap>() {
                  @Override
                  public void eventReceived(Action action, ConfigMap cm) {
                    if ("later".equals(cm.getMetadata().getName())) {
                      added.countDown();
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      plain.configMaps().resource(configMap("later", "2")).create();
      assertThat(added.await(5, TimeUnit.SECONDS))
          .as("watch event through the fenced client")
          .isTrue();
    }

    Set<String> methods =
        api.drainRequests().stream().map(RecordedRequest::getMethod).collect(Collectors.toSet());
    assertThat(methods).contains("GET");
  }

  @Test
  void theFenceFollowsTheSupplierBothWays() {
    mayWrite.set(false);
    assertThat(catchThrowable(() -> fenced.configMaps().resource(configMap("c", "1")).create()))
        .isNotNull();
    mayWrite.set(true);
    fenced.configMaps().resource(configMap("c", "1")).create();
    assertThat(plain.configMaps().inNamespace(NS).withName("c").get()).isNotNull();
  }
}
