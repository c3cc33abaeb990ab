package dev.kopgen.bench;

import dev.kopgen.manifests.ManifestSettings;
import dev.kopgen.rules.ImageRules;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a benchmarked JVM is set up. Both modes run it as in the pod kopgen's generated Deployment
 * describes: the container's limits, taken from the plugin's defaults ({@link
 * ManifestSettings#DEFAULT_LIMITS}), are emulated with {@code -XX:MaxRAM} (and {@code
 * -XX:ActiveProcessorCount} when there is a CPU limit), because the harness runs its JVMs on the
 * host, outside any container. The modes differ in what comes on top:
 *
 * <ul>
 *   <li>{@link #DEFAULTS}: each framework at its defaults, as it ships: kopgen with the JVM flags
 *       its Deployment and image carry ({@link #kopgenFlags()}), JOSDK and the bare fabric8
 *       baselines with none (the JVM's defaults in that pod);
 *   <li>{@link #KOPGEN_FLAGS}: every framework, JOSDK included, with kopgen's JVM flags, so a
 *       difference is the framework's, not the settings'.
 * </ul>
 */
enum JvmMode {
  DEFAULTS("defaults", "each at its defaults"),
  KOPGEN_FLAGS("equal", "all with kopgen's JVM flags");

  /** HotSpot's "server-class machine" memory bound: 2 GiB less 256 MiB "missing" memory. */
  private static final long SERVER_CLASS_MEMORY = (2048L - 256) * 1024 * 1024;

  /** Suffix of metric ids, e.g. {@code rss-1000/defaults}. */
  final String id;

  /** What the page calls the mode. */
  final String label;

  JvmMode(String id, String label) {
    this.id = id;
    this.label = label;
  }

  /** The flags of {@code framework}'s JVM in this mode, in the order {@code java} gets them. */
  List<String> flags(Framework framework) {
    List<String> flags = new ArrayList<>(containerFlags());
    if (this == KOPGEN_FLAGS || framework == Framework.KOPGEN) {
      flags.addAll(kopgenFlags());
    }
    if (flags.stream().noneMatch(f -> f.matches("-XX:\\+Use\\w+GC"))) {
      // -XX:MaxRAM sizes the heap but does not reach HotSpot's collector choice, which reads the
      // container's memory: in a pod with less than 1792 MiB (or fewer than 2 CPUs) the JVM is
      // not a "server-class machine" and picks Serial GC on its own. On the host it would pick
      // G1, which no JVM in that pod runs.
      if (memoryLimitBytes().orElse(Long.MAX_VALUE) < SERVER_CLASS_MEMORY || cpus() < 2) {
        flags.add("-XX:+UseSerialGC");
      }
    }
    return flags;
  }

  /** What every framework's JVM gets in this mode, for the page. */
  String describe() {
    String kopgen = String.join(" ", flags(Framework.KOPGEN));
    String josdk = String.join(" ", flags(Framework.JOSDK));
    return kopgen.equals(josdk)
        ? "every framework: `" + kopgen + "`"
        : "kopgen: `" + kopgen + "`; the others: `" + josdk + "`";
  }

  /**
   * kopgen's JVM flags in the default pod: the generated Deployment's {@code JAVA_TOOL_OPTIONS}
   * ({@link ImageRules#jvmSettings} for the default limits), then those of the image's entrypoint
   * ({@link ImageRules#jvmFlagStrings()}) that it does not already set. The pod's JVM reads both;
   * here they go on the command line, the same flags.
   */
  static List<String> kopgenFlags() {
    ManifestSettings pod = ManifestSettings.defaults("bench", "bench");
    List<String> flags =
        new ArrayList<>(
            ImageRules.jvmSettings(pod.memoryLimitBytes(), pod.cpuLimitMillis()).flagStrings());
    for (String f : ImageRules.jvmFlagStrings()) {
      String option = f.contains("=") ? f.substring(0, f.indexOf('=') + 1) : f;
      if (flags.stream().noneMatch(x -> x.startsWith(option))) {
        flags.add(f);
      }
    }
    return flags;
  }

  /** The pod's limits as JVM flags: the JVM sees the memory (and CPUs) the container would. */
  static List<String> containerFlags() {
    List<String> flags = new ArrayList<>();
    memoryLimitBytes().ifPresent(bytes -> flags.add("-XX:MaxRAM=" + bytes));
    cpuLimit().ifPresent(cpus -> flags.add("-XX:ActiveProcessorCount=" + cpus));
    return flags;
  }

  /** The Deployment's default memory limit in bytes, if it sets one. */
  static Optional<Long> memoryLimitBytes() {
    return Optional.ofNullable(ManifestSettings.DEFAULT_LIMITS.get("memory")).map(JvmMode::bytes);
  }

  /** A memory quantity ({@code 512Mi}) in bytes. */
  static long bytes(String quantity) {
    return Quantity.getAmountInBytes(new Quantity(quantity)).longValueExact();
  }

  /** A CPU quantity ({@code 500m}, {@code 2}) rounded up to whole CPUs. */
  static int wholeCpus(String quantity) {
    return Quantity.getAmountInBytes(new Quantity(quantity))
        .setScale(0, RoundingMode.CEILING)
        .intValueExact();
  }

  /**
   * The Deployment's default CPU limit rounded up to whole CPUs, if it sets one. kopgen's sets none
   * (a CPU limit throttles the JVM without protecting anyone), so the JVM in the pod sees the
   * node's CPUs, as the benchmarked JVMs see the host's.
   */
  static Optional<Integer> cpuLimit() {
    return Optional.ofNullable(ManifestSettings.DEFAULT_LIMITS.get("cpu")).map(JvmMode::wholeCpus);
  }

  private static int cpus() {
    return cpuLimit().orElse(Runtime.getRuntime().availableProcessors());
  }
}
