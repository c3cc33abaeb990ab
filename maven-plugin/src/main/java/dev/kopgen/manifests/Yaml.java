package dev.kopgen.manifests;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small block-style YAML writer for the generated manifests. It exists because the manifests
 * carry a comment beside each rule-driven value (the rule's reason), which no YAML library emits.
 * Output is deterministic: keys in insertion order, strings quoted whenever a YAML 1.1 or 1.2
 * reader could take them for anything but a string.
 */
final class Yaml {

  /** Strings that can stay plain: start with a letter, '/' or '_', no ": " or " #" inside. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./:-]*");

  /** Plain words YAML 1.1 reads as booleans or null. */
  private static final Set<String> RESERVED =
      Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");

  private Yaml() {}

  /** A mapping whose keys keep their insertion order. */
  static final class Obj {
    private final List<Entry> entries = new ArrayList<>();

    /** Adds {@code key: value}. Values: String, Number, Boolean, Obj, List. */
    Obj put(String key, Object value) {
      return put(key, value, null);
    }

    /** Adds {@code key: value # comment}. */
    Obj put(String key, Object value, String comment) {
      Objects.requireNonNull(value, key);
      entries.add(new Entry(key, value, comment));
      return this;
    }

    /** Adds every entry of {@code map} in its iteration order (use a sorted map). */
    Obj putAll(Map<String, ?> map) {
      map.forEach(this::put);
      return this;
    }

    boolean isEmpty() {
      return entries.isEmpty();
    }
  }

  private record Entry(String key, Object value, String comment) {}

  /** A list item preceded by comment lines, at the item's indentation. */
  record Commented(List<String> lines, Obj item) {}

  /** {@code item} as a list item with {@code lines} of comment above it. */
  static Commented commented(List<String> lines, Obj item) {
    return new Commented(List.copyOf(lines), item);
  }

  /** A new empty mapping. */
  static Obj obj() {
    return new Obj();
  }

  /** {@code root} as a YAML document, preceded by {@code headerComment} lines. */
  static String document(List<String> headerComment, Obj root) {
    StringBuilder sb = new StringBuilder();
    for (String line : headerComment) {
      sb.append("# ").append(line).append('\n');
    }
    writeEntries(root, 0, null, sb);
    return sb.toString();
  }

  private static void writeEntries(Obj o, int indent, String firstLinePrefix, StringBuilder sb) {
    for (int i = 0; i < o.entries.size(); i++) {
      Entry e = o.entries.get(i);
      sb.append(i == 0 && firstLinePrefix != null ? firstLinePrefix : " ".repeat(indent));
      sb.append(scalar(e.key())).append(':');
      Object v = e.value();
      if (v instanceof Obj child) {
        if (child.isEmpty()) {
          sb.append(" {}");
          comment(e.comment(), sb);
        } else {
          comment(e.comment(), sb);
          writeEntries(child, indent + 2, null, sb);
        }
      } else if (v instanceof List<?> list) {
        if (list.isEmpty()) {
          sb.append(" []");
          comment(e.comment(), sb);
        } else {
          comment(e.comment(), sb);
          for (Object item : list) {
            writeItem(item, indent + 2, sb);
          }
        }
      } else {
        sb.append(' ').append(scalar(v));
        comment(e.comment(), sb);
      }
    }
  }

  private static void writeItem(Object item, int indent, StringBuilder sb) {
    if (item instanceof Commented c) {
      for (String line : c.lines()) {
        sb.append(" ".repeat(indent)).append("# ").append(line).append('\n');
      }
      item = c.item();
    }
    String dash = " ".repeat(indent) + "- ";
    if (item instanceof Obj o && !o.isEmpty()) {
      writeEntries(o, indent + 2, dash, sb);
    } else if (item instanceof Obj) {
      sb.append(dash).append("{}\n");
    } else if (item instanceof List<?>) {
      throw new IllegalArgumentException("nested lists are not used in manifests");
    } else {
      sb.append(dash).append(scalar(item)).append('\n');
    }
  }

  private static void comment(String comment, StringBuilder sb) {
    if (comment != null) {
      sb.append("  # ").append(comment.replaceAll("\\s*[\\r\\n]+\\s*", " ")).append('\n');
    } else {
      sb.append('\n');
    }
  }

  /** A scalar as YAML: numbers and booleans plain, strings plain when unambiguous. */
  static String scalar(Object v) {
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    String s = (String) v;
    if (PLAIN.matcher(s).matches()
        && !s.endsWith(":")
        && !RESERVED.contains(s.toLowerCase(Locale.ROOT))) {
      return s;
    }
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
