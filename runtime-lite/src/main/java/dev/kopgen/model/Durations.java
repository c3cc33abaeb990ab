package dev.kopgen.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in annotations: one or more whole-number parts with a unit,
 * largest first, as in {@code "500ms"}, {@code "15s"}, {@code "2m"} and {@code "1h30m"}.
 */
public final class Durations {

  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|h|m|s))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException with a message that says what is accepted
   */
  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: write a whole number with a unit, such as"
              + " \"500ms\", \"15s\", \"2m\" or \"1h30m\"");
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(text);
    int lastRank = Integer.MAX_VALUE;
    while (m.find()) {
      long amount;
      try {
        amount = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is too large a duration");
      }
      int rank = rank(m.group(2));
      if (rank >= lastRank) {
        throw new IllegalArgumentException(
            "'" + text + "' repeats or misorders its units: write the largest unit first, once"
                + " each, as in \"1h30m\"");
      }
      lastRank = rank;
      total = total.plus(unit(m.group(2)).multipliedBy(amount));
    }
    return total;
  }

  /** Formats {@code d} the way {@link #parse} reads it, e.g. {@code "1m30s"} or {@code "500ms"}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long h = d.toHours();
    int m = d.toMinutesPart();
    int s = d.toSecondsPart();
    int ms = d.toMillisPart();
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (m > 0) {
      sb.append(m).append('m');
    }
    if (s > 0) {
      sb.append(s).append('s');
    }
    if (ms > 0) {
      sb.append(ms).append("ms");
    }
    return sb.toString();
  }

  private static int rank(String unit) {
    return switch (unit) {
      case "h" -> 3;
      case "m" -> 2;
      case "s" -> 1;
      default -> 0;
    };
  }

  private static Duration unit(String unit) {
    return switch (unit) {
      case "h" -> Duration.ofHours(1);
      case "m" -> Duration.ofMinutes(1);
      case "s" -> Duration.ofSeconds(1);
      default -> Duration.ofMillis(1);
    };
  }
}
