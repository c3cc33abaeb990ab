package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.process.OperatorProcess;
import dev.kopgen.rules.PodContract;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end: the manifests {@code mvn package} wrote, the operator as its own JVM acting as its
 * ServiceAccount, a real kube-apiserver. Runs with {@code mvn verify} (failsafe, after
 * {@code package}).
 *
 * <p>The test API server has no nodes, so the Deployment is not applied: the test runs the
 * operator the way the Deployment would ({@code KopgenOperator} with the pod's environment and a
 * token of the generated ServiceAccount bound to a Pod of its name), only as a local process
 * started by kopgen-it's {@link OperatorProcess}.
 */
class ${resourceKind}OperatorIT {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  private static final Path MANIFESTS = Path.of("target", "kubernetes");
  private static final Path SAMPLE = Path.of("src", "main", "k8s", "sample.yaml");
  private static final Path OPERATOR_LOG =
      Path.of("target", ${resourceKind}OperatorIT.class.getSimpleName() + "-operator.log");
  private static final String POD_NAME = "${artifactId}-it";
  /** Generous: a loaded CI machine may need a while to start a JVM. */
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private OperatorProcess operator;

  @AfterEach
  void killOperatorLeftRunning() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void reconcilesTheSampleAndReleasesTheLeaseOnSigterm() throws Exception {
    KubernetesClient client = api.client();
    String namespace = api.namespace();

    // 1. Install the generated manifests as `kubectl apply -k target/kubernetes` would, moved
    //    into this test's namespace (as `kustomize edit set namespace` would).
    List<HasMetadata> manifests = loadManifests(namespace);
    for (HasMetadata crd : ofKind(manifests, CustomResourceDefinition.class)) {
      client.resource(crd).serverSideApply();
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(
              ${resourceKind}OperatorIT::established, TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    for (HasMetadata object : manifests) {
      if (!(object instanceof CustomResourceDefinition) && !(object instanceof Deployment)) {
        client.resource(object).serverSideApply();
      }
    }
    String serviceAccount =
        ofKind(manifests, ServiceAccount.class).get(0).getMetadata().getName();
    // RBAC changes reach the authorizer asynchronously: wait until the operator's identity can
    // list what it watches, so a slow authorizer cache does not look like an operator bug.
    try (KubernetesClient asOperator = api.server().clientAs(namespace, serviceAccount)) {
      await("RBAC for " + serviceAccount, () -> canList(asOperator));
    }

    // 2. The sample ${resourceKind}, then the operator: the time to the first reconcile is its
    //    startup time.
    ${resourceKind} sample = client.resources(${resourceKind}.class).load(SAMPLE.toFile()).item();
    client.resource(sample).inNamespace(namespace).create();
    String name = sample.getMetadata().getName();
    operator =
        OperatorProcess.builder(KopgenOperator.class.getName())
            .pod(POD_NAME, namespace)
            .serviceAccount(api.server(), namespace, serviceAccount)
            .log(OPERATOR_LOG)
            .start();

    ConfigMap configMap =
        await(
            "the ConfigMap of " + name,
            () -> client.configMaps().inNamespace(namespace).withName(name + "-config").get());
    ${resourceKind} reconciled =
        await("the status of " + name, () -> ready(client, namespace, name, 1));
    long firstReconcileMillis = millisSince(operator.startedNanos());

    assertThat(configMap.getData()).containsEntry("message", sample.getSpec().getMessage());
    assertThat(configMap.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getUid()).isEqualTo(reconciled.getMetadata().getUid());
              assertThat(owner.getController()).isTrue();
            });
    assertThat(reconciled.getStatus().getConfigMapName()).isEqualTo(name + "-config");
    assertThat(operator.health(PodContract.READYZ_PATH)).isEqualTo(200);
    assertThat(leases(client, namespace))
        .singleElement()
        .satisfies(lease -> assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(POD_NAME));

    // 3. A spec change reaches the ConfigMap through the watch.
    long edited = System.nanoTime();
    client
        .resources(${resourceKind}.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            r -> {
              r.getSpec().setMessage("changed by the test");
              return r;
            });
    await("the status of " + name + " for generation 2", () -> ready(client, namespace, name, 2));
    long updateMillis = millisSince(edited);
    configMap = client.configMaps().inNamespace(namespace).withName(name + "-config").get();
    assertThat(configMap.getData()).containsEntry("message", "changed by the test");

    // 4. The Secret the sample names: not there at first (the status above did not wait for
    //    it), then created and changed. The operator watches Secrets, and each change of this
    //    one reconciles the sample, which reads it from its cache: key names, never values.
    String secretName = sample.getSpec().getSecretName();
    assertThat(secretName).as("spec.secretName of %s", SAMPLE).isNotNull();
    assertThat(configMap.getData()).doesNotContainKey("secretKeys");
    long secretCreated = System.nanoTime();
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata().withName(secretName).endMetadata()
                .addToStringData("username", "demo")
                .build())
        .create();
    await("secretKeys of " + name + "-config after the Secret's creation",
        () -> secretKeys(client, namespace, name, "username"));
    long secretMillis = millisSince(secretCreated);
    client
        .secrets()
        .inNamespace(namespace)
        .withName(secretName)
        .edit(secret -> new SecretBuilder(secret).addToStringData("password", "s3cr3t").build());
    configMap = await("secretKeys of " + name + "-config after the Secret's change",
        () -> secretKeys(client, namespace, name, "password,username"));
    assertThat(configMap.getData().values()).doesNotContain("demo", "s3cr3t");

