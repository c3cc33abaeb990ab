package dev.kopgen.rules;

import java.util.Optional;
import java.util.regex.Pattern;

/** Kubernetes naming rules, and how kopgen derives names from Java classes. */
public final class KubeNames {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** A label key's name part, and a non-empty label value (Kubernetes' "qualified name" part). */
  private static final Pattern LABEL_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  private KubeNames() {}

  /** Why {@code name} is not a DNS-1123 label (controller, shard and namespace names), if so. */
  public static Optional<String> dnsLabelProblem(String name) {
    if (name.isEmpty() || name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
      return Optional.of(
          "'"
              + name
              + "' is not a valid Kubernetes name: use at most 63 lowercase letters, digits and"
              + " '-', starting and ending with a letter or digit");
    }
    return Optional.empty();
  }

  /** Why {@code name} is not a DNS-1123 subdomain (Lease names), if so. */
  public static Optional<String> dnsSubdomainProblem(String name) {
    if (name.isEmpty() || name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      return Optional.of(
          "'"
              + name
              + "' is not a valid Kubernetes name: use at most 253 lowercase letters, digits,"
              + " '-' and '.', starting and ending with a letter or digit");
    }
    return Optional.empty();
  }

  /**
   * Why {@code key} is not a label key, if so: an optional DNS-subdomain prefix and {@code /}, then
   * a name of at most 63 letters, digits, {@code -}, {@code _} and {@code .}, starting and ending
   * with a letter or digit. Label selectors (processor) and the pod's labels (plugin) are checked
   * with this one function.
   */
  public static Optional<String> labelKeyProblem(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (dnsSubdomainProblem(prefix).isPresent()) {
        return Optional.of(
            "'"
                + key
                + "' has an invalid prefix '"
                + prefix
                + "': a label key prefix is a DNS"
                + " subdomain such as example.com");
      }
    }
    if (name.length() > LABEL_MAX || !LABEL_NAME.matcher(name).matches()) {
      return Optional.of(
          "'"
              + key
              + "' is not a valid label key: use at most 63 letters, digits, '-', '_' and"
              + " '.', starting and ending with a letter or digit, optionally after a prefix"
              + " such as example.com/");
    }
    return Optional.empty();
  }

  /**
   * Why {@code value} is not a label value, if so: empty, or at most 63 letters, digits, {@code -},
   * {@code _} and {@code .}, starting and ending with a letter or digit.
   */
  public static Optional<String> labelValueProblem(String value) {
    if (value == null
        || (!value.isEmpty()
            && (value.length() > LABEL_MAX || !LABEL_NAME.matcher(value).matches()))) {
      return Optional.of(
          "'"
              + value
              + "' is not a valid label value: use at most 63 letters, digits, '-', '_'"
              + " and '.', starting and ending with a letter or digit");
    }
    return Optional.empty();
  }

  /** The longest DNS-1123 label, and label value: controller, shard and namespace names. */
  public static final int LABEL_MAX = 63;

  /** The longest DNS-1123 subdomain: Lease names. */
  public static final int SUBDOMAIN_MAX = 253;

  /**
   * The shortest operator name the Maven plugin accepts, plus the dash it joins with: a shard's
   * Deployment is named {@code <operator>-<controller>-<shard>}, and its instance label carries
   * that name, so {@code <controller>-<shard>} must leave this much of {@link #LABEL_MAX}.
   */
  public static final int OPERATOR_PREFIX_MIN = 2;

  /**
   * Why the Deployment kopgen derives for shard {@code shard} of controller {@code controller}
   * cannot be named, if so: {@code <operator>-<controller>-<shard>} is a label (its instance label
   * carries it) and must fit {@link #LABEL_MAX} with even a one-character operator name. The plugin
   * checks the full name against the operator name it is given.
   */
  public static Optional<String> shardWorkloadNameProblem(String controller, String shard) {
    String id = controller + "-" + shard;
    int room = LABEL_MAX - OPERATOR_PREFIX_MIN;
    if (id.length() > room) {
      return Optional.of(
          "the Deployment of shard '"
              + shard
              + "' is named <operator>-"
              + id
              + " and carries that name in a label, which Kubernetes limits to "
              + LABEL_MAX
              + " characters: '"
              + id
              + "' has "
              + id.length()
              + ", leaving no room for the operator's name (at most "
              + room
              + " fit)");
    }
    return Optional.empty();
  }

  /**
   * Why the Lease of shard {@code shard}, {@code <leaseName>-<shard>} ({@link
   * Workloads#shardLeaseName}), is not a valid Lease name when {@code leaseName} and {@code shard}
   * each are, if so: it can only be too long.
   */
  public static Optional<String> shardLeaseNameProblem(String leaseName, String shard) {
    String lease = Workloads.shardLeaseName(leaseName, shard);
    if (lease.length() > SUBDOMAIN_MAX) {
      return Optional.of(
          "shard '"
              + shard
              + "' elects its leader with Lease '"
              + lease
              + "', "
              + lease.length()
              + " characters, longer than the "
              + SUBDOMAIN_MAX
              + " Kubernetes allows for a Lease name");
    }
    return Optional.empty();
  }

  /**
   * The default controller name for a reconciler class: the simple name without a {@code
   * Reconciler} or {@code Controller} suffix, in kebab-case ({@code WebAppReconciler} → {@code
   * web-app}).
   */
  public static String defaultControllerName(String simpleClassName) {
    String base = simpleClassName;
    for (String suffix : new String[] {"Reconciler", "Controller"}) {
      if (base.endsWith(suffix) && base.length() > suffix.length()) {
        base = base.substring(0, base.length() - suffix.length());
        break;
      }
    }
    return kebabCase(base);
  }

  /** {@code WebAppV2} → {@code web-app-v2}; {@code HTTPRoute} → {@code http-route}. */
  public static String kebabCase(String camel) {
    StringBuilder sb = new StringBuilder();
    char[] cs = camel.toCharArray();
    for (int i = 0; i < cs.length; i++) {
      char c = cs[i];
      if (Character.isUpperCase(c)) {
        boolean prevLowerOrDigit = i > 0 && !Character.isUpperCase(cs[i - 1]) && cs[i - 1] != '_';
        boolean acronymEnd =
            i > 0
                && Character.isUpperCase(cs[i - 1])
                && i + 1 < cs.length
                && Character.isLowerCase(cs[i + 1]);
        if (sb.length() > 0 && (prevLowerOrDigit || acronymEnd)) {
          sb.append('-');
        }
        sb.append(Character.toLowerCase(c));
      } else if (c == '_' || c == '$') {
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '-') {
          sb.append('-');
        }
      } else {
        sb.append(Character.toLowerCase(c));
      }
    }
    return sb.toString();
  }
}
