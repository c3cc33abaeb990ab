package dev.kopgen.it.showcase;

import dev.kopgen.it.TestApiServer;
import dev.kopgen.it.process.OperatorProcess;
import dev.kopgen.rules.PodContract;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The end of kopgen's quick start: a generated operator running against a real kube-apiserver, told
 * as a short transcript with measured times.
 *
 * <p>It applies the manifests {@code mvn package} wrote (everything but the Deployment: the local
 * API server has no nodes, so the Deployment's two replicas run as two local JVMs instead, each
 * with the environment the Deployment gives its pods and acting as the generated ServiceAccount),
 * waits for one replica to lead and the other to stand by, applies the sample, shows the child
 * objects and the status the reconcile wrote, stops the leader with SIGTERM as Kubernetes stops a
 * pod, and shows the standby taking over and the old leader exiting 0 with its Lease released. Then
 * the new leader reconciles a spec change, and it is stopped too.
 *
 * <p>Run as {@code java -cp <the project's test classpath> dev.kopgen.it.showcase.HandOverShowcase
 * <operator main class> [project dir]} (quickstart.sh does). Exits 0 when every step happened, 1
 * with the operators' logs named when one did not, 2 when no API server can be had.
 */
public final class HandOverShowcase {

  /** Generous: a cold JVM on a loaded 2-core machine can take a while. */
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);

  private static final List<Class<? extends HasMetadata>> CHILD_KINDS =
      List.of(
          io.fabric8.kubernetes.api.model.ConfigMap.class,
          io.fabric8.kubernetes.api.model.Secret.class,
          io.fabric8.kubernetes.api.model.Service.class,
          Deployment.class);

  private final KubernetesClient admin;
  private final TestApiServer server;
  private final Path project;
  private final String mainClass;
  private final String classpath;
  private final PrintStream out;
  private final long t0 = System.nanoTime();
  private final List<CustomResourceDefinition> crds = new ArrayList<>();

  private HandOverShowcase(
      TestApiServer server, Path project, String mainClass, String classpath, PrintStream out) {
    this.server = server;
    this.admin = server.adminClient();
    this.project = project;
    this.mainClass = mainClass;
    this.classpath = classpath;
    this.out = out;
  }

  /** What the showcase measured; every field is a figure the transcript printed. */
  public record Figures(
      String leader,
      String standby,
      long firstReconcileMillis,
      long takeoverMillis,
      int leaderExitStatus,
      long leaderExitMillis,
      boolean leaseReleasedByLeader,
      long secondReconcileMillis,
      int standbyExitStatus) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println(
          "usage: HandOverShowcase <operator main class, e.g. com.example.KopgenOperator>"
              + " [project directory, default .]");
      System.exit(64);
    }
    Path project = Path.of(args.length == 2 ? args[1] : ".").toAbsolutePath().normalize();
    TestApiServer server;
    try {
      server = TestApiServer.shared();
    } catch (RuntimeException e) {
      System.out.println("  cannot start the local API server: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      run(server, project, args[0], System.getProperty("java.class.path"), System.out);
      System.exit(0);
    } catch (ShowcaseFailure e) {
      System.out.println("  FAILED: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Runs the whole story against {@code server}; throws {@link ShowcaseFailure} on a miss.
   *
   * @param project a directory with {@code target/kubernetes/} and {@code
   *     src/main/k8s/sample.yaml}, as a generated project has after {@code mvn package}
   * @param mainClass the operator's generated entry point
   * @param classpath the classpath the operator replicas run with
   */
  public static Figures run(
      TestApiServer server, Path project, String mainClass, String classpath, PrintStream out)
      throws IOException, InterruptedException {
    return new HandOverShowcase(server, project, mainClass, classpath, out).run();
  }

  private Figures run() throws IOException, InterruptedException {
    Path manifests = project.resolve("target/kubernetes");
    Path sampleFile = project.resolve("src/main/k8s/sample.yaml");
    Path logs = Files.createDirectories(project.resolve("target/showcase"));
    List<HasMetadata> objects = load(manifests);
    Deployment deployment = only(objects, Deployment.class, manifests);
    String namespace = deployment.getMetadata().getNamespace();
    String serviceAccount = only(objects, ServiceAccount.class, manifests).getMetadata().getName();
    say(
        "API server v%s up on this machine (etcd + kube-apiserver, no cluster, no nodes)",
        server.version());

    // 1. The manifests, as `kubectl apply -k target/kubernetes` would apply them.
    List<String> applied = new ArrayList<>();
    // The namespace first: the manifests' own (labelled for Pod Security), or a bare one when
    // the project opted out of creating it.
    List<Namespace> namespaces =
        objects.stream().filter(Namespace.class::isInstance).map(Namespace.class::cast).toList();
    for (Namespace n : namespaces) {
      admin.resource(n).serverSideApply();
      applied.add("Namespace");
    }
    if (admin.namespaces().withName(namespace).get() == null) {
      admin
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .serverSideApply();
    }
    for (HasMetadata o : objects) {
      if (o instanceof CustomResourceDefinition crd) {
        admin.resource(crd).serverSideApply();
        admin
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(crd.getMetadata().getName())
            .waitUntilCondition(
                HandOverShowcase::established, STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        applied.add("CRD " + crd.getMetadata().getName());
        crds.add(crd);
      }
    }
    for (HasMetadata o : objects) {
      if (!(o instanceof CustomResourceDefinition)
          && !(o instanceof Deployment)
          && !(o instanceof Namespace)) {
        admin.resource(o).serverSideApply();
        applied.add(o.getKind());
      }
    }
    say("applied %s: %s", project.relativize(manifests), String.join(", ", applied));
    say(
        "(the Deployment is not applied: this API server has no nodes. Its %d replicas run as"
            + " local JVMs with the pods' environment and pod-bound tokens of ServiceAccount %s)",
        replicas(deployment), serviceAccount);
    GenericKubernetesResource sample;
    try (InputStream in = Files.newInputStream(sampleFile)) {
      sample = admin.getKubernetesSerialization().unmarshal(in, GenericKubernetesResource.class);
    }
    sample.getMetadata().setNamespace(namespace);
    ResourceDefinitionContext kind = contextOf(sample);
    awaitRbac(namespace, serviceAccount, kind);

    // 2. Two replicas: one leads, one stands by with warm informers.
    String base = deployment.getMetadata().getName();
    OperatorProcess a = start(base + "-a", namespace, serviceAccount, logs);
    OperatorProcess b = start(base + "-b", namespace, serviceAccount, logs);
    try {
      return story(namespace, sampleFile, sample, kind, a, b);
    } finally {
      a.close();
      b.close();
      out.printf("%n  operator logs: %s%n", project.relativize(logs));
    }
  }

  private Figures story(
      String namespace,
      Path sampleFile,
      GenericKubernetesResource sample,
      ResourceDefinitionContext kind,
      OperatorProcess a,
      OperatorProcess b)
      throws InterruptedException {
    say("started replicas %s and %s (pid %d, %d)", a.podName(), b.podName(), a.pid(), b.pid());
    Lease lease =
        await(
            "a replica to lead",
            () ->
                admin.leases().inNamespace(namespace).list().getItems().stream()
                    .filter(l -> a.podName().equals(holder(l)) || b.podName().equals(holder(l)))
                    .findFirst()
                    .orElse(null),
            a,
            b);
    OperatorProcess leader = a.podName().equals(holder(lease)) ? a : b;
    OperatorProcess standby = leader == a ? b : a;
    String leaseName = lease.getMetadata().getName();
    await(
        standby.podName() + " to be ready",
        () -> standby.health(PodContract.READYZ_PATH) == 200 ? true : null,
        a,
        b);
    say(
        "%s leads Lease %s; %s is ready (/readyz 200: informers synced) and stands by",
        leader.podName(), leaseName, standby.podName());

    // 3. The sample, its children and its status.
    long applied = System.nanoTime();
    GenericKubernetesResource created =
        admin.genericKubernetesResources(kind).inNamespace(namespace).resource(sample).create();
    String name = created.getMetadata().getName();
    say("applied %s: %s %s", project.relativize(sampleFile), created.getKind(), name);
    final ResourceDefinitionContext k = kind;
    GenericKubernetesResource reconciled =
        await("the status of " + name, () -> observed(k, namespace, name, 1L), leader, standby);
    long firstReconcile = millisSince(applied);
    for (String child : children(namespace, created.getMetadata().getUid())) {
      say("  child %s", child);
    }
    say(
        "  status %s   (%d ms after the apply)",
        reconciled.getAdditionalProperties().get("status"), firstReconcile);

    // 4. SIGTERM to the leader, as Kubernetes stops a pod in a rolling update or a drain.
    long sigterm = System.nanoTime();
    long sigtermMicros = leader.signal("TERM");
    say("SIGTERM to the leader %s", leader.podName());
    Lease taken =
        await(
            standby.podName() + " to take over Lease " + leaseName,
            () ->
                Optional.ofNullable(admin.leases().inNamespace(namespace).withName(leaseName).get())
                    .filter(l -> standby.podName().equals(holder(l)))
                    .orElse(null),
            standby);
    long takeover = millisSince(sigterm);
    int leaderStatus = awaitExit(leader);
    long leaderExit = exitedAfter(leader, sigtermMicros);
    boolean released = leader.logText().contains("released Lease");
    say(
        "%s took over Lease %s %d ms after the SIGTERM (leaseTransitions %s): the old leader"
            + " released it, so nobody waited out the %ss lease duration",
        standby.podName(),
        leaseName,
        takeover,
        taken.getSpec().getLeaseTransitions(),
        taken.getSpec().getLeaseDurationSeconds());
    say(
        "%s drained, %s its Lease and exited with status %d, %d ms after the SIGTERM",
        leader.podName(), released ? "released" : "did NOT release", leaderStatus, leaderExit);

    // 5. The new leader does the work.
    long edited = System.nanoTime();
    admin
        .genericKubernetesResources(kind)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            r -> {
              @SuppressWarnings("unchecked")
              Map<String, Object> spec =
                  (Map<String, Object>) r.getAdditionalProperties().get("spec");
              Map<String, Object> changed = new TreeMap<>(spec == null ? Map.of() : spec);
              changed.replaceAll((key, v) -> v instanceof String s ? s + " (edited)" : v);
              r.getAdditionalProperties().put("spec", changed);
              return r;
            });
    GenericKubernetesResource second =
        await("generation 2 of " + name, () -> observed(k, namespace, name, 2L), standby);
    long secondReconcile = millisSince(edited);
    say(
        "edited %s's spec: %s reconciled generation 2 in %d ms, status %s",
        name, standby.podName(), secondReconcile, second.getAdditionalProperties().get("status"));

    long stop = standby.signal("TERM");
    int standbyStatus = awaitExit(standby);
    Lease last = admin.leases().inNamespace(namespace).withName(leaseName).get();
    say(
        "SIGTERM to %s: exited with status %d after %d ms; Lease holder now %s",
        standby.podName(),
        standbyStatus,
        exitedAfter(standby, stop),
        last == null || holder(last) == null || holder(last).isEmpty()
            ? "none (released)"
            : holder(last));
    if (leaderStatus != 0 || standbyStatus != 0 || !released) {
      throw new ShowcaseFailure(
          "an operator did not stop cleanly; see " + leader.log() + " and " + standby.log());
    }
    return new Figures(
        leader.podName(),
        standby.podName(),
        firstReconcile,
        takeover,
        leaderStatus,
        leaderExit,
        released,
        secondReconcile,
        standbyStatus);
  }

  // ---- the replicas

  /**
   * One replica as the Deployment's pod would run it: the generated entry point, the pod's
   * environment, and a ServiceAccount token bound to a Pod object of this replica's name (no
   * kubelet runs it), as the pod's own token would be: the server-side fence admits writes by the
   * Lease holder's pod only, and impersonation carries no pod name.
   */
  private OperatorProcess start(
      String podName, String namespace, String serviceAccount, Path logs) {
    return OperatorProcess.builder(mainClass)
        .classpath(classpath)
        .pod(podName, namespace)
        .serviceAccount(server, namespace, serviceAccount)
        .log(logs.resolve(podName + ".log"))
        .start();
  }

  private static long exitedAfter(OperatorProcess replica, long startMicros) {
    return (replica.exitedAtMicros().orElseThrow() - startMicros) / 1000;
  }

  // ---- helpers

  private void say(String format, Object... args) {
    out.printf("  %6.1f s  %s%n", (System.nanoTime() - t0) / 1e9, String.format(format, args));
  }

  private <T> T await(String what, Supplier<T> probe, OperatorProcess... mustLive)
      throws InterruptedException {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (true) {
      for (OperatorProcess r : mustLive) {
        if (!r.isAlive()) {
          throw new ShowcaseFailure(
              r.podName()
                  + " exited with status "
                  + r.exitStatus().orElse(-1)
                  + " while waiting for "
                  + what
                  + "; see "
                  + r.log());
        }
      }
      T value;
      try {
        value = probe.get();
      } catch (KubernetesClientException e) {
        value = null;
      }
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new ShowcaseFailure("no " + what + " within " + STEP_TIMEOUT);
      }
      Thread.sleep(10);
    }
  }

  private static int awaitExit(OperatorProcess replica) {
    try {
      return replica.awaitExit(STEP_TIMEOUT);
    } catch (AssertionError e) {
      throw new ShowcaseFailure(
          replica.podName()
              + " did not exit within "
              + STEP_TIMEOUT
              + " of SIGTERM; see "
              + replica.log());
    }
  }

  private void awaitRbac(String namespace, String serviceAccount, ResourceDefinitionContext kind)
      throws InterruptedException {
    // RBAC reaches the authorizer asynchronously: wait until the ServiceAccount may read the
    // primary kind (a 404 for a name that does not exist is an allowed request, a 403 is not).
    try (KubernetesClient as = server.clientAs(namespace, serviceAccount)) {
      await(
          "RBAC for " + serviceAccount,
          () -> {
            try {
              as.genericKubernetesResources(kind)
                  .inNamespace(namespace)
                  .withName("kopgen-rbac-probe")
                  .get();
              return true;
            } catch (KubernetesClientException e) {
              if (e.getCode() == 403) {
                return null;
              }
              throw e;
            }
          });
    }
  }

  private GenericKubernetesResource observed(
      ResourceDefinitionContext kind, String namespace, String name, long generation) {
    GenericKubernetesResource r =
        admin.genericKubernetesResources(kind).inNamespace(namespace).withName(name).get();
    if (r == null || !(r.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
      return null;
    }
    return Objects.equals(generation, asLong(status.get("observedGeneration"))) ? r : null;
  }

  private List<String> children(String namespace, String ownerUid) {
    List<String> found = new ArrayList<>();
    for (Class<? extends HasMetadata> type : CHILD_KINDS) {
      for (HasMetadata child : admin.resources(type).inNamespace(namespace).list().getItems()) {
        for (OwnerReference ref : child.getMetadata().getOwnerReferences()) {
          if (ownerUid.equals(ref.getUid())) {
            found.add(
                child.getKind()
                    + " "
                    + child.getMetadata().getName()
                    + " (ownerReference controller="
                    + ref.getController()
                    + ")"
                    + dataOf(child));
          }
        }
      }
    }
    return found;
  }

  private static String dataOf(HasMetadata child) {
    return child instanceof io.fabric8.kubernetes.api.model.ConfigMap cm && cm.getData() != null
        ? " data " + new TreeMap<>(cm.getData())
        : "";
  }

  /** The sample's kind as the CRD among the manifests names it. */
  private ResourceDefinitionContext contextOf(GenericKubernetesResource r) {
    String apiVersion = r.getApiVersion();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    CustomResourceDefinition crd =
        crds.stream()
            .filter(
                c ->
                    c.getSpec().getGroup().equals(group)
                        && c.getSpec().getNames().getKind().equals(r.getKind()))
            .findFirst()
            .orElseThrow(
                () ->
                    new ShowcaseFailure(
                        "the sample's kind "
                            + r.getKind()
                            + " ("
                            + apiVersion
                            + ") has no CRD in target/kubernetes"));
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(apiVersion.substring(apiVersion.indexOf('/') + 1))
        .withKind(r.getKind())
        .withPlural(crd.getSpec().getNames().getPlural())
        .withNamespaced("Namespaced".equals(crd.getSpec().getScope()))
        .build();
  }

  private static Long asLong(Object value) {
    return value instanceof Number n ? n.longValue() : null;
  }

  private static String holder(Lease lease) {
    return lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static int replicas(Deployment d) {
    Integer r = d.getSpec().getReplicas();
    return r == null ? 1 : r;
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private List<HasMetadata> load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new ShowcaseFailure(dir + " does not exist: run `mvn package` first");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    List<HasMetadata> objects = new ArrayList<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        objects.addAll(admin.load(in).items());
      }
    }
    return objects;
  }

  private static <T extends HasMetadata> T only(
      List<HasMetadata> objects, Class<T> type, Path where) {
    return objects.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(() -> new ShowcaseFailure("no " + type.getSimpleName() + " in " + where));
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  /** A step of the story did not happen; the message says which and where to look. */
  public static final class ShowcaseFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ShowcaseFailure(String message) {
      super(message);
    }
  }
}
