package dev.kopgen.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Medians, extremes and percentiles of small samples. */
final class Stats {

  private Stats() {}

  static double median(List<Double> values) {
    return percentile(values, 50);
  }

  /** Nearest-rank percentile; NaN for no values. */
  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    if (p == 50 && sorted.size() % 2 == 0) {
      int mid = sorted.size() / 2;
      return (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** Three significant digits at most, no exponent. */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    double a = Math.abs(v);
    String s;
    if (a >= 100 || v == Math.rint(v)) {
      s = String.format(Locale.ROOT, "%.0f", v);
    } else if (a >= 10) {
      s = String.format(Locale.ROOT, "%.1f", v);
    } else if (a >= 1) {
      s = String.format(Locale.ROOT, "%.2f", v);
    } else {
      s = String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    }
    return s;
  }
}
