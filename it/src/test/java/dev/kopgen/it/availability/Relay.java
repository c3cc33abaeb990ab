package dev.kopgen.it.availability;

import dev.kopgen.it.KubeApiServerExtension;
import dev.kopgen.it.harness.ManifestApplier;
import dev.kopgen.it.harness.OperatorProject;
import dev.kopgen.it.process.OperatorProcess;
import dev.kopgen.manifests.ManifestSettings;
import dev.kopgen.rules.LeaseTiming;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code relay} test operator (src/test/operators/relay) deployed into the current test's
 * namespace: its generated manifests applied, its instances started as separate JVMs under its
 * generated ServiceAccount, and readers for what the tests judge it by: the Lease, the Secrets it
 * writes (with their writer), the lines it prints, and its per-reconcile records.
 */
final class Relay implements AutoCloseable {

  static final String SOURCE_LABEL = "relay";
  static final String RECORD_LABEL = "relay-record";

  private static final Pattern START =
      Pattern.compile("RELAY START (\\S+) (\\S+)/(\\S+) value=(\\S*) at=(\\d+)");
  private static final Pattern END =
      Pattern.compile("RELAY END (\\S+) (\\S+)/(\\S+) value=(\\S*) start=(\\d+) end=(\\d+)");

  private static final Pattern WRITE =
      Pattern.compile("RELAY WRITE (\\S+) (\\S+)/(\\S+) value=(\\S*) at=(\\d+)");

  /** A reconcile about to send its Secret, as the instance printed it just before the call. */
  record Write(String writer, String object, String value, long at) {}

  /** A reconcile as the instance printed it: its start, and its end once its writes landed. */
  record Reconcile(String writer, String object, String value, long start, long end) {}

  private final KubeApiServerExtension api;
  private final String namespace;
  private final OperatorProject project;
  private final String leaseName;
  private final Map<String, OperatorProcess> processes = new LinkedHashMap<>();

  /** The latest deployment, whose logs {@link PrintLogsOnFailure} prints. */
  static volatile Relay latest;

  private Relay(KubeApiServerExtension api, OperatorProject project) {
    latest = this;
    this.api = api;
    this.namespace = api.namespace();
    this.project = project;
    this.leaseName =
        project.descriptor().controllers().get(0).leaderElection().orElseThrow().leaseName();
  }

  /** Compiles the operator (once per JVM) and applies its manifests to the test's namespace. */
  static Relay deploy(KubeApiServerExtension api) {
    OperatorProject project = OperatorProject.compile("relay");
    ManifestApplier.apply(
        api.client(),
        project.manifests(
            ManifestSettings.defaults("relay", "relay:test").withNamespace(api.namespace())));
    return new Relay(api, project);
  }

  String namespace() {
    return namespace;
  }

  String leaseName() {
    return leaseName;
  }

  /** The Lease timing the processor read from the operator's {@code @LeaderElection}. */
  LeaseTiming timing() {
    return project.descriptor().controllers().get(0).leaderElection().orElseThrow().timing();
  }

  /** Starts an instance as the operator's ServiceAccount, with extra environment. */
  OperatorProcess start(String podName, Map<String, String> env) {
    Map<String, String> all =
        new LinkedHashMap<>(api.server().processEnvironment(namespace, "relay"));
    all.putAll(env);
    OperatorProcess p = project.start(podName, namespace, all);
    processes.put(podName, p);
    return p;
  }

  OperatorProcess process(String podName) {
    OperatorProcess p = processes.get(podName);
    if (p == null) {
      throw new IllegalArgumentException("no instance " + podName + " in " + processes.keySet());
    }
    return p;
  }

  List<OperatorProcess> processes() {
    return List.copyOf(processes.values());
  }

  // ---- the Lease ----

  /** The Lease's holder now: empty if released or absent. */
  String holder() {
    Lease lease = lease();
    return lease == null || lease.getSpec().getHolderIdentity() == null
        ? ""
        : lease.getSpec().getHolderIdentity();
  }

  Lease lease() {
    return api.client().leases().inNamespace(namespace).withName(leaseName).get();
  }

  /** Waits until the holder matches; returns it. */
  String awaitHolder(Predicate<String> matches, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String holder;
    do {
      holder = holder();
      if (matches.test(holder)) {
        return holder;
      }
      sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "Lease holder still '" + holder + "' after " + timeout + "; logs:\n" + logs());
  }

  // ---- sources and what the operator wrote ----

  /** Creates or updates the source ConfigMap {@code name} with {@code value}. */
  void putSource(String name, String value) {
    ConfigMap cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels(SOURCE_LABEL, "source")
            .endMetadata()
            .addToData("value", value)
            .build();
    api.client().resource(cm).fieldManager("relay-test").forceConflicts().serverSideApply();
  }

