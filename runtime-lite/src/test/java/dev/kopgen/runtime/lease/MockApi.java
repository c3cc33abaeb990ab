package dev.kopgen.runtime.lease;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A fresh fabric8 mock API server in CRUD mode per test, and clients for it. */
final class MockApi implements AutoCloseable {

  // The mock server logs every request at INFO through java.util.logging; the elections make
  // hundreds. Held in a field so the setting is not garbage-collected with the logger.
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  final KubernetesMockServer server =
      new KubernetesMockServer(
          new Context(),
          new MockWebServer(),
          new HashMap<>(),
          new KubernetesCrudDispatcher(),
          false);
  private final List<KubernetesClient> clients = new ArrayList<>();

  MockApi() {
    server.init();
  }

  synchronized KubernetesClient client() {
    KubernetesClient client = server.createClient();
    clients.add(client);
    return client;
  }

  /** A client whose requests pass {@code hook} first (to inject failures or races). */
  synchronized KubernetesClient client(Interceptor hook) {
    KubernetesClient client =
        server.createClient(
            b ->
                b.withHttpClientBuilderConsumer(h -> h.addOrReplaceInterceptor("test-hook", hook)));
    clients.add(client);
    return client;
  }

  /** Everything the server received since the last call, oldest first. */
  List<RecordedRequest> drainRequests() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      requests.add(r);
    }
    return requests;
  }

  @Override
  public synchronized void close() {
    clients.forEach(KubernetesClient::close);
    server.destroy();
  }
}
