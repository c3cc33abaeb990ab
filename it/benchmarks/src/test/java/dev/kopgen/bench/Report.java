package dev.kopgen.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a run's results: {@code benchmarks/results.json}, one SVG chart per benchmark under {@code
 * benchmarks/}, and {@code benchmarks.md} with the tables, targets and notes. Everything on the
 * page comes from the results; nothing is edited by hand.
 */
final class Report {

  private static final String[] COLOURS = {"#2b6cb0", "#c05621", "#718096", "#2f855a"};

  private Report() {}

  static void write(Results results, Path docs, String command, List<String> preamble) {
    try {
      Path dir = docs.resolve("benchmarks");
      Files.createDirectories(dir);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(dir.resolve("results.json").toFile(), results.toJson());
      StringBuilder md = new StringBuilder();
      md.append("# Benchmarks: kopgen side by side with Java Operator SDK\n\n");
      md.append(
          "<!-- Written by it/benchmarks (BenchmarksTest); do not edit: rerun the command"
              + " below. -->\n\n");
      md.append(
              "Regenerate this page (and `docs/benchmarks/`) with one command from the"
                  + " repository root; it is not part of `mvn -B verify`, which runs only a smoke round"
                  + " of each benchmark:\n\n```\n")
          .append(command)
          .append("\n```\n\n");
      for (String p : preamble) {
        md.append(p).append("\n\n");
      }
      md.append("## Setup\n\n| | |\n|---|---|\n");
      results.environment.forEach(
          (k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
      md.append(
          "\n## Summary\n\nEach cell is the median, with min–max over the rounds in"
              + " brackets. A target kopgen misses is marked **missed**, with the measured"
              + " figure.\n\n");
      md.append("| benchmark | metric | kopgen | JOSDK | baseline | target | verdict | JVM |\n");
      md.append("|---|---|---|---|---|---|---|---|\n");
      for (Results.Metric m : results.metrics) {
        String baseline = "";
        for (Framework f : new Framework[] {Framework.BARE, Framework.PLAIN}) {
          if (!m.of(f.label).isEmpty()) {
            baseline += (baseline.isEmpty() ? "" : "<br>") + f.label + ": " + cell(m, f.label);
          }
        }
        md.append("| ")
            .append(m.benchmark)
            .append(" | ")
            .append(m.title)
            .append(m.unit.isEmpty() ? "" : " (" + m.unit + ")")
            .append(" | ")
            .append(cell(m, Framework.KOPGEN.label))
            .append(" | ")
            .append(cell(m, Framework.JOSDK.label))
            .append(" | ")
            .append(baseline)
            .append(" | ")
            .append(m.target)
            .append(" | ")
            .append(m.verdict)
            .append(" | ")
            .append(m.jvm)
            .append(" |\n");
      }
      for (Map.Entry<String, String> b : results.benchmarks.entrySet()) {
        md.append("\n## ").append(b.getKey()).append(". ").append(b.getValue()).append("\n\n");
        List<Results.Metric> ms = new ArrayList<>();
        for (Results.Metric m : results.metrics) {
          if (m.benchmark.equals(b.getKey())) {
            ms.add(m);
          }
        }
        for (String note : results.notes.getOrDefault(b.getKey(), List.of())) {
          md.append("- ").append(note).append("\n");
        }
        if (!ms.isEmpty()) {
          String svg = "benchmark-" + b.getKey() + ".svg";
          Files.writeString(dir.resolve(svg), chart(b.getValue(), ms));
          md.append("\n![").append(b.getValue()).append("](benchmarks/").append(svg).append(")\n");
        }
      }
      Files.writeString(docs.resolve("benchmarks.md"), md.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String cell(Results.Metric m, String framework) {
    List<Double> s = m.of(framework);
    if (s.isEmpty()) {
      return "";
    }
    if (s.size() == 1) {
      return Stats.format(s.get(0));
    }
    return Stats.format(Stats.median(s))
        + " ("
        + Stats.format(Stats.min(s))
        + "–"
        + Stats.format(Stats.max(s))
        + ")";
  }

  /** One panel per metric, one bar per framework (the median) with a min–max whisker. */
  static String chart(String title, List<Results.Metric> metrics) {
    int width = 720;
    int left = 130;
    int barArea = width - left - 90;
    int bar = 16;
    StringBuilder body = new StringBuilder();
    int y = 34;
    for (Results.Metric m : metrics) {
      body.append(text(8, y + 4, m.title + (m.unit.isEmpty() ? "" : " (" + m.unit + ")"), "bold"));
      y += 12;
      double max = 0;
      for (List<Double> s : m.samples.values()) {
        max = Math.max(max, Stats.max(s));
      }
      if (!(max > 0)) {
        max = 1;
      }
      int i = 0;
      for (Map.Entry<String, List<Double>> e : m.samples.entrySet()) {
        double med = Stats.median(e.getValue());
        int w = (int) Math.round(barArea * Math.max(0, med) / max);
        String colour = COLOURS[colourIndex(e.getKey()) % COLOURS.length];
        body.append(text(8, y + 12, e.getKey(), "normal"));
        body.append(
            String.format(
                java.util.Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
                left,
                y,
                Math.max(w, 1),
                bar,
                colour));
        int x1 = left + (int) Math.round(barArea * Math.max(0, Stats.min(e.getValue())) / max);
        int x2 = left + (int) Math.round(barArea * Math.max(0, Stats.max(e.getValue())) / max);
        body.append(
            String.format(
                java.util.Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>%n",
                x1,
                y + bar / 2,
                x2,
                y + bar / 2));
        body.append(text(Math.max(x2, left + w) + 6, y + 12, Stats.format(med), "normal"));
        y += bar + 4;
        i++;
      }
      y += 14;
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
        + width
        + "\" height=\""
        + y
        + "\" font-family=\"sans-serif\" font-size=\"12\">\n"
        + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
        + text(8, 18, title + " — median, whisker min–max", "bold")
        + body
        + "</svg>\n";
  }

  private static int colourIndex(String framework) {
    for (Framework f : Framework.values()) {
      if (f.label.equals(framework)) {
        return f.ordinal();
      }
    }
    return 0;
  }

  private static String text(int x, int y, String s, String weight) {
    return "<text x=\""
        + x
        + "\" y=\""
        + y
        + "\" font-weight=\""
        + weight
        + "\">"
        + s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        + "</text>\n";
  }
}