    // 5. SIGTERM, as Kubernetes stops a pod: the operator drains, releases its Lease so a
    //    standby can take over at once, and exits with 0.
    long stopping = System.nanoTime();
    operator.terminate();
    int status = operator.awaitExit(TIMEOUT);
    long shutdownMillis = millisSince(stopping);
    assertThat(status).as("exit status after SIGTERM%n%s", operator.logText()).isZero();
    assertThat(leases(client, namespace))
        .singleElement()
        .satisfies(lease -> assertThat(lease.getSpec().getHolderIdentity()).isNullOrEmpty());

    System.out.printf(
        "%s: operator start -> first reconcile %d ms, spec change -> status %d ms,"
            + " Secret created -> ConfigMap %d ms, SIGTERM -> exit %d ms (operator log: %s)%n",
        getClass().getSimpleName(),
        firstReconcileMillis, updateMillis, secretMillis, shutdownMillis, OPERATOR_LOG);
  }

  /**
   * Every object in {@code target/kubernetes}, with namespaced objects and the ServiceAccount
   * subjects of bindings moved to {@code namespace}.
   */
  private static List<HasMetadata> loadManifests(String namespace) throws IOException {
    assertThat(MANIFESTS.resolve("serviceaccount.yaml"))
        .as("manifests written by kopgen-maven-plugin at `package`")
        .exists();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(MANIFESTS)) {
      files = walk.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    List<HasMetadata> objects = new ArrayList<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        objects.addAll(api.client().load(in).items());
      }
    }
    for (HasMetadata object : objects) {
      if (object instanceof Namespaced) {
        object.getMetadata().setNamespace(namespace);
      }
      List<Subject> subjects =
          object instanceof RoleBinding binding
              ? binding.getSubjects()
              : object instanceof ClusterRoleBinding binding ? binding.getSubjects() : List.of();
      subjects.stream()
          .filter(s -> "ServiceAccount".equals(s.getKind()))
          .forEach(s -> s.setNamespace(namespace));
    }
    return objects;
  }

  private static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
    List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(matching).as("%s in %s", type.getSimpleName(), MANIFESTS).isNotEmpty();
    return matching;
  }

  private static boolean established(CustomResourceDefinition crd) {
    // Right after creation the status may exist without conditions yet.
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Boolean canList(KubernetesClient asOperator) {
    try {
      asOperator.resources(${resourceKind}.class).inAnyNamespace().list();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return null;
      }
      throw e;
    }
  }

  /** The resource once its status reports {@code generation} reconciled, else null. */
  private static ${resourceKind} ready(
      KubernetesClient client, String namespace, String name, long generation) {
    ${resourceKind} resource =
        client.resources(${resourceKind}.class).inNamespace(namespace).withName(name).get();
    ${resourceKind}Status status = resource == null ? null : resource.getStatus();
    return status != null
            && Boolean.TRUE.equals(status.getReady())
            && Long.valueOf(generation).equals(status.getObservedGeneration())
        ? resource
        : null;
  }

  /** The resource's ConfigMap once it lists exactly {@code keys}, else null. */
  private static ConfigMap secretKeys(
      KubernetesClient client, String namespace, String name, String keys) {
    ConfigMap configMap =
        client.configMaps().inNamespace(namespace).withName(name + "-config").get();
    return configMap != null && keys.equals(configMap.getData().get("secretKeys"))
        ? configMap
        : null;
  }

  private static List<Lease> leases(KubernetesClient client, String namespace) {
    return client.leases().inNamespace(namespace).list().getItems();
  }

  /** Polls {@code probe} until it returns non-null, failing early if the operator died. */
  private <T> T await(String what, Callable<T> probe) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      if (operator != null && !operator.isAlive()) {
        fail("operator exited with status %d while waiting for %s%n%s",
            operator.exitStatus().orElse(-1), what, operator.logText());
      }
      T value = probe.call();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        fail("no %s after %s%n%s", what, TIMEOUT, operator == null ? "" : operator.tail());
      }
      Thread.sleep(100);
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
