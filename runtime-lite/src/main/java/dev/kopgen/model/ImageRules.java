package dev.kopgen.model;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the operator's container image and its Deployment must agree on, in one place: the user
 * the process runs as, and the JVM flags the image's entrypoint passes to {@code java}. The Maven
 * plugin writes the user into the Deployment's {@code securityContext} and the heap share beside
 * the memory limit, and hands user, flags, main class and image reference to Jib (goal
 * {@code kopgen:generate}, properties {@code jib.*}), so the image a generated project builds is
 * the one its manifests describe.
 *
 * <p>The flags are kopgen's defaults for a JVM in a small pod (the Deployment's limit is 512Mi
 * unless configured); a startup archive (AppCDS, AOT cache) is not part of them yet.
 */
public final class ImageRules {

  /**
   * The uid the operator runs as, in the image ({@code USER}) and in the Deployment
   * ({@code runAsUser}): the {@code nonroot} user of the distroless images, which no common base
   * image gives to a real account.
   */
  public static final long USER_ID = 65532;

  /** The gid the operator runs as ({@code runAsGroup}); the same number as {@link #USER_ID}. */
  public static final long GROUP_ID = 65532;

  /**
   * The share of the container's memory limit the JVM may use for its heap, in percent
   * ({@code -XX:MaxRAMPercentage}). The rest is for what a fabric8 client needs outside the
   * heap: metaspace, code cache, thread stacks and Netty's direct buffers.
   */
  public static final int HEAP_PERCENT_OF_LIMIT = 50;

  private ImageRules() {}

  /**
   * One JVM flag and why kopgen sets it.
   *
   * @param flag the flag as {@code java} takes it; never contains a blank or a comma (Jib's
   *     list properties are comma-separated)
   * @param reason why, for comments and docs
   */
  public record JvmFlag(String flag, String reason) {
    public JvmFlag {
      Objects.requireNonNull(flag, "flag");
      Objects.requireNonNull(reason, "reason");
      if (!flag.startsWith("-") || flag.chars().anyMatch(c -> c == ',' || Character.isWhitespace(c))) {
        throw new IllegalArgumentException("not a single JVM flag: '" + flag + "'");
      }
    }
  }

  /** The JVM flags of the operator's image, in the order {@code java} gets them. */
  public static List<JvmFlag> jvmFlags() {
    return List.of(
        new JvmFlag("-XX:MaxRAMPercentage=" + HEAP_PERCENT_OF_LIMIT,
            "heap up to " + HEAP_PERCENT_OF_LIMIT + " % of the container's memory limit (the JVM's"
                + " default is 25 %); the rest stays for metaspace, code cache, thread stacks and"
                + " direct buffers, so the pod is not OOM-killed"),
        new JvmFlag("-XX:+UseSerialGC",
            "one small heap on at most a few cores: Serial GC has the smallest footprint, and"
                + " the collector no longer depends on the CPUs and memory the pod happens to get"),
        new JvmFlag("-XX:+ExitOnOutOfMemoryError",
            "an operator out of heap exits so Kubernetes restarts it, instead of running on with"
                + " dead informer or worker threads"));
  }

  /** Just the flags of {@link #jvmFlags()}. */
  public static List<String> jvmFlagStrings() {
    return jvmFlags().stream().map(JvmFlag::flag).toList();
  }

  /** The image's user as {@code uid:gid}, the form of Jib's {@code container.user}. */
  public static String user() {
    return USER_ID + ":" + GROUP_ID;
  }

  /**
   * The comment kopgen writes beside the Deployment's memory limit: how much of it the image's
   * JVM takes for its heap.
   */
  public static String memoryLimitReason() {
    return "the image's JVM takes up to " + HEAP_PERCENT_OF_LIMIT + " % of this for its heap"
        + " (-XX:MaxRAMPercentage=" + HEAP_PERCENT_OF_LIMIT + ")";
  }

  /** The flags as one line, e.g. for logs. */
  public static String describeJvmFlags() {
    return jvmFlags().stream().map(JvmFlag::flag).collect(Collectors.joining(" "));
  }
}
