package dev.kopgen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.it.TestApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Where each framework's footprint goes, in load-insensitive measures: classes loaded by the first
 * reconcile (from {@code -Xlog:class+load}, grouped by where they came from), live threads at the
 * first reconcile and when idle (with their names), and, with 1,000 cached objects, heap and RSS
 * after a full GC and the JVM's native memory by category ({@code -XX:NativeMemoryTracking}). The
 * operators run as in {@link BenchmarksTest} (same classpaths, flags and pod emulation).
 *
 * <p>Not part of the build (its name does not end in {@code Test}): a tool for finding what to cut,
 * run by hand, its files under {@code target/benchmarks-work/footprint/}:
 *
 * <pre>
 * mvn -B -pl it/benchmarks -am test -Dtest=FootprintProbe#measuresWhereTheFootprintGoes \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * mvn -B -pl it/benchmarks -am test -Dtest=FootprintProbe#startupAb \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dkopgen.footprint.baseline=/path/to/old/classes
 * </pre>
 *
 * {@code -Dkopgen.footprint.frameworks=KOPGEN,JOSDK,BARE} and {@code -Dkopgen.footprint.mode=equal}
 * (or {@code defaults}) choose what runs; {@code -Dkopgen.footprint.rounds=N} repeats each.
 */
class FootprintProbe {

  private int touches;

  private static final Pattern CLASS_LINE = Pattern.compile("^\\[(\\d+)ms\\] (\\S+) source: (.*)$");

  @Test
  void measuresWhereTheFootprintGoes() throws IOException {
    Path out = Path.of(System.getProperty("kopgen.benchmarks.work")).resolve("footprint");
    Files.createDirectories(out);
    JvmMode mode =
        "defaults".equals(System.getProperty("kopgen.footprint.mode"))
            ? JvmMode.DEFAULTS
            : JvmMode.KOPGEN_FLAGS;
    List<Framework> frameworks =
        Arrays.stream(
                System.getProperty("kopgen.footprint.frameworks", "KOPGEN,JOSDK,BARE").split(","))
            .map(String::trim)
            .map(Framework::valueOf)
            .toList();
    int rounds = Integer.getInteger("kopgen.footprint.rounds", 1);
    int objects = Integer.getInteger("kopgen.footprint.objects", 1000);

    Cluster cluster = new Cluster(TestApiServer.shared().adminClient());
    cluster.prepare();
    Map<String, List<String>> rows = new LinkedHashMap<>();

    cluster.clean();
    cluster.create("s", 1);
    for (int round = 0; round < rounds; round++) {
      for (Framework f : frameworks) {
        String tag = f.name().toLowerCase(Locale.ROOT) + "-" + round;
        Path classLog = out.resolve(tag + "-classes.log");
        Files.deleteIfExists(classLog);
        cluster.deleteLeases();
        try (Jvm jvm =
            Jvm.start(
                f,
                mode,
                "fp-" + tag,
                Map.of("BENCH_MODE", "noop", "BENCH_RUN", "footprint"),
                extraFlags("-Xlog:class+load=info:file=" + classLog + ":timemillis"))) {
          Jvm.Event first = jvm.await(e -> e.what().equals("start"), Duration.ofMinutes(2));
          long threadsAtFirst = jvm.threads();
          String dumpAtFirst = jvm.jcmd("Thread.print");
          double startupMs = (first.micros() - jvm.startMicros()) / 1000.0;
          Jvm.sleep(3000);
          long threadsIdle = jvm.threads();
          Files.writeString(out.resolve(tag + "-threads-first.txt"), dumpAtFirst);
          Files.writeString(out.resolve(tag + "-threads-idle.txt"), jvm.jcmd("Thread.print"));
          Files.writeString(out.resolve(tag + "-threads-names.txt"), threadNames(dumpAtFirst));
          Map<String, Integer> bySource = new TreeMap<>();
          Map<String, Integer> byPackage = new TreeMap<>();
          int classes = countClasses(classLog, first.micros() / 1000, bySource, byPackage);
          Files.writeString(out.resolve(tag + "-classes-by-source.txt"), table(bySource));
          Files.writeString(out.resolve(tag + "-classes-by-package.txt"), table(byPackage));
          assertThat(classes).as("classes loaded by " + f.label).isPositive();
          rows.computeIfAbsent(f.label, k -> new ArrayList<>())
              .add(
                  String.format(
                      Locale.ROOT,
                      "startup %.0f ms, classes at first reconcile %d, threads at first reconcile"
                          + " %d, idle %d",
                      startupMs,
                      classes,
                      threadsAtFirst,
                      threadsIdle));
        }
      }
    }

    if (objects > 0) {
      cluster.clean();
      cluster.create("m", objects);
      for (int round = 0; round < rounds; round++) {
        for (boolean nmt : new boolean[] {false, true}) {
          for (Framework f : frameworks) {
            String tag = f.name().toLowerCase(Locale.ROOT) + "-" + round + (nmt ? "-nmt" : "");
            cluster.deleteLeases();
            try (Jvm jvm =
                Jvm.start(
                    f,
                    mode,
                    "fpm-" + tag,
                    Map.of(
                        "BENCH_MODE",
                        "noop",
                        "BENCH_RUN",
                        "footprint",
                        "BENCH_EXPECT",
                        Integer.toString(objects)),
                    nmt
                        ? List.of(
                            "-XX:NativeMemoryTracking=summary",
                            "-Xlog:class+load=info:file="
                                + out.resolve(tag + "-classes.log")
                                + ":timemillis")
                        : List.of())) {
              jvm.await(e -> e.what().equals("all"), Duration.ofMinutes(5));
              Jvm.sleep(1000);
              double heap = jvm.heapAfterGcBytes() / 1048576.0;
              double rss = jvm.rssBytes() / 1048576.0;
              long threads = jvm.threads();
              String row =
                  String.format(
                      Locale.ROOT,
                      "N=%d%s: heap after GC %.1f MiB, RSS %.1f MiB, threads %d",
                      objects,
                      nmt ? " (NMT on)" : "",
                      heap,
                      rss,
                      threads);
              if (nmt) {
                String summary = jvm.jcmd("VM.native_memory summary");
                Files.writeString(out.resolve(tag + "-nmt.txt"), summary);
                row += "; NMT committed: " + nmtCommitted(summary);
                Map<String, Integer> bySource = new TreeMap<>();
                Map<String, Integer> byPackage = new TreeMap<>();
                int classes =
                    countClasses(
                        out.resolve(tag + "-classes.log"), Long.MAX_VALUE, bySource, byPackage);
                Files.writeString(out.resolve(tag + "-classes-by-source.txt"), table(bySource));
                Files.writeString(out.resolve(tag + "-classes-by-package.txt"), table(byPackage));
                row += "; classes loaded " + classes;
              }
              rows.computeIfAbsent(f.label, k -> new ArrayList<>()).add(row);

              // One update, hence one watch event: fabric8 reads a watch event's object as any
              // KubernetesResource, and the first such read instantiates every model class it
              // knows (KubernetesDeserializer's ServiceLoader scan). kopgen's Lease watch gets
              // an event at each renewal; the others get their first with the first change.
              int value = ++touches + 1;
              cluster.setValue("m-0", value);
              jvm.await(
                  e -> e.what().equals("start") && e.name().equals("m-0") && e.value() == value,
                  Duration.ofMinutes(2));
              Jvm.sleep(1000);
              String after =
                  String.format(
                      Locale.ROOT,
                      "N=%d%s, after one update: heap after GC %.1f MiB, RSS %.1f MiB, threads %d",
                      objects,
                      nmt ? " (NMT on)" : "",
                      jvm.heapAfterGcBytes() / 1048576.0,
                      jvm.rssBytes() / 1048576.0,
                      jvm.threads());
              if (nmt) {
                after += "; NMT committed: " + nmtCommitted(jvm.jcmd("VM.native_memory summary"));
              }
              rows.get(f.label).add(after);
            }
          }
        }
      }
    }

    StringBuilder report = new StringBuilder("Footprint [" + mode.label + "]\n");
    rows.forEach(
        (f, lines) -> {
          for (String line : lines) {
            report.append(f).append(": ").append(line).append('\n');
          }
        });
    Files.writeString(out.resolve("summary.txt"), report.toString());
    System.out.println(report);
  }

