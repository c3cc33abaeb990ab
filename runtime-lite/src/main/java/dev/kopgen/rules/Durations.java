package dev.kopgen.rules;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in annotations: one or more whole-number parts with a unit,
 * largest first, as in {@code "500ms"}, {@code "15s"}, {@code "2m"} and {@code "1h30m"}, at most
 * {@link #MAX}.
 */
public final class Durations {

  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|h|m|s))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

  /**
   * The longest duration kopgen accepts: one year, {@code "8760h"}. Every duration flows into
   * arithmetic with a fixed range: nanoseconds in a {@code long} (about 292 years), a Lease's
   * {@code leaseDurationSeconds} (an int32, about 68 years), sums such as the shutdown budget and
   * the crash takeover bound, and {@code Duration.ofMillis} literals in generated code. A year
   * leaves all of them a wide margin, and no timeout, lease or retry period is meant to be longer.
   */
  public static final Duration MAX = Duration.ofHours(24 * 365);

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException with a message that says what is accepted
   */
  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a duration: write a whole number with a unit, such as"
              + " \"500ms\", \"15s\", \"2m\" or \"1h30m\"");
    }
    long totalMillis = 0;
    Matcher m = PART.matcher(text);
    int lastRank = Integer.MAX_VALUE;
    while (m.find()) {
      int rank = rank(m.group(2));
      if (rank >= lastRank) {
        throw new IllegalArgumentException(
            "'"
                + text
                + "' repeats or misorders its units: write the largest unit first, once"
                + " each, as in \"1h30m\"");
      }
      lastRank = rank;
      try {
        long amount = Long.parseLong(m.group(1));
        totalMillis = Math.addExact(totalMillis, Math.multiplyExact(amount, unitMillis(rank)));
      } catch (NumberFormatException | ArithmeticException e) {
        throw tooLong(text);
      }
    }
    Duration total = Duration.ofMillis(totalMillis);
    if (total.compareTo(MAX) > 0) {
      throw tooLong(text);
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

  private static long unitMillis(int rank) {
    return switch (rank) {
      case 3 -> 3_600_000L;
      case 2 -> 60_000L;
      case 1 -> 1_000L;
      default -> 1L;
    };
  }

  private static IllegalArgumentException tooLong(String text) {
    return new IllegalArgumentException(
        "'"
            + text
            + "' is longer than "
            + format(MAX)
            + ", the longest duration kopgen accepts:"
            + " no timeout, lease or retry period needs more, and longer ones overflow the"
            + " arithmetic and the Kubernetes fields they end up in");
  }
}
