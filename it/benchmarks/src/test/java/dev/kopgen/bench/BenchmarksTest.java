package dev.kopgen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kopgen.it.TestApiServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Runs every benchmark and writes the page. In the default build ({@code
 * kopgen.benchmarks.mode=smoke}) one tiny round of each, into {@code target/benchmarks-smoke/},
 * checking only that the harness produced well-formed results; with {@code -Pbenchmarks} the full
 * run, into {@code docs/}.
 */
class BenchmarksTest {

  static final String COMMAND = "mvn -B -pl it/benchmarks -am verify -Pbenchmarks";

  @Test
  void runsEveryBenchmarkAndWritesThePage() throws IOException {
    Plan plan = Plan.named(System.getProperty("kopgen.benchmarks.mode", "smoke"));
    Set<String> only = only(System.getProperty("kopgen.benchmarks.only", ""));
    Path work = Path.of(System.getProperty("kopgen.benchmarks.work"));
    // A selection never overwrites the page of all seven (docs/ in the full run).
    Path out =
        (only.size() == ALL.size()
                ? Path.of(System.getProperty("kopgen.benchmarks.output"))
                : work.resolveSibling("benchmarks-only"))
            .toAbsolutePath()
            .normalize();
    Files.createDirectories(work);
    long began = System.nanoTime();

    TestApiServer server = TestApiServer.shared();
    Cluster cluster = new Cluster(server.adminClient());
    cluster.prepare();
    Results results = new Results();
    environment(results, server, plan);
    Suite suite = new Suite(plan, cluster, Map.of(), results);
    if (only.contains(Suite.STARTUP)) {
      suite.startup();
    }
    if (only.contains(Suite.HANDOVER)) {
      suite.handover();
    }
    if (only.contains(Suite.SHUTDOWN)) {
      suite.shutdown();
    }
    if (only.contains(Suite.PROCESSOR)) {
      new ProcessorCost(plan, results, work).run();
    }
    String harnessJvm =
        Results.jdk()
            + "; javac in the harness JVM (`"
            + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())
            + "`)";
    results.metrics.stream()
        .filter(m -> m.benchmark.equals(Suite.PROCESSOR))
        .forEach(m -> m.jvm = harnessJvm);
    if (only.contains(Suite.DEDUP)) {
      suite.dedup();
    }
    if (only.contains(Suite.MEMORY)) {
      suite.memory();
    }
    if (only.contains(Suite.THROUGHPUT)) {
      suite.throughput();
    }
    cluster.clean();

    Duration took = Duration.ofNanos(System.nanoTime() - began);
    results.environment.put(
        "run",
        plan.name()
            + ", "
            + took.toMinutes()
            + " min "
            + took.toSecondsPart()
            + " s for "
            + (only.size() == ALL.size()
                ? "all seven"
                : "benchmark(s) " + String.join(", ", only)));
    Report.write(results, out, COMMAND, preamble(plan));
    System.out.println(
        "[figure] benchmarks ("
            + plan.name()
            + ") took "
            + took.toSeconds()
            + " s; page: "
            + out.resolve("benchmarks.md"));

