package dev.kopgen.processor.validate;

import dev.kopgen.model.KubeNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rudimentary check of Kubernetes label selector syntax, so a typo fails the build instead of
 * the first list call. Accepts comma-separated requirements {@code key=value}, {@code key==value},
 * {@code key!=value}, {@code key}, {@code !key}, {@code key in (a,b)} and
 * {@code key notin (a,b)}, with keys and values checked like Kubernetes label keys and values.
 * It is a syntax check only; the API server stays the authority.
 */
public final class LabelSelectorSyntax {

  private static final String TOKEN = "([^\\s=!(),]+)";
  private static final Pattern EXISTS = Pattern.compile(TOKEN);
  private static final Pattern NOT_EXISTS = Pattern.compile("!\\s*" + TOKEN);
  private static final Pattern EQUALITY =
      Pattern.compile(TOKEN + "\\s*(==|=|!=)\\s*([^\\s=!(),]*)");
  private static final Pattern SET = Pattern.compile(TOKEN + "\\s+(in|notin)\\s*\\((.*)\\)");
  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  private LabelSelectorSyntax() {}

  /** Why {@code selector} is not a label selector, if it is not; the empty selector is valid. */
  public static Optional<String> problem(String selector) {
    try {
      parse(selector);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * The selector in a canonical form (requirements sorted, spacing normalized), so two selectors
   * that differ only in order or spacing compare equal. Only for valid selectors.
   */
  public static String canonical(String selector) {
    return String.join(",", new TreeSet<>(parse(selector)));
  }

  /** Parses into canonical requirement strings. */
  private static List<String> parse(String selector) {
    List<String> requirements = new ArrayList<>();
    if (selector.isBlank()) {
      return requirements;
    }
    for (String raw : splitTopLevel(selector)) {
      String r = raw.strip();
      Matcher m;
      if (r.isEmpty()) {
        throw new IllegalArgumentException(
            "it has an empty requirement (a doubled or trailing comma): remove it");
      } else if ((m = NOT_EXISTS.matcher(r)).matches()) {
        requirements.add("!" + key(m.group(1)));
      } else if ((m = EQUALITY.matcher(r)).matches()) {
        String op = m.group(2).equals("==") ? "=" : m.group(2);
        requirements.add(key(m.group(1)) + op + value(m.group(3)));
      } else if ((m = SET.matcher(r)).matches()) {
        TreeSet<String> values = new TreeSet<>();
        for (String v : m.group(3).split(",", -1)) {
          values.add(value(v.strip()));
        }
        if (m.group(3).isBlank()) {
          throw new IllegalArgumentException(
              "'" + r + "' has an empty value set: list at least one value, as in"
                  + " \"tier in (web,cache)\"");
        }
        requirements.add(key(m.group(1)) + " " + m.group(2) + " (" + String.join(",", values) + ")");
      } else if ((m = EXISTS.matcher(r)).matches()) {
        requirements.add(key(m.group(1)));
      } else {
        throw new IllegalArgumentException(
            "'" + r + "' is not a label requirement: write key=value, key!=value, key, !key,"
                + " key in (a,b) or key notin (a,b), separated by commas");
      }
    }
    return requirements;
  }

  /** Splits on commas outside parentheses. */
  private static List<String> splitTopLevel(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth < 0) {
          throw new IllegalArgumentException("it closes a parenthesis it never opened");
        }
      } else if (c == ',' && depth == 0) {
        parts.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("it opens a parenthesis it never closes");
    }
    parts.add(selector.substring(start));
    return parts;
  }

  /** A label key: an optional DNS-subdomain prefix and '/', then a name of at most 63. */
  private static String key(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (KubeNames.dnsSubdomainProblem(prefix).isPresent()) {
        throw new IllegalArgumentException(
            "'" + key + "' has an invalid prefix '" + prefix + "': a label key prefix is a DNS"
                + " subdomain such as example.com");
      }
    }
    if (name.length() > 63 || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'" + key + "' is not a valid label key: use at most 63 letters, digits, '-', '_' and"
              + " '.', starting and ending with a letter or digit, optionally after a prefix"
              + " such as example.com/");
    }
    return key;
  }

  /** A label value: empty, or at most 63 letters, digits, '-', '_' and '.'. */
  private static String value(String value) {
    if (!value.isEmpty() && (value.length() > 63 || !NAME.matcher(value).matches())) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a valid label value: use at most 63 letters, digits, '-', '_'"
              + " and '.', starting and ending with a letter or digit");
    }
    return value;
  }
}
