package dev.kopgen.manifests;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 100m}, {@code 256Mi}, {@code 1.5}, {@code 2e3}) as the API
 * server reads them: the syntax check of {@code <resources>}, and the values the JVM settings are
 * sized from.
 */
final class Quantity {

  private static final Pattern QUANTITY =
      Pattern.compile("[+]?(\\d+(\\.\\d*)?|\\.\\d+)([numkMGTPE]|[KMGTPE]i|[eE][+-]?\\d+)?");

  private static final Map<String, BigDecimal> SUFFIXES =
      Map.ofEntries(
          Map.entry("n", new BigDecimal("1e-9")),
          Map.entry("u", new BigDecimal("1e-6")),
          Map.entry("m", new BigDecimal("1e-3")),
          Map.entry("k", new BigDecimal("1e3")),
          Map.entry("M", new BigDecimal("1e6")),
          Map.entry("G", new BigDecimal("1e9")),
          Map.entry("T", new BigDecimal("1e12")),
          Map.entry("P", new BigDecimal("1e15")),
          Map.entry("E", new BigDecimal("1e18")),
          Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
          Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
          Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
          Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
          Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
          Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

  private Quantity() {}

  /** Whether {@code text} is a quantity the API server accepts. */
  static boolean valid(String text) {
    return text != null && QUANTITY.matcher(text).matches();
  }

  /**
   * The quantity's value in its base unit (bytes for memory, cores for cpu), or empty when {@code
   * text} is not a quantity.
   */
  static Optional<BigDecimal> parse(String text) {
    Matcher m = QUANTITY.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    BigDecimal number = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
    String suffix = m.group(3);
    if (suffix == null) {
      return Optional.of(number);
    }
    if (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E') {
      try {
        return Optional.of(number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1))));
      } catch (NumberFormatException | ArithmeticException e) {
        return Optional.empty(); // an exponent beyond any container's resources
      }
    }
    return Optional.of(number.multiply(SUFFIXES.get(suffix)));
  }
}
