package dev.kopgen.processor.validate;

import dev.kopgen.rules.KubeNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rudimentary check of Kubernetes label selector syntax, so a typo fails the build instead of the
 * first list call. Accepts comma-separated requirements {@code key=value}, {@code key==value},
 * {@code key!=value}, {@code key}, {@code !key}, {@code key in (a,b)} and {@code key notin (a,b)},
 * with keys and values checked by {@link KubeNames#labelKeyProblem} and {@link
 * KubeNames#labelValueProblem}, the rules the plugin applies to the pod's labels too. It is a
 * syntax check only; the API server stays the authority.
 *
 * <p>It also decides whether two selectors provably select disjoint sets of objects ({@link
 * #exclusiveKey}), which is what makes selector shards safe.
 */
public final class LabelSelectorSyntax {

  private static final String TOKEN = "([^\\s=!(),]+)";
  private static final Pattern EXISTS = Pattern.compile(TOKEN);
  private static final Pattern NOT_EXISTS = Pattern.compile("!\\s*" + TOKEN);
  private static final Pattern EQUALITY =
      Pattern.compile(TOKEN + "\\s*(==|=|!=)\\s*([^\\s=!(),]*)");
  private static final Pattern SET = Pattern.compile(TOKEN + "\\s+(in|notin)\\s*\\((.*)\\)");

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
    TreeSet<String> sorted = new TreeSet<>();
    parse(selector).forEach(r -> sorted.add(r.canonical()));
    return String.join(",", sorted);
  }

  /**
   * A label key on which {@code a} and {@code b} exclude each other, proving that no object can
   * match both; empty when there is none, i.e. when kopgen cannot prove them disjoint. Only for
   * valid selectors.
   *
   * <p>Per key, each selector allows a set of values, and may or may not allow the label to be
   * absent (Kubernetes matches {@code k!=v} and {@code k notin (...)} on objects without {@code
   * k}). Two selectors exclude each other on {@code k} when those sets have nothing in common:
   * {@code shard=a} and {@code shard=b}; {@code tier in (web)} and {@code tier notin (web)}; {@code
   * gpu} and {@code !gpu}. Selectors that constrain different keys ({@code shard=a} and {@code
   * team=x}) do not: an object may carry both labels.
   */
  public static Optional<String> exclusiveKey(String a, String b) {
    Map<String, Allowed> left = allowedByKey(parse(a));
    Map<String, Allowed> right = allowedByKey(parse(b));
    for (Map.Entry<String, Allowed> e : left.entrySet()) {
      // A key absent from the other selector allows anything there, so only the left's own
      // constraint counts (it excludes everything when it contradicts itself, as in a=1,a=2).
      Allowed other = right.getOrDefault(e.getKey(), ANYTHING);
      if (e.getValue().intersect(other).isEmpty()) {
        return Optional.of(e.getKey());
      }
    }
    for (Map.Entry<String, Allowed> e : right.entrySet()) {
      if (e.getValue().isEmpty()) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /** What a selector without a requirement on a key allows there. */
  private static final Allowed ANYTHING = Allowed.allBut(Set.of(), true);

  /** What one selector allows per key: the intersection of its requirements on that key. */
  private static Map<String, Allowed> allowedByKey(List<Requirement> requirements) {
    Map<String, Allowed> byKey = new TreeMap<>();
    for (Requirement r : requirements) {
      byKey.merge(r.key(), r.allowed(), Allowed::intersect);
    }
    return byKey;
  }

  /**
   * The values a key may have under some requirements.
   *
   * @param absent whether an object without the key matches
   * @param values the present values that match: exactly these, or (if {@code complement}) every
   *     value except these
   */
  private record Allowed(boolean absent, Set<String> values, boolean complement) {

    static Allowed only(Set<String> values) {
      return new Allowed(false, values, false);
    }

    static Allowed allBut(Set<String> values, boolean absent) {
      return new Allowed(absent, values, true);
    }

    Allowed intersect(Allowed o) {
      boolean both = absent && o.absent;
      Set<String> v = new TreeSet<>();
      if (!complement && !o.complement) {
        v.addAll(values);
        v.retainAll(o.values);
        return new Allowed(both, v, false);
      }
      if (complement && o.complement) {
        v.addAll(values);
        v.addAll(o.values);
        return new Allowed(both, v, true);
      }
      Allowed finite = complement ? o : this;
      Allowed excluded = complement ? this : o;
      v.addAll(finite.values);
      v.removeAll(excluded.values);
      return new Allowed(both, v, false);
    }

    /** Whether no object matches: absence excluded and no value left (a complement never is). */
    boolean isEmpty() {
      return !absent && !complement && values.isEmpty();
    }
  }

  /** One parsed requirement: {@code op} is one of =, !=, in, notin, exists, !exists. */
  private record Requirement(String key, String op, Set<String> values) {

    String canonical() {
      return switch (op) {
        case "exists" -> key;
        case "!exists" -> "!" + key;
        case "=", "!=" -> key + op + values.iterator().next();
        default -> key + " " + op + " (" + String.join(",", values) + ")";
      };
    }

    Allowed allowed() {
      return switch (op) {
        case "=", "in" -> Allowed.only(values);
        case "!=", "notin" -> Allowed.allBut(values, true);
        case "exists" -> Allowed.allBut(Set.of(), false);
        default -> new Allowed(true, Set.of(), false); // !key: only absence matches
      };
    }
  }

  /** Parses into requirements. */
  private static List<Requirement> parse(String selector) {
    List<Requirement> requirements = new ArrayList<>();
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
        requirements.add(new Requirement(key(m.group(1)), "!exists", Set.of()));
      } else if ((m = EQUALITY.matcher(r)).matches()) {
        String op = m.group(2).equals("==") ? "=" : m.group(2);
        requirements.add(new Requirement(key(m.group(1)), op, Set.of(value(m.group(3)))));
      } else if ((m = SET.matcher(r)).matches()) {
        TreeSet<String> values = new TreeSet<>();
        for (String v : m.group(3).split(",", -1)) {
          values.add(value(v.strip()));
        }
        if (m.group(3).isBlank()) {
          throw new IllegalArgumentException(
              "'"
                  + r
                  + "' has an empty value set: list at least one value, as in"
                  + " \"tier in (web,cache)\"");
        }
        requirements.add(new Requirement(key(m.group(1)), m.group(2), values));
      } else if ((m = EXISTS.matcher(r)).matches()) {
        requirements.add(new Requirement(key(m.group(1)), "exists", Set.of()));
      } else {
        throw new IllegalArgumentException(
            "'"
                + r
                + "' is not a label requirement: write key=value, key!=value, key, !key,"
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

  /** A label key, checked by {@link KubeNames#labelKeyProblem} (the plugin asks the same). */
  private static String key(String key) {
    KubeNames.labelKeyProblem(key)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(p);
            });
    return key;
  }

  /** A label value, checked by {@link KubeNames#labelValueProblem}: empty, or a label name. */
  private static String value(String value) {
    KubeNames.labelValueProblem(value)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(p);
            });
    return value;
  }
}
