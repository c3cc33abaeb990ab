package dev.kopgen.it.decisive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kopgen.it.TestApiServer;
import dev.kopgen.it.process.OperatorProcess;
import dev.kopgen.manifests.ManifestSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What the decisive tests share: settings, namespaces, YAML reading, kubectl, access reviews,
 * waiting on an operator, reading a test resource's status.
 */
final class Decisive {

  private Decisive() {}

  /** The settings {@code mvn package} would use for {@code name}, installed into {@code ns}. */
  static ManifestSettings settings(String name, String namespace) {
    return ManifestSettings.defaults(name, "kopgen-it/" + name + ":test").withNamespace(namespace);
  }

  /**
   * Creates {@code name} unless it exists. For the namespaces test operators name in their
   * annotations: they cannot be per-test, and without kube-controller-manager a deleted namespace
   * never goes away, so they are created once per API server and kept.
   */
  static synchronized void ensureNamespace(KubernetesClient client, String name) {
    if (client.namespaces().withName(name).get() == null) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
  }

  /** Every YAML document in {@code yaml} (comments and all), as JSON trees. */
  static List<JsonNode> yamlDocuments(String yaml) {
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    List<JsonNode> docs = new ArrayList<>();
    try (var values = mapper.readerFor(JsonNode.class).readValues(yaml)) {
      while (values.hasNext()) {
        JsonNode node = (JsonNode) values.next();
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          docs.add(node);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  /** The result of one kubectl run. */
  record KubectlRun(int exitCode, String output) {}

  /** Runs the test server's own kubectl against it, as cluster admin. */
  static KubectlRun kubectl(TestApiServer server, String... args) {
    List<String> command = new ArrayList<>();
    command.add(kubectlBinary(server).toString());
    command.add("--kubeconfig=" + server.kubeconfigFile());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("kopgen-kubectl-", ".log");
      try {
        Process p =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError("kubectl did not finish in 60 s: " + command);
        }
        return new KubectlRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The kubectl that was built with the server ({@code <dir>/k8s/<version>-<os>-<arch>/}). */
  private static Path kubectlBinary(TestApiServer server) {
    String dir = System.getProperty("kopgen.apiserver.dir");
    Path k8s =
        (dir == null || dir.isBlank()
                ? Path.of(System.getProperty("user.home"), ".kubeapitest")
                : Path.of(dir))
            .resolve("k8s");
    try (Stream<Path> versions = Files.list(k8s)) {
      return versions
          .filter(p -> p.getFileName().toString().startsWith(server.version() + "-"))
          .map(p -> p.resolve("kubectl"))
          .filter(Files::isExecutable)
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no kubectl under " + k8s));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Asks the API server's authorizer whether {@code serviceAccount} may do something: exactly the
   * decision its requests would get, without making them.
   *
   * @param namespace where the request would go; null for a cluster-wide request
   * @param name the object's name; null for any
   */
  static boolean allowed(
      KubernetesClient admin,
      String saNamespace,
      String serviceAccount,
      String verb,
      String group,
      String resource,
      String namespace,
      String name) {
    String subresource = null;
    int slash = resource.indexOf('/');
    if (slash >= 0) {
      subresource = resource.substring(slash + 1);
      resource = resource.substring(0, slash);
    }
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(TestApiServer.serviceAccountUser(saNamespace, serviceAccount))
            .withGroups(
                "system:serviceaccounts",
                "system:serviceaccounts:" + saNamespace,
                "system:authenticated")
            .withNewResourceAttributes()
            .withVerb(verb)
            .withGroup(group)
            .withResource(resource)
            .withSubresource(subresource)
            .withNamespace(namespace)
            .withName(name)
            .endResourceAttributes()
            .endSpec()
            .build();
    return admin.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
  }

  /**
   * Polls {@code probe} every 100 ms until it yields a value, and returns it; after {@code timeout}
   * fails saying what did not happen, with the operator's log.
   */
  static <T> T await(OperatorProcess p, String what, Duration timeout, Supplier<Optional<T>> probe)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError(
        what
            + " did not happen within "
            + timeout
            + "; "
            + p.podName()
            + "'s log:\n"
            + p.logText());
  }

  /** The status of the test operators' custom resource {@code kopgen.dev/v1 kind ns/name}. */
  static Optional<Map<?, ?>> status(
      KubernetesClient admin, String kind, String namespace, String name) {
    GenericKubernetesResource r =
        admin
            .genericKubernetesResources("kopgen.dev/v1", kind)
            .inNamespace(namespace)
            .withName(name)
            .get();
    Object s = r == null ? null : r.getAdditionalProperties().get("status");
    return s instanceof Map<?, ?> m ? Optional.of(m) : Optional.empty();
  }
}