  /**
   * Startup to the first reconcile, interleaved: per round kopgen with this build's runtime, kopgen
   * with the runtime of {@code -Dkopgen.footprint.baseline=<classes dir or jar>} (the A/B's
   * "before"; skipped without it), JOSDK and the bare informer, in that order, each in {@code
   * kopgen.footprint.mode}, {@code kopgen.footprint.startupRounds} rounds (default 8). Prints every
   * sample, the medians and the live threads at the first reconcile.
   */
  @Test
  void startupAb() throws IOException {
    int rounds = Integer.getInteger("kopgen.footprint.startupRounds", 8);
    JvmMode mode =
        "defaults".equals(System.getProperty("kopgen.footprint.mode"))
            ? JvmMode.DEFAULTS
            : JvmMode.KOPGEN_FLAGS;
    String baseline = System.getProperty("kopgen.footprint.baseline", "");
    Cluster cluster = new Cluster(TestApiServer.shared().adminClient());
    cluster.prepare();
    cluster.clean();
    cluster.create("s", Integer.getInteger("kopgen.footprint.startupObjects", 1));
    Map<String, List<Double>> millis = new LinkedHashMap<>();
    Map<String, List<Long>> threads = new LinkedHashMap<>();
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (String variant : List.of("kopgen", "kopgen-baseline", "JOSDK", "bare")) {
        if (variant.equals("kopgen-baseline") && baseline.isBlank()) {
          continue;
        }
        Framework f =
            switch (variant) {
              case "JOSDK" -> Framework.JOSDK;
              case "bare" -> Framework.BARE;
              default -> Framework.KOPGEN;
            };
        String previous = System.getProperty("kopgen.benchmarks.runtime", "");
        System.setProperty(
            "kopgen.benchmarks.runtime", variant.equals("kopgen-baseline") ? baseline : "");
        cluster.deleteLeases();
        try (Jvm jvm =
            Jvm.start(
                f,
                mode,
                "ab-" + variant.toLowerCase(Locale.ROOT) + "-" + round,
                Map.of("BENCH_MODE", "noop", "BENCH_RUN", "footprint"))) {
          Jvm.Event first = jvm.await(e -> e.what().equals("start"), Duration.ofMinutes(2));
          cpu.computeIfAbsent(variant, k -> new ArrayList<>()).add((double) jvm.cpuMillis());
          threads.computeIfAbsent(variant, k -> new ArrayList<>()).add(jvm.threads());
          millis
              .computeIfAbsent(variant, k -> new ArrayList<>())
              .add((first.micros() - jvm.startMicros()) / 1000.0);
        } finally {
          System.setProperty("kopgen.benchmarks.runtime", previous);
        }
      }
    }
    StringBuilder report =
        new StringBuilder("Startup A/B [" + mode.label + "], " + rounds + " rounds\n");
    millis.forEach(
        (variant, samples) -> {
          List<Double> sorted = samples.stream().sorted().toList();
          report.append(
              String.format(
                  Locale.ROOT,
                  "%-16s median %6.0f ms (min %6.0f, max %6.0f); CPU time by then median %5.0f ms"
                      + " (min %5.0f); threads at first reconcile %s; samples %s%n",
                  variant,
                  Stats.median(samples),
                  sorted.get(0),
                  sorted.get(sorted.size() - 1),
                  Stats.median(cpu.get(variant)),
                  cpu.get(variant).stream().min(Double::compare).orElseThrow(),
                  threads.get(variant).stream().distinct().sorted().toList(),
                  samples.stream().map(d -> String.format(Locale.ROOT, "%.0f", d)).toList()));
        });
    Path out = Path.of(System.getProperty("kopgen.benchmarks.work")).resolve("footprint");
    Files.createDirectories(out);
    Files.writeString(out.resolve("startup-ab.txt"), report.toString());
    System.out.println(report);
    assertThat(millis.get("kopgen")).hasSize(rounds);
  }

  /**
   * Counts the classes the log says were loaded at or before {@code untilMillis} (epoch), grouping
   * them by source (a jar, the CDS archive, the JDK's modules, or generated at run time) and by
   * package (its first three names).
   */
  static int countClasses(
      Path log, long untilMillis, Map<String, Integer> bySource, Map<String, Integer> byPackage)
      throws IOException {
    int count = 0;
    for (String line : Files.readAllLines(log)) {
      Matcher m = CLASS_LINE.matcher(line);
      if (!m.matches() || Long.parseLong(m.group(1)) > untilMillis) {
        continue;
      }
      count++;
      String name = m.group(2);
      String source = m.group(3);
      String src;
      if (source.startsWith("shared objects file")) {
        src = "JDK (CDS archive)";
      } else if (source.startsWith("jrt:/")) {
        src = "JDK " + source.substring(5);
      } else if (source.endsWith(".jar")) {
        src = source.substring(source.lastIndexOf('/') + 1);
      } else if (source.startsWith("file:")) {
        src = "classes directory";
      } else {
        src = name.contains("$$Lambda") ? "lambda" : "generated at run time";
      }
      bySource.merge(src, 1, Integer::sum);
      String pkg = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "";
      String[] parts = pkg.split("\\.");
      String group = String.join(".", Arrays.copyOf(parts, Math.min(3, parts.length)));
      byPackage.merge(group, 1, Integer::sum);
    }
    return count;
  }

  /** {@code flags} and those of {@code -Dkopgen.footprint.flags} (space-separated). */
  private static List<String> extraFlags(String... flags) {
    List<String> all = new ArrayList<>(Arrays.asList(flags));
    String more = System.getProperty("kopgen.footprint.flags", "");
    if (!more.isBlank()) {
      all.addAll(Arrays.asList(more.trim().split("\\s+")));
    }
    return all;
  }

  /** Thread names of a {@code Thread.print} dump, numbers folded ({@code worker-#}), counted. */
  static String threadNames(String dump) {
    Map<String, Integer> names = new TreeMap<>();
    for (String line : dump.split("\n")) {
      if (line.startsWith("\"")) {
        String name = line.substring(1, line.indexOf('"', 1));
        names.merge(name.replaceAll("\\d+", "#"), 1, Integer::sum);
      }
    }
    return table(names);
  }

  private static String nmtCommitted(String summary) {
    Matcher m =
        Pattern.compile("-\\s+([A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)")
            .matcher(summary);
    List<String> parts = new ArrayList<>();
    while (m.find()) {
      long kib = Long.parseLong(m.group(2));
      if (kib >= 1024) {
        parts.add(m.group(1).trim() + " " + (kib / 1024) + " MiB");
      }
    }
    return String.join(", ", parts);
  }

  private static String table(Map<String, Integer> counts) {
    StringBuilder sb = new StringBuilder();
    counts.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .forEach(e -> sb.append(String.format(Locale.ROOT, "%6d  %s%n", e.getValue(), e.getKey())));
    return sb.toString();
  }
}
