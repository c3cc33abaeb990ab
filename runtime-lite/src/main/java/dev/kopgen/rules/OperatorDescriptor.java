package dev.kopgen.rules;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the manifests need to know about an operator module, written by the processor to {@value
 * #RESOURCE} once per compilation and read by the Maven plugin. Plain, sorted {@code key=value}
 * lines, so it is deterministic and diffable.
 *
 * @param entryPoint the generated main class, e.g. {@code com.example.KopgenOperator}
 * @param controllers the module's controllers, sorted by name
 */
public record OperatorDescriptor(String entryPoint, List<ControllerDescriptor> controllers) {

  /** Where the descriptor lives in the class output (and so in the jar). */
  public static final String RESOURCE = "META-INF/kopgen/operator.properties";

  /** The format's version; readers refuse other versions. */
  public static final int FORMAT_VERSION = 1;

  public OperatorDescriptor {
    Objects.requireNonNull(entryPoint, "entryPoint");
    controllers =
        controllers.stream().sorted(Comparator.comparing(ControllerDescriptor::name)).toList();
  }

  /**
   * One {@code @Controller}.
   *
   * @param name the controller's name
   * @param reconcilerClass the reconciler's binary class name
   * @param resourceClass the primary resource's binary class name
   * @param ownedClasses the owned types' binary class names
   * @param namespaces watched namespaces; empty for all
   * @param labelSelector the primary's label selector; empty for none
   * @param maxConcurrentReconciles the concurrency bound
   * @param reconcileTimeout the reconcile time budget
   * @param updatesStatus whether the reconciler writes the primary's status
   * @param primaryVerbs write verbs on the primary, RBAC spelling, sorted
   * @param ownedVerbs write verbs on the owned types, RBAC spelling, sorted
   * @param leaderElection the Lease settings, if elected
   * @param shards the shards, if sharded
   * @param finalizer the cleanup finalizer ({@link LifecycleRules#finalizerName}) when the
   *     reconciler implements {@code Cleaner}; empty otherwise
   * @param permissions the declared {@code @Permission}s, in source order
   * @param watches the {@code @Watch}es, in source order
   * @param owned the {@code @Owns} declarations (owned types with their own verbs), in source
   *     order; the types in {@code ownedClasses} are not repeated here
   */
  public record ControllerDescriptor(
      String name,
      String reconcilerClass,
      String resourceClass,
      List<String> ownedClasses,
      List<String> namespaces,
      String labelSelector,
      int maxConcurrentReconciles,
      Duration reconcileTimeout,
      boolean updatesStatus,
      List<String> primaryVerbs,
      List<String> ownedVerbs,
      Optional<LeaseDescriptor> leaderElection,
      List<ShardDescriptor> shards,
      String finalizer,
      List<PermissionDescriptor> permissions,
      List<WatchDescriptor> watches,
      List<OwnedDescriptor> owned) {
    public ControllerDescriptor {
      ownedClasses = List.copyOf(ownedClasses);
      namespaces = List.copyOf(namespaces);
      primaryVerbs = primaryVerbs.stream().sorted().toList();
      ownedVerbs = ownedVerbs.stream().sorted().toList();
      shards = List.copyOf(shards);
      Objects.requireNonNull(finalizer, "finalizer");
      permissions = List.copyOf(permissions);
      watches = List.copyOf(watches);
      owned = List.copyOf(owned);
    }

    /**
     * A builder with {@code @Controller}'s defaults for everything but the three values every
     * controller has; see {@link ControllerDescriptorBuilder}. The processor and the descriptor
     * reader call the canonical constructor, so a new component cannot be forgotten there.
     */
    public static ControllerDescriptorBuilder builder(
        String name, String reconcilerClass, String resourceClass) {
      return new ControllerDescriptorBuilder(name, reconcilerClass, resourceClass);
    }

    /** A builder holding this descriptor's values, to derive a variant. */
    public ControllerDescriptorBuilder toBuilder() {
      return new ControllerDescriptorBuilder(this);
    }

    /** Whether kopgen manages a cleanup finalizer on this controller's primaries. */
    public boolean cleans() {
      return !finalizer.isEmpty();
    }
  }

  /**
   * One {@code @Watch}: a watched (not owned) type, read by the controller's informers.
   *
   * @param typeClass the watched type's binary class name
   * @param mapperClass the mapper's binary class name
   * @param namespaces its own namespaces; empty for the controller's
   * @param labelSelector its label selector; empty for none
   */
  public record WatchDescriptor(
      String typeClass, String mapperClass, List<String> namespaces, String labelSelector) {
    public WatchDescriptor {
      Objects.requireNonNull(typeClass, "typeClass");
      Objects.requireNonNull(mapperClass, "mapperClass");
      namespaces = List.copyOf(namespaces);
      Objects.requireNonNull(labelSelector, "labelSelector");
    }
  }

  /**
   * One {@code @Owns}: an owned type with its own write verbs, read by the controller's informers.
   *
   * @param typeClass the owned type's binary class name
   * @param verbs write verbs on it, RBAC spelling, sorted
   * @param metadataOnly whether only its objects' metadata is cached (no RBAC difference: a
   *     metadata list or watch is authorized as the full one)
   */
  public record OwnedDescriptor(String typeClass, List<String> verbs, boolean metadataOnly) {
    public OwnedDescriptor {
      Objects.requireNonNull(typeClass, "typeClass");
      verbs = verbs.stream().sorted().distinct().toList();
    }
  }

  /**
   * One declared {@code @Permission}: extra API access, granted as RBAC rules by {@link
   * RbacRules#permissions}.
   *
   * @param group the API group, {@code ""} for the core group
   * @param resources the resources, each optionally with a subresource ({@code pods/exec})
   * @param verbs the RBAC verbs
   * @param resourceNames the object names it is limited to; empty for all
   * @param namespaces where it applies; empty for wherever the controller watches
   * @param clusterWide whether it goes into the ClusterRole
   * @param allowWildcard whether {@code "*"} was explicitly allowed
   * @param reason why the reconciler needs it; empty if not given
   */
  public record PermissionDescriptor(
      String group,
      List<String> resources,
      List<String> verbs,
      List<String> resourceNames,
      List<String> namespaces,
      boolean clusterWide,
      boolean allowWildcard,
      String reason) {
    public PermissionDescriptor {
      Objects.requireNonNull(group, "group");
      resources = List.copyOf(resources);
      verbs = List.copyOf(verbs);
      resourceNames = List.copyOf(resourceNames);
      namespaces = List.copyOf(namespaces);
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Leader election of one controller.
   *
   * @param leaseName the Lease's name (for a sharded controller, the prefix of its shards')
   * @param timing the validated timing
   * @param replicas replicas per Deployment
   * @param onLoss {@code EXIT} or {@code REJOIN}
   */
  public record LeaseDescriptor(
      String leaseName, LeaseTiming timing, int replicas, String onLoss) {}

  /**
   * One shard.
   *
   * @param name the shard's name
   * @param namespaces its namespaces (namespace shard)
   * @param labelSelector its selector (selector shard)
   */
  public record ShardDescriptor(String name, List<String> namespaces, String labelSelector) {
    public ShardDescriptor {
      namespaces = List.copyOf(namespaces);
    }
  }

  /**
   * Writes this descriptor as sorted {@code key=value} lines, keys from {@link DescriptorFormat}.
   */
  public void write(Writer out) throws IOException {
    Map<String, String> kv = new TreeMap<>();
    DescriptorFormat.write(this, kv);
    out.write("# kopgen operator descriptor: written by kopgen's annotation processor, read by\n");
    out.write("# kopgen-maven-plugin to emit the manifests. Do not edit.\n");
    for (Map.Entry<String, String> e : kv.entrySet()) {
      out.write(escape(e.getKey(), true) + "=" + escape(e.getValue(), false) + "\n");
    }
  }

  /** This descriptor as text. */
  public String toText() {
    StringWriter w = new StringWriter();
    try {
      write(w);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /**
   * Reads a descriptor.
   *
   * @throws IllegalArgumentException if the text is not a descriptor of this format version, with a
   *     message saying what is wrong
   */
  public static OperatorDescriptor read(Reader in) throws IOException {
    Properties props = new Properties();
    props.load(in);
    String format = props.getProperty(DescriptorFormat.formatKey());
    if (!Integer.toString(FORMAT_VERSION).equals(format)) {
      throw new IllegalArgumentException(
          "unsupported kopgen descriptor format '"
              + format
              + "' (expected "
              + FORMAT_VERSION
              + "): compile the project with the same kopgen version as the plugin");
    }
    return DescriptorFormat.read(props);
  }

  /** Reads a descriptor from text. */
  public static OperatorDescriptor parse(String text) {
    try {
      return read(new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Escapes like {@link Properties#store}, minus its timestamp and platform line endings. */
  private static String escape(String s, boolean key) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '=', ':', '#', '!' -> sb.append('\\').append(c);
        case ' ' -> sb.append(key || i == 0 ? "\\ " : " ");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
