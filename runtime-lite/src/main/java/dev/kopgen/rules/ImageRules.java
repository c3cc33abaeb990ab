package dev.kopgen.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * What the operator's container image and its Deployment must agree on, in one place: the user the
 * process runs as, and the JVM flags the image's entrypoint passes to {@code java}. The Maven
 * plugin writes the user into the Deployment's {@code securityContext} and the heap share beside
 * the memory limit, and hands user, flags, main class and image reference to Jib (goal {@code
 * kopgen:generate}, properties {@code jib.*}), so the image a generated project builds is the one
 * its manifests describe.
 *
 * <p>The flags are kopgen's defaults for a JVM in a small pod (the Deployment's limit is 512Mi
 * unless configured); a startup archive (AppCDS, AOT cache) is not part of them yet.
 */
public final class ImageRules {

  /**
   * The uid the operator runs as, in the image ({@code USER}) and in the Deployment ({@code
   * runAsUser}): the {@code nonroot} user of the distroless images, which no common base image
   * gives to a real account.
   */
  public static final long USER_ID = 65532;

  /** The gid the operator runs as ({@code runAsGroup}); the same number as {@link #USER_ID}. */
  public static final long GROUP_ID = 65532;

  /**
   * The share of the container's memory limit the JVM may use for its heap, in percent ({@code
   * -XX:MaxRAMPercentage}). The rest is for what a fabric8 client needs outside the heap:
   * metaspace, code cache, thread stacks and Netty's direct buffers.
   */
  public static final int HEAP_PERCENT_OF_LIMIT = 50;

  private ImageRules() {}

  /**
   * One JVM flag and why kopgen sets it.
   *
   * @param flag the flag as {@code java} takes it; never contains a blank or a comma (Jib's list
   *     properties are comma-separated)
   * @param reason why, for comments and docs
   */
  public record JvmFlag(String flag, String reason) {
    public JvmFlag {
      Objects.requireNonNull(flag, "flag");
      Objects.requireNonNull(reason, "reason");
      if (!flag.startsWith("-")
          || flag.chars().anyMatch(c -> c == ',' || Character.isWhitespace(c))) {
        throw new IllegalArgumentException("not a single JVM flag: '" + flag + "'");
      }
    }
  }

