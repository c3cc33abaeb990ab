package dev.kopgen.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 access to a real kube-apiserver: one server shared by every test of the run ({@link
 * TestApiServer#shared()}), and a fresh namespace for each test.
 *
 * <pre>{@code
 * @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();
 *
 * @Test void reconciles() {
 *   api.client().configMaps().inNamespace(api.namespace()).resource(cm).create();
 * }
 * }</pre>
 *
 * <p>The test's namespace is deleted afterwards. The test API server runs no
 * kube-controller-manager, so deleted namespaces stay Terminating and nothing is garbage collected:
 * tests must not rely on either.
 */
public final class KubeApiServerExtension implements BeforeEachCallback, AfterEachCallback {

  private String namespace;

  /** The shared server (started on first use). */
  public TestApiServer server() {
    return TestApiServer.shared();
  }

  /** A cluster-admin client. */
  public KubernetesClient client() {
    return server().adminClient();
  }

  /** The current test's namespace. */
  public String namespace() {
    if (namespace == null) {
      throw new IllegalStateException(
          "no test namespace yet: register the extension as a static @RegisterExtension field"
              + " and call namespace() from a test or @BeforeEach method");
    }
    return namespace;
  }

  /** Creates one more namespace, for tests that need several (deleted after the test too). */
  public String createNamespace(String prefix) {
    String name = uniqueName(prefix);
    client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    namespace = createNamespace(context.getRequiredTestMethod().getName().toLowerCase(Locale.ROOT));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (namespace != null) {
      client().namespaces().withName(namespace).delete();
      namespace = null;
    }
  }

  private static String uniqueName(String prefix) {
    String clean = prefix.replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-");
    if (clean.length() > 40) {
      clean = clean.substring(0, 40);
    }
    clean = clean.replaceAll("^-|-$", "");
    String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
    return (clean.isEmpty() ? "t" : clean) + "-" + suffix;
  }
}
