package dev.kopgen.it.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.it.AuditEvent;
import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.harness.ManifestApplier;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.it.process.OperatorProcess;
import dev.kopgen.manifests.ManifestSettings;
import dev.kopgen.manifests.Manifests;
import dev.kopgen.rules.LeaseTiming;
import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.rules.OperatorDescriptor.ShardDescriptor;
import dev.kopgen.rules.Workloads;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @Sharded} by namespace, end to end on the real API server: the {@code nsshards} test
 * operator (three shards {@code a}, {@code b}, {@code c} over the namespaces {@code shard-a},
 * {@code shard-b}, {@code shard-c}) compiled by kopgen's processor, its generated manifests
 * applied, and every generated shard Deployment's replicas started as separate JVMs with the
 * Deployment's ServiceAccount and {@code KOPGEN_SHARD}. Everything a test needs to know about the
 * shards (namespaces, Leases, accounts, replicas, timings) is read from the descriptor and the
 * manifests, not restated.
 *
 * <p>The shard namespaces have fixed names because shard scopes are compile-time constants; the
 * test API server cannot delete namespaces (no controller manager), so they are created when absent
 * and each run uses object names of its own.
 */
class NamespaceShardingTest {

  @RegisterExtension static final KubeApiServerExtension api = new KubeApiServerExtension();

  private static final Pattern RECONCILE = Pattern.compile("RECONCILE (\\S+) (\\S+)/(\\S+) (\\S*)");