  /** The JVM flags of the operator's image, in the order {@code java} gets them. */
  public static List<JvmFlag> jvmFlags() {
    return List.of(
        new JvmFlag(
            "-XX:MaxRAMPercentage=" + HEAP_PERCENT_OF_LIMIT,
            "heap up to "
                + HEAP_PERCENT_OF_LIMIT
                + " % of the container's memory limit (the JVM's"
                + " default is 25 %); the rest stays for metaspace, code cache, thread stacks and"
                + " direct buffers, so the pod is not OOM-killed"),
        new JvmFlag(
            "-XX:+UseSerialGC",
            "one small heap on at most a few cores: Serial GC has the smallest footprint, and"
                + " the collector no longer depends on the CPUs and memory the pod happens to get"),
        new JvmFlag(
            "-XX:+ExitOnOutOfMemoryError",
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
   * The comment kopgen writes beside the Deployment's memory limit: how much of it the image's JVM
   * takes for its heap.
   */
  public static String memoryLimitReason() {
    return "the image's JVM takes up to "
        + HEAP_PERCENT_OF_LIMIT
        + " % of this for its heap"
        + " (-XX:MaxRAMPercentage="
        + HEAP_PERCENT_OF_LIMIT
        + ")";
  }

  /** The flags as one line, e.g. for logs. */
  public static String describeJvmFlags() {
    return jvmFlags().stream().map(JvmFlag::flag).collect(Collectors.joining(" "));
  }

  // ------------------------------------------------------------ sized from the container

  /** One MiB, in bytes. */
  private static final long MIB = 1024 * 1024;

  /**
   * What the JVM needs outside its heap, kept free of the memory limit: metaspace for the ~6,500
   * classes a fabric8 operator loads, the code cache, thread stacks, direct buffers and the
   * collector's own structures. At the default 512Mi limit this leaves the heap its 50 %.
   */
  public static final long NON_HEAP_ALLOWANCE_BYTES = 256 * MIB;

  /** The heap share is never set below this, however small the limit. */
  public static final int MIN_HEAP_PERCENT = 25;

  /** The heap share is never set above this, however large the limit. */
  public static final int MAX_HEAP_PERCENT = 75;

  /** From this memory limit on, G1 replaces Serial GC: the heap is then over 1.5 GiB. */
  public static final long G1_FROM_LIMIT_BYTES = 2048 * MIB;

  /** Up to this memory limit (or under a CPU limit of one core) the JVM compiles with C1 only. */
  public static final long C1_ONLY_UP_TO_LIMIT_BYTES = 1024 * MIB;

  /**
   * The JVM settings kopgen ships for a container with these resources: the flags, and the options
   * it considered and left at the JVM's default, each with its reason.
   *
   * @param flags the flags, in the order {@code java} gets them
   * @param unset options deliberately not set, each as the option's name and why not
   */
  public record JvmSettings(List<JvmFlag> flags, List<Unset> unset) {
    public JvmSettings {
      flags = List.copyOf(flags);
      unset = List.copyOf(unset);
    }

    /** Just the flags. */
    public List<String> flagStrings() {
      return flags.stream().map(JvmFlag::flag).toList();
    }

    /** The flags as one line, the value of {@code JAVA_TOOL_OPTIONS}. */
    public String line() {
      return String.join(" ", flagStrings());
    }

    /** The heap share these settings give, in percent of the memory limit. */
    public int heapPercent() {
      return flags.stream()
          .filter(f -> f.flag().startsWith("-XX:MaxRAMPercentage="))
          .mapToInt(f -> Integer.parseInt(f.flag().substring("-XX:MaxRAMPercentage=".length())))
          .findFirst()
          .orElseThrow();
    }
  }

  /**
   * A JVM option kopgen considered and did not set.
   *
   * @param option the option, e.g. {@code -Xss}
   * @param reason why it is left at the JVM's default
   */
  public record Unset(String option, String reason) {}

  /**
   * The JVM settings for a container with these limits; {@link #jvmFlags()} stays the image's
   * default for the default pod.
   *
   * @param memoryLimitBytes the container's memory limit, if it has one
   * @param cpuLimitMillis the container's CPU limit in millicores, if it has one (kopgen sets none
   *     by default: a CPU limit throttles the JVM's start and GC)
   */
  public static JvmSettings jvmSettings(
      OptionalLong memoryLimitBytes, OptionalLong cpuLimitMillis) {
    List<JvmFlag> flags = new ArrayList<>();
    List<Unset> unset = new ArrayList<>();
    int percent = heapPercent(memoryLimitBytes);
    String limit = memoryLimitBytes.isPresent() ? mib(memoryLimitBytes.getAsLong()) : null;
    flags.add(
        new JvmFlag(
            "-XX:MaxRAMPercentage=" + percent,
            limit == null
                ? "heap up to "
                    + percent
                    + " % of the memory the JVM sees: the container has no memory"
                    + " limit, so that is the node's; set one"
                : "heap up to "
                    + percent
                    + " % of the "
                    + limit
                    + " limit ("
                    + mib(memoryLimitBytes.getAsLong() * percent / 100)
                    + "); the rest stays for"
                    + " metaspace, code cache, thread stacks and direct buffers, so the pod is not"
                    + " OOM-killed"));
    if (memoryLimitBytes.isPresent() && memoryLimitBytes.getAsLong() >= G1_FROM_LIMIT_BYTES) {
      flags.add(
          new JvmFlag(
              "-XX:+UseG1GC",
              "a heap over 1.5 GiB: Serial GC's full collections"
                  + " would stop reconciles and Lease renewals for seconds; G1 marks concurrently"));
    } else {
      flags.add(
          new JvmFlag(
              "-XX:+UseSerialGC",
              "a small heap on the few cores a pod gets:"
                  + " Serial GC has the smallest footprint and short pauses at this size, and the"
                  + " collector no longer depends on the CPUs and memory the node happens to have"));
    }
    boolean smallMemory =
        memoryLimitBytes.isEmpty() || memoryLimitBytes.getAsLong() <= C1_ONLY_UP_TO_LIMIT_BYTES;
    boolean underOneCore = cpuLimitMillis.isPresent() && cpuLimitMillis.getAsLong() < 1000;
    if (smallMemory || underOneCore) {
      flags.add(
          new JvmFlag(
              "-XX:TieredStopAtLevel=1",
              "C1 only: start-up 0.43 x the JVM's default in"
                  + " kopgen's benchmark and ~30 MiB less memory (no C2 compiler threads and arenas); an operator mostly"
                  + " waits on the API server, so C2's faster peak code matters little in "
                  + (underOneCore ? "less than one core" : "a pod this small")));
    } else {
      unset.add(
          new Unset(
              "-XX:TieredStopAtLevel",
              "C2 kept: a pod this large caches many"
                  + " objects, and C2's faster code pays off decoding large lists and watch events"));
    }
    flags.add(
        new JvmFlag(
            "-XX:+ExitOnOutOfMemoryError",
            "an operator out of heap exits so Kubernetes restarts it, instead of running on with"
                + " dead informer or worker threads"));
    unset.add(
        new Unset(
            "-Xss",
            "thread stacks are committed as they are used, so a smaller"
                + " -Xss saves address space, not memory, and Jackson recurses once per nesting level of"
                + " a resource"));
    unset.add(
        new Unset(
            "-XX:ActiveProcessorCount",
            cpuLimitMillis.isPresent()
                ? "the JVM reads the CPU limit itself"
                : "without a CPU limit the pod may use the node's idle cores, and pools sized from"
                    + " them start threads only when used; capping it at the CPU request (one core)"
                    + " would make CompletableFuture start a thread per async task"));
    return new JvmSettings(flags, unset);
  }

  /**
   * The heap share for a memory limit: what {@link #NON_HEAP_ALLOWANCE_BYTES} leaves, between
   * {@link #MIN_HEAP_PERCENT} and {@link #MAX_HEAP_PERCENT}; {@link #HEAP_PERCENT_OF_LIMIT} without
   * a limit.
   */
  public static int heapPercent(OptionalLong memoryLimitBytes) {
    if (memoryLimitBytes.isEmpty()) {
      return HEAP_PERCENT_OF_LIMIT;
    }
    long limit = memoryLimitBytes.getAsLong();
    long percent = limit <= 0 ? MIN_HEAP_PERCENT : (limit - NON_HEAP_ALLOWANCE_BYTES) * 100 / limit;
    return (int) Math.max(MIN_HEAP_PERCENT, Math.min(MAX_HEAP_PERCENT, percent));
  }

  /**
   * The comment kopgen writes beside a memory limit of these settings: how much of it the JVM takes
   * for its heap.
   */
  public static String memoryLimitReason(JvmSettings settings) {
    int percent = settings.heapPercent();
    return "the JVM takes up to "
        + percent
        + " % of this for its heap"
        + " (-XX:MaxRAMPercentage="
        + percent
        + " in JAVA_TOOL_OPTIONS)";
  }

  /** Bytes as whole MiB, rounded down (a heap "up to" that much). */
  private static String mib(long bytes) {
    return bytes / MIB + "Mi";
  }
}