    JsonNode json = new ObjectMapper().readTree(out.resolve("benchmarks/results.json").toFile());
    List<String> ids = new ArrayList<>();
    json.path("benchmarks").forEach(b -> ids.add(b.path("id").asText()));
    assertThat(ids).containsExactlyElementsOf(ALL.stream().filter(only::contains).toList());
    json.path("benchmarks")
        .forEach(
            b -> {
              assertThat(b.path("metrics").size())
                  .as("metrics of benchmark " + b.path("id"))
                  .isPositive();
              b.path("metrics")
                  .forEach(
                      m ->
                          m.path("frameworks")
                              .forEach(
                                  f -> {
                                    assertThat(f.path("samples").size())
                                        .as(m.path("title").asText())
                                        .isPositive();
                                    assertThat(f.path("median").isNumber())
                                        .as(m.path("title").asText())
                                        .isTrue();
                                  }));
            });
    String page = Files.readString(out.resolve("benchmarks.md"));
    assertThat(page).contains(COMMAND).contains("| kopgen | JOSDK |");
    for (String id : ids) {
      assertThat(out.resolve("benchmarks/benchmark-" + id + ".svg")).exists();
    }
  }

  /** Every benchmark, in the order a run takes them. */
  static final List<String> ALL = List.of("1", "5", "6", "7", "4", "2", "3");

  /**
   * The benchmarks {@code -Dkopgen.benchmarks.only} selects (comma-separated numbers, e.g. {@code
   * 3,6}); all seven when it is empty. A selection writes its page under {@code
   * target/benchmarks-only/}, never over the page of all seven.
   */
  static Set<String> only(String property) {
    if (property == null || property.isBlank()) {
      return new LinkedHashSet<>(ALL);
    }
    Set<String> selected = new LinkedHashSet<>();
    for (String id : property.split(",")) {
      String trimmed = id.trim();
      if (!ALL.contains(trimmed)) {
        throw new IllegalArgumentException(
            "kopgen.benchmarks.only='"
                + property
                + "': '"
                + trimmed
                + "' is not a benchmark; use numbers from 1 to 7, comma-separated");
      }
      selected.add(trimmed);
    }
    return selected;
  }

  private static void environment(Results results, TestApiServer server, Plan plan) {
    Map<String, String> env = results.environment;
    env.put(
        "machine",
        Runtime.getRuntime().availableProcessors()
            + " cores, "
            + cpuModel()
            + ", "
            + memTotal()
            + " RAM, "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.version"));
    env.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    env.put(
        "pod emulated",
        "the generated Deployment's default limits ("
            + dev.kopgen.manifests.ManifestSettings.DEFAULT_LIMITS
            + ") as JVM flags: `"
            + String.join(" ", JvmMode.containerFlags())
            + "`"
            + (JvmMode.cpuLimit().isEmpty()
                ? " (no CPU limit, so the JVM sees the host's "
                    + Runtime.getRuntime().availableProcessors()
                    + " cores as a pod sees its node's)"
                : "")
            + "; each process acts as ServiceAccount `"
            + Jvm.SERVICE_ACCOUNT
            + "` with a token"
            + " bound to a Pod of its name, its client configured from the ServiceAccount's files"
            + " and KUBERNETES_SERVICE_HOST/PORT as in a pod, not from a kubeconfig");
    for (JvmMode mode : JvmMode.values()) {
      env.put("JVM mode '" + mode.label + "'", mode.describe());
    }
    env.put("kube-apiserver", "v" + server.version() + " (real, with etcd, on the same machine)");
    env.put("kopgen", implementationVersion(dev.kopgen.runtime.Reconciler.class, "0.1.0-SNAPSHOT"));
    env.put(
        "Java Operator SDK",
        "operator-framework-core "
            + System.getProperty("kopgen.benchmarks.josdk", "?")
            + " with kubernetes-httpclient-jdk,"
            + " the HTTP client its operator-framework artifact brings (which this machine's Maven"
            + " does not serve for 5.3.x); built on fabric8 7.6.1");
    env.put("fabric8 kubernetes-client", io.fabric8.kubernetes.client.Version.clientVersion());
    env.put("concurrency", Plan.CONCURRENCY + " reconciles at once for every framework");
    env.put("harness JVM", ManagementFactory.getRuntimeMXBean().getVmName());
  }

  private static List<String> preamble(Plan plan) {
    return List.of(
        "The same reconciler (`it/benchmarks/src/main/java/dev/kopgen/bench/BenchWork.java`) runs"
            + " in a kopgen-generated operator, a Java Operator SDK operator, a bare fabric8"
            + " informer and a plain client loop, each as its own JVM against one real"
            + " kube-apiserver started for the run. Within every round the frameworks"
            + " alternate (kopgen, JOSDK, …), so a change in the machine's load hits all of"
            + " them.",
        "Every JVM runs as in the pod kopgen's generated Deployment describes (its memory"
            + " limit as -XX:MaxRAM, a pod-bound ServiceAccount token, the client configured"
            + " from the ServiceAccount's files), and every figure is taken in two modes, one"
            + " row each: **each at its defaults** (kopgen with the JVM flags its image and"
            + " Deployment carry, JOSDK and the bare fabric8 baselines with the JVM's defaults"
            + " in that pod) and **all with kopgen's JVM flags** (JOSDK too), so a difference"
            + " there is the framework's. The rounds alternate the modes as well as the"
            + " frameworks.",
        "Rounds (per mode) are scaled so the whole run ("
            + plan.name()
            + ") finishes in under"
            + " 30 minutes on a 2-core machine: startup "
            + plan.startupRounds()
            + " rounds,"
            + " memory "
            + plan.memoryRounds()
            + ", throughput "
            + plan.burstRounds()
            + ", deduplication "
            + plan.dedupRounds()
            + ", hand-over "
            + plan.handoverRounds()
            + ", shutdown "
            + plan.shutdownRounds()
            + ", processor "
            + plan.processorRounds()
            + ". Few rounds on a shared 2-core machine mean wide min–max ranges; read the"
            + " medians as indications, not as precise ratios.",
        "To run some benchmarks alone, add `-Dkopgen.benchmarks.only=3,6` (their numbers) to"
            + " the command: the page then goes to `it/benchmarks/target/benchmarks-only/`, never"
            + " over this one. `-Dkopgen.benchmarks.gclog=true` logs every JVM's collections and"
            + " safepoints, and each latency sample, under `it/benchmarks/target/benchmarks-work/logs/`.",
        "Where kopgen misses a target of issue L, the table says **missed** with the figure."
            + " The targets were not used to tune the benchmarks.");
  }

  private static String implementationVersion(Class<?> type, String fallback) {
    String v = type.getPackage().getImplementationVersion();
    return v == null ? fallback : v;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux: leave it out
    }
    return "unknown CPU";
  }

  private static String memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("\\D", ""));
          return (kb / 1024 / 1024) + " GiB";
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return "unknown";
  }
}