  private final List<OperatorProcess> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(OperatorProcess::close);
  }

  @Test
  void eachShardsLeaderAloneReconcilesItsNamespaceAndAKilledLeaderFailsOverOnlyItsShard() {
    String ns = api.namespace();
    OperatorProject project = OperatorProject.compile("nsshards");
    ControllerDescriptor controller = project.descriptor().controllers().get(0);
    LeaseTiming timing = controller.leaderElection().orElseThrow().timing();
    Map<String, String> shardNamespace = shardNamespaces(controller);
    Manifests manifests = install(project, ns, shardNamespace);

    List<ShardDeployment> deployments = ShardDeployment.of(manifests);
    assertThat(deployments)
        .extracting(ShardDeployment::selection)
        .containsExactly("nsshards/a", "nsshards/b", "nsshards/c");
    assertThat(deployments).extracting(ShardDeployment::replicas).containsOnly(2);
    assertThat(manifests.files())
        .as("every controller is sharded")
        .doesNotContainKey("deployment.yaml");

    // Six processes: two replicas of each of the three shard Deployments, one Deployment at a
    // time so that six JVMs starting at once do not starve each other's Lease renewals.
    long startNanos = System.nanoTime();
    Map<String, List<OperatorProcess>> pods = new TreeMap<>();
    Map<String, String> shardOfPod = new HashMap<>();
    for (ShardDeployment d : deployments) {
      List<OperatorProcess> replicas = d.start(project, ns, api.server());
      started.addAll(replicas);
      pods.put(d.shard(), replicas);
      replicas.forEach(p -> shardOfPod.put(p.podName(), d.shard()));
      replicas.forEach(p -> p.awaitReady(Duration.ofSeconds(90)));
    }
    figure(
        "6 processes (3 shards x 2, started one shard at a time) ready %d ms after the first"
            + " exec",
        millisSince(startNanos));
    Map<String, String> leaseOf = new TreeMap<>();
    shardNamespace
        .keySet()
        .forEach(
            s ->
                leaseOf.put(
                    s,
                    Workloads.shardLeaseName(
                        controller.leaderElection().orElseThrow().leaseName(), s)));
    Map<String, String> leader = awaitLeaders(ns, leaseOf, pods, Duration.ofSeconds(30));
    figure("3 shard leaders elected %d ms after exec: %s", millisSince(startNanos), leader);

    // Phase 1: three objects per shard; each must be written by its shard's leader.
    String run = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
    Map<String, String> shardOfObject = new TreeMap<>(); // "ns/name" -> shard
    for (Map.Entry<String, String> s : shardNamespace.entrySet()) {
      for (int i = 0; i < 3; i++) {
        shardOfObject.put(s.getValue() + "/" + run + "-" + i, s.getKey());
      }
    }
    long phase1 = System.nanoTime();
    shardOfObject.keySet().forEach(o -> put(o, "1"));
    Map<String, Outcome> first =
        awaitOutputs(shardOfObject.keySet(), "1", phase1, Duration.ofSeconds(30));
    figure(
        "9 objects (3 per shard) reconciled within %d ms of their creation (max)",
        first.values().stream().mapToLong(Outcome::millis).max().orElseThrow());
    first.forEach(
        (o, out) ->
            assertThat(out.writer())
                .as("writer of %s (shard %s)", o, shardOfObject.get(o))
                .isEqualTo(leader.get(shardOfObject.get(o))));

    // Phase 2: SIGKILL shard b's leader, then change every object. Shard b must wait for its
    // standby; shards a and c must go on reconciling without noticing.
    String victimShard = "b";
    OperatorProcess victim = pod(pods, leader.get(victimShard));
    String standby =
        pods.get(victimShard).stream()
            .map(OperatorProcess::podName)
            .filter(n -> !n.equals(victim.podName()))
            .findFirst()
            .orElseThrow();
    Map<String, Lease> othersBefore = new TreeMap<>();
    for (String s : List.of("a", "c")) {
      othersBefore.put(s, lease(ns, leaseOf.get(s)));
    }
    long kill = System.nanoTime();
    victim.kill();
    shardOfObject.keySet().forEach(o -> put(o, "2"));
    long changed = System.nanoTime();
    long takeover = -1;
    Map<String, Outcome> second = new TreeMap<>();
    long deadline = kill + timing.leaseDuration().plus(Duration.ofSeconds(30)).toNanos();
    while (System.nanoTime() < deadline && (second.size() < shardOfObject.size() || takeover < 0)) {
      if (takeover < 0 && standby.equals(holder(ns, leaseOf.get(victimShard)))) {
        takeover = System.nanoTime();
      }
      for (String o : shardOfObject.keySet()) {
        if (!second.containsKey(o)) {
          output(o, "2").ifPresent(w -> second.put(o, new Outcome(w, millisSince(changed))));
        }
      }
      sleep(25);
    }
    assertThat(takeover).as("shard b's standby %s took the Lease", standby).isPositive();
    assertThat(second.keySet())
        .as("objects reconciled after the kill")
        .isEqualTo(shardOfObject.keySet());
    long takeoverMillis = (takeover - kill) / 1_000_000;
    long othersMax = maxMillis(second, shardOfObject, s -> !s.equals(victimShard));
    long victimMax = maxMillis(second, shardOfObject, victimShard::equals);
    figure(
        "shard b fail-over: standby took the Lease %d ms after SIGKILL (leaseDuration %s,"
            + " retryPeriod %s)",
        takeoverMillis, timing.leaseDuration(), timing.retryPeriod());
    figure(
        "shard b: its 3 changes reconciled %d ms after they were made (max), by %s",
        victimMax, standby);
    figure(
        "shards a and c during b's fail-over: 6 changes reconciled %d ms after they were made"
            + " (max)",
        othersMax);

    long bound =
        timing.leaseDuration().toMillis() + timing.retryPeriod().toMillis() * 12 / 10 + 5_000;
    assertThat(takeoverMillis)
        .as("fail-over within leaseDuration + 1.2 x retryPeriod + 5 s")
        .isLessThanOrEqualTo(bound);
    second.forEach(
        (o, out) -> {
          String s = shardOfObject.get(o);
          assertThat(out.writer())
              .as("writer of %s after the kill", o)
              .isEqualTo(s.equals(victimShard) ? standby : leader.get(s));
        });
    assertThat((changed - kill) / 1_000_000 + othersMax)
        .as("shards a and c reconciled their changes before shard b's standby took over")
        .isLessThan(takeoverMillis);
    for (String s : List.of("a", "c")) {
      Lease after = lease(ns, leaseOf.get(s));
      assertThat(after.getSpec().getHolderIdentity())
          .as("shard %s leader", s)
          .isEqualTo(othersBefore.get(s).getSpec().getHolderIdentity());
      assertThat(after.getSpec().getLeaseTransitions())
          .as("shard %s transitions", s)
          .isEqualTo(othersBefore.get(s).getSpec().getLeaseTransitions());
    }

    // The evidence, from both sides: what each process says it reconciled, and every write the
    // API server received from each process.
    Map<String, Set<String>> reconcilers = new TreeMap<>();
    for (OperatorProcess p : started) {
      String shard = shardOfPod.get(p.podName());
      for (String line : p.logLines()) {
        Matcher m = RECONCILE.matcher(line);
        if (!m.matches()) {
          continue;
        }
        assertThat(m.group(2))
            .as("%s reconciled %s", p.podName(), line)
            .isEqualTo(shardNamespace.get(shard));
        reconcilers
            .computeIfAbsent(m.group(2) + "/" + m.group(3), k -> new HashSet<>())
            .add(p.podName());
        if (p.podName().equals(standby)) {
          assertThat(m.group(4))
              .as("standby %s reconciled only after taking over", standby)
              .isEqualTo("2");
        }
      }
    }
    reconcilers.forEach(
        (o, who) -> {
          String s = shardOfObject.get(o);
          assertThat(who)
              .as("instances that reconciled %s", o)
              .isEqualTo(
                  s.equals(victimShard) ? Set.of(leader.get(s), standby) : Set.of(leader.get(s)));
        });
    assertThat(reconcilers.keySet()).containsAll(shardOfObject.keySet());

    int writes = 0;
    for (AuditEvent e : api.server().auditedWrites()) {
      String pod = podOf(e);
      String shard = pod == null ? null : shardOfPod.get(pod);
      if (shard == null) {
        continue; // not one of this test's processes
      }
      writes++;
      assertThat(e.code()).as("%s: %s", pod, e).isNotEqualTo(403);
      if ("leases".equals(e.resource())) {
        assertThat(e.namespace()).as("%s: %s", pod, e).isEqualTo(ns);
        if (e.name() != null) {
          assertThat(e.name()).as("%s: %s", pod, e).isEqualTo(leaseOf.get(shard));
        }
      } else {
        assertThat(e.namespace()).as("%s: %s", pod, e).isEqualTo(shardNamespace.get(shard));
      }
    }
    figure(
        "audit: %d writes from the 6 processes, each in its own shard's namespace or Lease",
        writes);
  }

  @Test
  void eachShardsServiceAccountIsDeniedOutsideItsScope() {
    String ns = api.namespace();
    OperatorProject project = OperatorProject.compile("nsshards");
    ControllerDescriptor controller = project.descriptor().controllers().get(0);
    Map<String, String> shardNamespace = shardNamespaces(controller);
    Manifests manifests = install(project, ns, shardNamespace);
    String leaseName = controller.leaderElection().orElseThrow().leaseName();
    for (String s : shardNamespace.keySet()) {
      api.client()
          .leases()
          .inNamespace(ns)
          .resource(
              new LeaseBuilder()
                  .withNewMetadata()
                  .withName(Workloads.shardLeaseName(leaseName, s))
                  .endMetadata()
                  .withNewSpec()
                  .endSpec()
                  .build())
          .create();
    }

    int denied = 0;
    for (ShardDeployment d : ShardDeployment.of(manifests)) {
      try (KubernetesClient sa = api.server().clientAs(ns, d.serviceAccount())) {
        String own = d.shard();
        sa.configMaps().inNamespace(shardNamespace.get(own)).list();
        sa.secrets().inNamespace(shardNamespace.get(own)).list();
        assertThat(
                sa.leases()
                    .inNamespace(ns)
                    .withName(Workloads.shardLeaseName(leaseName, own))
                    .get())
            .as("%s reads its own Lease", d.name())
            .isNotNull();
        for (String other : shardNamespace.keySet()) {
          if (other.equals(own)) {
            continue;
          }
          String otherNs = shardNamespace.get(other);
          String otherLease = Workloads.shardLeaseName(leaseName, other);
          denied +=
              forbidden(
                  d.name() + " lists ConfigMaps in " + otherNs,
                  () -> sa.configMaps().inNamespace(otherNs).list());
          denied +=
              forbidden(
                  d.name() + " lists Secrets in " + otherNs,
                  () -> sa.secrets().inNamespace(otherNs).list());
          denied +=
              forbidden(
                  d.name() + " reads Lease " + otherLease,
                  () -> sa.leases().inNamespace(ns).withName(otherLease).get());
          denied +=
              forbidden(
                  d.name() + " renews Lease " + otherLease,
                  () ->
                      sa.leases()
                          .inNamespace(ns)
                          .withName(otherLease)
                          .edit(
                              l ->
                                  new LeaseBuilder(l)
                                      .editSpec()
                                      .withHolderIdentity(d.name())
                                      .endSpec()
                                      .build()));
        }
        denied +=
            forbidden(
                d.name() + " lists ConfigMaps in all namespaces",
                () -> sa.configMaps().inAnyNamespace().list());
        denied +=
            forbidden(
                d.name() + " lists ConfigMaps in the operator's namespace",
                () -> sa.configMaps().inNamespace(ns).list());
      }
    }
    figure("RBAC: %d out-of-scope requests by the 3 shard ServiceAccounts, all 403", denied);
  }

  // ------------------------------------------------------------------------------ helpers

  /** Shard name to its (single) namespace, from the descriptor. */
  static Map<String, String> shardNamespaces(ControllerDescriptor controller) {
    Map<String, String> byShard = new TreeMap<>();
    for (ShardDescriptor s : controller.shards()) {
      assertThat(s.namespaces()).hasSize(1);
      byShard.put(s.name(), s.namespaces().get(0));
    }
    return byShard;
  }

  /** Creates the shard namespaces if absent, generates and applies the manifests. */
  private static Manifests install(
      OperatorProject project, String ns, Map<String, String> shardNamespace) {
    for (String n : shardNamespace.values()) {
      if (api.client().namespaces().withName(n).get() == null) {
        try {
          api.client()
              .namespaces()
              .resource(new NamespaceBuilder().withNewMetadata().withName(n).endMetadata().build())
              .create();
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
        }
      }
    }
    Manifests manifests =
        project.manifests(ManifestSettings.defaults("nsshards", "nsshards:test").withNamespace(ns));
    ShardDeployment.dump(project, manifests);
    ManifestApplier.apply(api.client(), manifests);
    return manifests;
  }

  private static int forbidden(String what, Runnable request) {
    assertThatThrownBy(request::run)
        .as(what)
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).as(what).isEqualTo(403));
    return 1;
  }

  private static Map<String, String> awaitLeaders(
      String ns,
      Map<String, String> leaseOf,
      Map<String, List<OperatorProcess>> pods,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, String> leaders = new TreeMap<>();
    while (System.nanoTime() < deadline && leaders.size() < leaseOf.size()) {
      for (Map.Entry<String, String> e : leaseOf.entrySet()) {
        String holder = holder(ns, e.getValue());
        if (holder != null
            && pods.get(e.getKey()).stream().anyMatch(p -> p.podName().equals(holder))) {
          leaders.put(e.getKey(), holder);
        }
      }
      sleep(50);
    }
    assertThat(leaders.keySet())
        .as("shards with a leader of their own")
        .isEqualTo(leaseOf.keySet());
    return leaders;
  }

  private static Lease lease(String ns, String name) {
    return api.client().leases().inNamespace(ns).withName(name).get();
  }

  private static String holder(String ns, String name) {
    Lease l = lease(ns, name);
    return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
  }

  private static OperatorProcess pod(Map<String, List<OperatorProcess>> pods, String name) {
    return pods.values().stream()
        .flatMap(List::stream)
        .filter(p -> p.podName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** Creates or updates ConfigMap {@code ns/name} with {@code value}. */
  private static void put(String object, String value) {
    String[] parts = object.split("/");
    api.client()
        .configMaps()
        .inNamespace(parts[0])
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(parts[1])
                .endMetadata()
                .addToData("value", value)
                .build())
        .fieldManager("kopgen-it")
        .forceConflicts()
        .serverSideApply();
  }

  /** The writer of {@code <object>-out}, once it carries {@code value}. */
  private static java.util.Optional<String> output(String object, String value) {
    String[] parts = object.split("/");
    Secret out = api.client().secrets().inNamespace(parts[0]).withName(parts[1] + "-out").get();
    if (out == null || out.getData() == null || !value.equals(decode(out, "value"))) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(decode(out, "writer"));
  }

  private static String decode(Secret s, String key) {
    String v = s.getData().get(key);
    return v == null ? null : new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
  }

  /** Who reconciled an object, and how long after it was changed. */
  private record Outcome(String writer, long millis) {}

  private static Map<String, Outcome> awaitOutputs(
      Set<String> objects, String value, long since, Duration timeout) {
    Map<String, Outcome> done = new LinkedHashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && done.size() < objects.size()) {
      for (String o : objects) {
        if (!done.containsKey(o)) {
          output(o, value).ifPresent(w -> done.put(o, new Outcome(w, millisSince(since))));
        }
      }
      sleep(25);
    }
    assertThat(done.keySet()).as("objects reconciled with value %s", value).isEqualTo(objects);
    return done;
  }

  private static long maxMillis(
      Map<String, Outcome> outcomes,
      Map<String, String> shardOfObject,
      java.util.function.Predicate<String> shard) {
    return outcomes.entrySet().stream()
        .filter(e -> shard.test(shardOfObject.get(e.getKey())))
        .mapToLong(e -> e.getValue().millis())
        .max()
        .orElseThrow();
  }

  /** The pod a kopgen process's User-Agent ({@code kopgen/<POD_NAME> ...}) names. */
  static String podOf(AuditEvent e) {
    String ua = e.userAgent();
    if (ua == null || !ua.startsWith("kopgen/")) {
      return null;
    }
    int space = ua.indexOf(' ');
    return ua.substring("kopgen/".length(), space < 0 ? ua.length() : space);
  }

  static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  static void figure(String format, Object... args) {
    System.out.println("[figure] sharding: " + String.format(format, args));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