  /** The data of Secret {@code <source>-relay} ({@code value}, {@code writer}), if it exists. */
  Optional<Map<String, String>> relayed(String source) {
    Secret s = api.client().secrets().inNamespace(namespace).withName(source + "-relay").get();
    if (s == null || s.getData() == null) {
      return Optional.empty();
    }
    Map<String, String> data = new LinkedHashMap<>();
    s.getData()
        .forEach(
            (k, v) ->
                data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return Optional.of(data);
  }

  /**
   * Waits until {@code <source>-relay} holds {@code value}, written by {@code writer} (by anyone if
   * null); returns its data.
   */
  Map<String, String> awaitRelayed(String source, String value, String writer, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Optional<Map<String, String>> data;
    do {
      data = relayed(source);
      if (data.isPresent()
          && value.equals(data.get().get("value"))
          && (writer == null || writer.equals(data.get().get("writer")))) {
        return data.get();
      }
      sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        source
            + "-relay is "
            + data.orElse(null)
            + ", wanted value="
            + value
            + (writer == null ? "" : " writer=" + writer)
            + " within "
            + timeout
            + "; logs:\n"
            + logs());
  }

  // ---- what the instances printed ----

  /** Reconciles {@code p} started so far (end = -1 while not finished), in print order. */
  static List<Reconcile> reconciles(OperatorProcess p) {
    Map<String, Integer> open = new LinkedHashMap<>();
    List<Reconcile> out = new ArrayList<>();
    for (String line : p.logLines()) {
      Matcher s = START.matcher(line);
      if (s.find()) {
        open.put(s.group(3) + "@" + s.group(5), out.size());
        out.add(new Reconcile(s.group(1), s.group(3), s.group(4), Long.parseLong(s.group(5)), -1));
        continue;
      }
      Matcher e = END.matcher(line);
      if (e.find()) {
        Integer i = open.remove(e.group(3) + "@" + e.group(5));
        Reconcile r =
            new Reconcile(
                e.group(1),
                e.group(3),
                e.group(4),
                Long.parseLong(e.group(5)),
                Long.parseLong(e.group(6)));
        if (i == null) {
          out.add(r);
        } else {
          out.set(i, r);
        }
      }
    }
    return out;
  }

  /** The Secret writes {@code p} was about to send, in print order. */
  static List<Write> writes(OperatorProcess p) {
    List<Write> out = new ArrayList<>();
    for (String line : p.logLines()) {
      Matcher w = WRITE.matcher(line);
      if (w.find()) {
        out.add(new Write(w.group(1), w.group(3), w.group(4), Long.parseLong(w.group(5))));
      }
    }
    return out;
  }

  /** Waits until {@code p} printed a reconcile start matching; returns it. */
  static Reconcile awaitReconcile(
      OperatorProcess p, Predicate<Reconcile> matches, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      for (Reconcile r : reconciles(p)) {
        if (matches.test(r)) {
          return r;
        }
      }
      sleep(25);
    } while (System.nanoTime() < deadline && p.isAlive());
    for (Reconcile r : reconciles(p)) {
      if (matches.test(r)) {
        return r;
      }
    }
    throw new AssertionError(
        p.podName() + ": no matching reconcile within " + timeout + "; its log:\n" + p.logText());
  }

  /** The records of every reconcile whose writes landed ({@code RELAY_RECORDS=true}). */
  List<Reconcile> records() {
    List<Reconcile> out = new ArrayList<>();
    for (ConfigMap cm :
        api.client()
            .configMaps()
            .inNamespace(namespace)
            .withLabel(RECORD_LABEL, "true")
            .list()
            .getItems()) {
      Map<String, String> d = cm.getData();
      out.add(
          new Reconcile(
              d.get("writer"),
              d.get("object"),
              d.get("value"),
              Long.parseLong(d.get("start")),
              Long.parseLong(d.get("end"))));
    }
    return out;
  }

  /** Every instance's log, for failure messages. */
  String logs() {
    StringBuilder sb = new StringBuilder();
    for (OperatorProcess p : processes.values()) {
      sb.append("===== ")
          .append(p.podName())
          .append(p.isAlive() ? " (running)" : " (exited)")
          .append(" =====\n")
          .append(p.logText())
          .append('\n');
    }
    return sb.toString();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static long now() {
    return System.currentTimeMillis();
  }

  static void figure(String text) {
    System.out.println("[figure] " + text);
  }

  /** Kills every instance still running. */
  @Override
  public void close() {
    processes.values().forEach(OperatorProcess::close);
  }
}
