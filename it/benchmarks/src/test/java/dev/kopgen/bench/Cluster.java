package dev.kopgen.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** What the harness does on the API server: the CRD, the namespace, objects, clean-up. */
final class Cluster {

  private static final String NS = BenchWork.NAMESPACE;
  private final KubernetesClient client;

  Cluster(KubernetesClient client) {
    this.client = client;
  }

  KubernetesClient client() {
    return client;
  }

  /** Creates the Bench CRD (status subresource, open schema) and the namespace, once. */
  void prepare() {
    String plural = HasMetadata.getPlural(Bench.class);
    CustomResourceDefinition crd =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName(plural + "." + Bench.GROUP)
            .endMetadata()
            .withNewSpec()
            .withGroup(Bench.GROUP)
            .withScope("Namespaced")
            .withNewNames()
            .withKind("Bench")
            .withPlural(plural)
            .withSingular(HasMetadata.getSingular(Bench.class))
            .endNames()
            .addNewVersion()
            .withName(Bench.VERSION)
            .withServed(true)
            .withStorage(true)
            .withNewSubresources()
            .withNewStatus()
            .endStatus()
            .endSubresources()
            .withNewSchema()
            .withNewOpenAPIV3Schema()
            .withType("object")
            .withXKubernetesPreserveUnknownFields(true)
            .endOpenAPIV3Schema()
            .endSchema()
            .endVersion()
            .endSpec()
            .build();
    client.resource(crd).fieldManager("bench").forceConflicts().serverSideApply();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(
            c ->
                c.getStatus() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
            30,
            TimeUnit.SECONDS);
    if (client.namespaces().withName(NS).get() == null) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
          .create();
    }
    authorizeOperators();
  }

  /**
   * The ServiceAccount every benchmarked operator acts as, bound to {@code cluster-admin}: the same
   * for every framework, so no framework's figures include a missing permission's retries, while
   * each request is still authenticated by a ServiceAccount token and authorized by RBAC, as a
   * pod's are. Waits until the authorizer has the binding.
   */
  private void authorizeOperators() {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata()
                .withName(Jvm.SERVICE_ACCOUNT)
                .withNamespace(NS)
                .endMetadata()
                .build())
        .fieldManager("bench")
        .serverSideApply();
    client
        .resource(
            new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("kopgen-bench-operator")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(Jvm.SERVICE_ACCOUNT)
                .withNamespace(NS)
                .endSubject()
                .build())
        .fieldManager("bench")
        .forceConflicts()
        .serverSideApply();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (KubernetesClient operator =
        dev.kopgen.it.TestApiServer.shared().clientAs(NS, Jvm.SERVICE_ACCOUNT)) {
      while (true) {
        try {
          operator.resources(Bench.class).inNamespace(NS).list();
          operator.resources(Lease.class).inNamespace(NS).list();
          return;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
          if (e.getCode() != 403 || System.nanoTime() > deadline) {
            throw e;
          }
          Jvm.sleep(100);
        }
      }
    }
  }

  /** Deletes every Bench, child and Lease in the namespace and waits until they are gone. */
  void clean() {
    client.resources(Bench.class).inNamespace(NS).delete();
    client.configMaps().inNamespace(NS).withLabel(BenchWork.CHILD_LABEL).delete();
    client.resources(Lease.class).inNamespace(NS).delete();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!client.resources(Bench.class).inNamespace(NS).list().getItems().isEmpty()
        || !client
            .configMaps()
            .inNamespace(NS)
            .withLabel(BenchWork.CHILD_LABEL)
            .list()
            .getItems()
            .isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("benchmark objects not deleted within 2 minutes");
      }
      Jvm.sleep(100);
    }
  }

  /** Deletes the Leases (a killed leader's Lease would delay the next run's start). */
  void deleteLeases() {
    client.resources(Lease.class).inNamespace(NS).delete();
  }

  /** The holder of a Lease, or "" when released or absent. */
  String leaseHolder(String name) {
    Lease lease = client.resources(Lease.class).inNamespace(NS).withName(name).get();
    if (lease == null || lease.getSpec() == null || lease.getSpec().getHolderIdentity() == null) {
      return "";
    }
    return lease.getSpec().getHolderIdentity();
  }

  static Bench bench(String name, int value) {
    Bench b = new Bench();
    b.getMetadata().setName(name);
    b.getMetadata().setNamespace(NS);
    Bench.Spec spec = new Bench.Spec();
    spec.setValue(value);
    b.setSpec(spec);
    return b;
  }

  /** Creates {@code count} objects {@code <prefix>-<i>} with 8 client threads. */
  void create(String prefix, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(prefix + "-" + i);
    }
    parallel(names, n -> client.resource(bench(n, 1)).create());
  }

  /**
   * Creates {@code count} ConfigMaps {@code <prefix>-<i>} labelled {@code
   * bench.kopgen.dev/cache=cached}, each with {@code dataBytes} of data, with 8 client threads.
   */
  void createCachedConfigMaps(String prefix, int count, int dataBytes) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(prefix + "-" + i);
    }
    String data = "x".repeat(dataBytes);
    parallel(
        names,
        n ->
            client
                .resource(
                    new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(n)
                        .withNamespace(NS)
                        .addToLabels(BenchWork.CACHE_LABEL, "cached")
                        .endMetadata()
                        .addToData("payload", data)
                        .build())
                .create());
  }

  /** Deletes the ConfigMaps of {@link #createCachedConfigMaps} and waits until they are gone. */
  void deleteCachedConfigMaps() {
    client.configMaps().inNamespace(NS).withLabel(BenchWork.CACHE_LABEL).delete();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!client
        .configMaps()
        .inNamespace(NS)
        .withLabel(BenchWork.CACHE_LABEL)
        .list()
        .getItems()
        .isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("cached ConfigMaps not deleted within 2 minutes");
      }
      Jvm.sleep(100);
    }
  }

  /** Creates one object and returns epoch µs just before the request was sent. */
  long createTimed(String name) {
    long at = BenchWork.nowMicros();
    client.resource(bench(name, 1)).create();
    return at;
  }

  /** Sets {@code spec.value} with a JSON merge patch. */
  void setValue(String name, int value) {
    client
        .resources(Bench.class)
        .inNamespace(NS)
        .withName(name)
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"spec\":{\"value\":" + value + "}}");
  }

  /** The observed values of every object (name → status.observedValue, -1 without status). */
  Map<String, Integer> observed() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    for (Bench b : client.resources(Bench.class).inNamespace(NS).list().getItems()) {
      out.put(
          b.getMetadata().getName(), b.getStatus() == null ? -1 : b.getStatus().getObservedValue());
    }
    return out;
  }

  static <T> void parallel(List<T> items, java.util.function.Consumer<T> action) {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> action.accept(item)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
