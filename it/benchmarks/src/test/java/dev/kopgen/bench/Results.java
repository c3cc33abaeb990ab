package dev.kopgen.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Every sample of a run, grouped by benchmark, metric and framework, with targets and notes. */
final class Results {

  /** One measured quantity: samples per framework (in run order), and its target if it has one. */
  static final class Metric {
    final String benchmark;
    final String id;
    final String title;
    final String unit;
    final Map<String, List<Double>> samples = new LinkedHashMap<>();
    String target = "";
    String verdict = "";

    /** The JDK and JVM flags its samples were measured with; empty when not a JVM's figure. */
    String jvm = "";

    Metric(String benchmark, String id, String title, String unit) {
      this.benchmark = benchmark;
      this.id = id;
      this.title = title;
      this.unit = unit;
    }

    List<Double> of(String framework) {
      return samples.getOrDefault(framework, List.of());
    }

    /** The largest sample for a framework, or NaN without samples. */
    double max(String framework) {
      return Stats.max(of(framework));
    }

    /** The median for a framework, or NaN without samples. */
    double median(String framework) {
      return Stats.median(of(framework));
    }
  }

  final Map<String, String> environment = new LinkedHashMap<>();

  /** Benchmark id → title. */
  final Map<String, String> benchmarks = new LinkedHashMap<>();

  /** Benchmark id → notes, printed under its table. */
  final Map<String, List<String>> notes = new LinkedHashMap<>();

  final List<Metric> metrics = new ArrayList<>();

  void benchmark(String id, String title) {
    benchmarks.put(id, title);
  }

  Metric metric(String benchmark, String id, String title, String unit) {
    for (Metric m : metrics) {
      if (m.benchmark.equals(benchmark) && m.id.equals(id)) {
        return m;
      }
    }
    Metric m = new Metric(benchmark, id, title, unit);
    metrics.add(m);
    return m;
  }

  /** Records one sample and prints it, as every figure of kopgen's tests is printed. */
  void add(String benchmark, String id, String title, String unit, String framework, double value) {
    metric(benchmark, id, title, unit)
        .samples
        .computeIfAbsent(framework, f -> new ArrayList<>())
        .add(value);
    System.out.printf(
        "[figure] %s / %s / %s: %s %s%n", benchmark, title, framework, Stats.format(value), unit);
  }

  /** The JDK the benchmarked JVMs run (the harness's own {@code java}). */
  static String jdk() {
    return "JDK " + System.getProperty("java.version");
  }

  void note(String benchmark, String text) {
    notes.computeIfAbsent(benchmark, b -> new ArrayList<>()).add(text);
  }

  /**
   * Sets a target of the form "kopgen ≤ limit × other" (or ≥ when {@code atLeast}) and its verdict,
   * from the medians.
   */
  void ratioTarget(String benchmark, String id, String other, double limit, boolean atLeast) {
    Metric m = find(benchmark, id);
    String label = Framework.KOPGEN.label;
    m.target = "kopgen " + (atLeast ? "≥ " : "≤ ") + Stats.format(limit) + " × " + other;
    double k = m.median(label);
    double o = m.median(other);
    if (Double.isNaN(k) || Double.isNaN(o) || o == 0) {
      m.verdict = "not measured";
      return;
    }
    double ratio = k / o;
    boolean met = atLeast ? ratio >= limit : ratio <= limit;
    m.verdict = (met ? "met" : "**missed**") + ": " + Stats.format(ratio) + " × " + other;
  }

  /** Sets a target checked on kopgen's samples alone (every sample, not just the median). */
  void ownTarget(String benchmark, String id, String target, Function<Metric, String> verdict) {
    Metric m = find(benchmark, id);
    m.target = target;
    m.verdict = verdict.apply(m);
  }

  Metric find(String benchmark, String id) {
    for (Metric m : metrics) {
      if (m.benchmark.equals(benchmark) && m.id.equals(id)) {
        return m;
      }
    }
    throw new IllegalArgumentException("no metric " + benchmark + "/" + id);
  }

  /** The results as plain maps and lists, for JSON. */
  Map<String, Object> toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("environment", environment);
    List<Object> list = new ArrayList<>();
    for (Map.Entry<String, String> b : benchmarks.entrySet()) {
      Map<String, Object> bench = new LinkedHashMap<>();
      bench.put("id", b.getKey());
      bench.put("title", b.getValue());
      bench.put("notes", notes.getOrDefault(b.getKey(), Collections.emptyList()));
      List<Object> ms = new ArrayList<>();
      for (Metric m : metrics) {
        if (!m.benchmark.equals(b.getKey())) {
          continue;
        }
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put("id", m.id);
        metric.put("title", m.title);
        metric.put("unit", m.unit);
        Map<String, Object> perFramework = new LinkedHashMap<>();
        m.samples.forEach(
            (f, s) -> {
              Map<String, Object> stats = new LinkedHashMap<>();
              stats.put("samples", s);
              stats.put("median", Stats.median(s));
              stats.put("min", Stats.min(s));
              stats.put("max", Stats.max(s));
              perFramework.put(f, stats);
            });
        metric.put("frameworks", perFramework);
        metric.put("jvm", m.jvm);
        metric.put("target", m.target);
        metric.put("verdict", m.verdict);
        ms.add(metric);
      }
      bench.put("metrics", ms);
      list.add(bench);
    }
    root.put("benchmarks", list);
    return root;
  }
}
