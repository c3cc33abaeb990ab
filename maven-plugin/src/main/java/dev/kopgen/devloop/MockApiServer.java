package dev.kopgen.devloop;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fabric8 mock API server in CRUD mode, in the Maven JVM, over plain HTTP on the loopback
 * interface: it stores what clients write and serves lists and watches of it, which is enough to
 * see an operator reconcile, but it authorizes nothing, has no server-side apply, and validates
 * nothing.
 */
final class MockApiServer implements DevApiServer {

  // The mock logs every request at INFO through java.util.logging, which Maven prints. Held in
  // a field so the setting is not lost when the logger is garbage-collected.
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final String url;
  private final Path kubeconfig;

  private MockApiServer(KubernetesMockServer server, String url, Path kubeconfig) {
    this.server = server;
    this.url = url;
    this.kubeconfig = kubeconfig;
  }

  /**
   * Starts the mock on a free loopback port and writes a kubeconfig for it into {@code workDir}.
   */
  static MockApiServer start(Path workDir) {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    server.init(loopback, 0);
    String url = "http://" + loopback.getHostAddress() + ":" + server.getPort();
    Path kubeconfig = workDir.resolve("kubeconfig");
    try {
      Files.writeString(kubeconfig, kubeconfigYaml(url), StandardCharsets.UTF_8);
    } catch (IOException e) {
      server.destroy();
      throw new UncheckedIOException("cannot write " + kubeconfig, e);
    }
    return new MockApiServer(server, url, kubeconfig);
  }

  static String kubeconfigYaml(String url) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
          - name: kopgen-dev-mock
            cluster:
              server: %s
        users:
          - name: kopgen-dev
            user: {}
        contexts:
          - name: kopgen-dev-mock
            context:
              cluster: kopgen-dev-mock
              user: kopgen-dev
        current-context: kopgen-dev-mock
        """
        .formatted(url);
  }

  @Override
  public boolean real() {
    return false;
  }

  @Override
  public String description() {
    return "the fabric8 mock API server (CRUD mode) at " + url;
  }

  @Override
  public List<String> limitations() {
    return List.of(
        "no RBAC: the operator runs with every permission, so the generated Role/ClusterRole is"
            + " not checked",
        "no server-side apply: serverSideApply() fails (415); create, update, JSON and merge"
            + " patches work",
        "no validation against the CRD schema, no resourceVersion semantics on watches");
  }

  @Override
  public Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public Config adminConfig(String namespace) {
    Config config = Config.fromKubeconfig(kubeconfigYaml(url));
    config.setNamespace(namespace);
    return config;
  }

  @Override
  public Map<String, String> processEnvironment(String namespace, String serviceAccount) {
    return Map.of("KUBECONFIG", kubeconfig.toString());
  }

  @Override
  public void close() {
    server.destroy();
  }
}
