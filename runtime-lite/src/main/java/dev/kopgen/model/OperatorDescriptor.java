package dev.kopgen.model;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the manifests need to know about an operator module, written by the processor to
 * {@value #RESOURCE} once per compilation and read by the Maven plugin. Plain, sorted
 * {@code key=value} lines, so it is deterministic and diffable.
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
      List<WatchDescriptor> watches) {
    public ControllerDescriptor {
      ownedClasses = List.copyOf(ownedClasses);
      namespaces = List.copyOf(namespaces);
      primaryVerbs = primaryVerbs.stream().sorted().toList();
      ownedVerbs = ownedVerbs.stream().sorted().toList();
      shards = List.copyOf(shards);
      Objects.requireNonNull(finalizer, "finalizer");
      permissions = List.copyOf(permissions);
      watches = List.copyOf(watches);
    }

    /** A controller without cleanup on delete. */
    public ControllerDescriptor(
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
        List<PermissionDescriptor> permissions,
        List<WatchDescriptor> watches) {
      this(name, reconcilerClass, resourceClass, ownedClasses, namespaces, labelSelector,
          maxConcurrentReconciles, reconcileTimeout, updatesStatus, primaryVerbs, ownedVerbs,
          leaderElection, shards, "", permissions, watches);
    }

    /** A controller that declares no {@code @Permission} and no {@code @Watch}. */
    public ControllerDescriptor(
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
        String finalizer) {
      this(name, reconcilerClass, resourceClass, ownedClasses, namespaces, labelSelector,
          maxConcurrentReconciles, reconcileTimeout, updatesStatus, primaryVerbs, ownedVerbs,
          leaderElection, shards, finalizer, List.of(), List.of());
    }

    /** A controller without cleanup on delete that declares no {@code @Watch}. */
    public ControllerDescriptor(
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
        List<PermissionDescriptor> permissions) {
      this(name, reconcilerClass, resourceClass, ownedClasses, namespaces, labelSelector,
          maxConcurrentReconciles, reconcileTimeout, updatesStatus, primaryVerbs, ownedVerbs,
          leaderElection, shards, "", permissions, List.of());
    }

    /** A controller without cleanup, {@code @Permission} or {@code @Watch}. */
    public ControllerDescriptor(
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
        List<ShardDescriptor> shards) {
      this(name, reconcilerClass, resourceClass, ownedClasses, namespaces, labelSelector,
          maxConcurrentReconciles, reconcileTimeout, updatesStatus, primaryVerbs, ownedVerbs,
          leaderElection, shards, "", List.of(), List.of());
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
  public record LeaseDescriptor(String leaseName, LeaseTiming timing, int replicas, String onLoss) {}

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

  /** Writes this descriptor as sorted {@code key=value} lines. */
  public void write(Writer out) throws IOException {
    Map<String, String> kv = new TreeMap<>();
    kv.put("format", Integer.toString(FORMAT_VERSION));
    kv.put("entryPoint", entryPoint);
    kv.put("controllers", join(controllers.stream().map(ControllerDescriptor::name).toList()));
    for (ControllerDescriptor c : controllers) {
      String p = "controller." + c.name() + ".";
      kv.put(p + "reconciler", c.reconcilerClass());
      kv.put(p + "resource", c.resourceClass());
      kv.put(p + "owns", join(c.ownedClasses()));
      kv.put(p + "namespaces", join(c.namespaces()));
      kv.put(p + "labelSelector", c.labelSelector());
      kv.put(p + "maxConcurrentReconciles", Integer.toString(c.maxConcurrentReconciles()));
      kv.put(p + "reconcileTimeout", Durations.format(c.reconcileTimeout()));
      kv.put(p + "updatesStatus", Boolean.toString(c.updatesStatus()));
      kv.put(p + "primaryVerbs", join(c.primaryVerbs()));
      kv.put(p + "ownedVerbs", join(c.ownedVerbs()));
      c.leaderElection()
          .ifPresent(
              le -> {
                kv.put(p + "lease.name", le.leaseName());
                kv.put(p + "lease.duration", Durations.format(le.timing().leaseDuration()));
                kv.put(p + "lease.renewDeadline", Durations.format(le.timing().renewDeadline()));
                kv.put(p + "lease.retryPeriod", Durations.format(le.timing().retryPeriod()));
                kv.put(p + "lease.replicas", Integer.toString(le.replicas()));
                kv.put(p + "lease.onLoss", le.onLoss());
              });
      kv.put(p + "shards", join(c.shards().stream().map(ShardDescriptor::name).toList()));
      for (ShardDescriptor s : c.shards()) {
        kv.put(p + "shard." + s.name() + ".namespaces", join(s.namespaces()));
        kv.put(p + "shard." + s.name() + ".labelSelector", s.labelSelector());
      }
      if (c.cleans()) {
        kv.put(p + "finalizer", c.finalizer());
      }
      if (!c.permissions().isEmpty()) {
        kv.put(p + "permissions", Integer.toString(c.permissions().size()));
      }
      for (int i = 0; i < c.permissions().size(); i++) {
        PermissionDescriptor d = c.permissions().get(i);
        // Zero-padded, so the sorted keys keep source order past nine permissions.
        String q = p + "permission." + String.format(java.util.Locale.ROOT, "%03d", i) + ".";
        kv.put(q + "group", d.group());
        kv.put(q + "resources", join(d.resources()));
        kv.put(q + "verbs", join(d.verbs()));
        kv.put(q + "resourceNames", join(d.resourceNames()));
        kv.put(q + "namespaces", join(d.namespaces()));
        kv.put(q + "clusterWide", Boolean.toString(d.clusterWide()));
        kv.put(q + "allowWildcard", Boolean.toString(d.allowWildcard()));
        kv.put(q + "reason", d.reason());
      }
      if (!c.watches().isEmpty()) {
        kv.put(p + "watches", Integer.toString(c.watches().size()));
      }
      for (int i = 0; i < c.watches().size(); i++) {
        WatchDescriptor w = c.watches().get(i);
        String q = p + "watch." + String.format(java.util.Locale.ROOT, "%03d", i) + ".";
        kv.put(q + "type", w.typeClass());
        kv.put(q + "mapper", w.mapperClass());
        kv.put(q + "namespaces", join(w.namespaces()));
        kv.put(q + "labelSelector", w.labelSelector());
      }
    }
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
   * @throws IllegalArgumentException if the text is not a descriptor of this format version,
   *     with a message saying what is wrong
   */
  public static OperatorDescriptor read(Reader in) throws IOException {
    Properties props = new Properties();
    props.load(in);
    String format = props.getProperty("format");
    if (!Integer.toString(FORMAT_VERSION).equals(format)) {
      throw new IllegalArgumentException(
          "unsupported kopgen descriptor format '"
              + format
              + "' (expected "
              + FORMAT_VERSION
              + "): compile the project with the same kopgen version as the plugin");
    }
    List<ControllerDescriptor> controllers = new ArrayList<>();
    for (String name : split(required(props, "controllers"))) {
      String p = "controller." + name + ".";
      Optional<LeaseDescriptor> lease = Optional.empty();
      if (props.containsKey(p + "lease.name")) {
        lease =
            Optional.of(
                new LeaseDescriptor(
                    required(props, p + "lease.name"),
                    new LeaseTiming(
                        Durations.parse(required(props, p + "lease.duration")),
                        Durations.parse(required(props, p + "lease.renewDeadline")),
                        Durations.parse(required(props, p + "lease.retryPeriod"))),
                    Integer.parseInt(required(props, p + "lease.replicas")),
                    required(props, p + "lease.onLoss")));
      }
      List<ShardDescriptor> shards = new ArrayList<>();
      for (String shard : split(props.getProperty(p + "shards", ""))) {
        shards.add(
            new ShardDescriptor(
                shard,
                split(props.getProperty(p + "shard." + shard + ".namespaces", "")),
                props.getProperty(p + "shard." + shard + ".labelSelector", "")));
      }
      List<PermissionDescriptor> permissions = new ArrayList<>();
      int permissionCount = Integer.parseInt(props.getProperty(p + "permissions", "0"));
      for (int i = 0; i < permissionCount; i++) {
        String q = p + "permission." + String.format(java.util.Locale.ROOT, "%03d", i) + ".";
        permissions.add(
            new PermissionDescriptor(
                props.getProperty(q + "group", ""),
                split(required(props, q + "resources")),
                split(required(props, q + "verbs")),
                split(props.getProperty(q + "resourceNames", "")),
                split(props.getProperty(q + "namespaces", "")),
                Boolean.parseBoolean(props.getProperty(q + "clusterWide", "false")),
                Boolean.parseBoolean(props.getProperty(q + "allowWildcard", "false")),
                props.getProperty(q + "reason", "")));
      }
      List<WatchDescriptor> watches = new ArrayList<>();
      int watchCount = Integer.parseInt(props.getProperty(p + "watches", "0"));
      for (int i = 0; i < watchCount; i++) {
        String q = p + "watch." + String.format(java.util.Locale.ROOT, "%03d", i) + ".";
        watches.add(
            new WatchDescriptor(
                required(props, q + "type"),
                required(props, q + "mapper"),
                split(props.getProperty(q + "namespaces", "")),
                props.getProperty(q + "labelSelector", "")));
      }
      controllers.add(
          new ControllerDescriptor(
              name,
              required(props, p + "reconciler"),
              required(props, p + "resource"),
              split(props.getProperty(p + "owns", "")),
              split(props.getProperty(p + "namespaces", "")),
              props.getProperty(p + "labelSelector", ""),
              Integer.parseInt(required(props, p + "maxConcurrentReconciles")),
              Durations.parse(required(props, p + "reconcileTimeout")),
              Boolean.parseBoolean(required(props, p + "updatesStatus")),
              split(props.getProperty(p + "primaryVerbs", "")),
              split(props.getProperty(p + "ownedVerbs", "")),
              lease,
              shards,
              props.getProperty(p + "finalizer", ""),
              permissions,
              watches));
    }
    return new OperatorDescriptor(required(props, "entryPoint"), controllers);
  }

  /** Reads a descriptor from text. */
  public static OperatorDescriptor parse(String text) {
    try {
      return read(new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String required(Properties props, String key) {
    String v = props.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("kopgen descriptor is missing '" + key + "'");
    }
    return v;
  }

  private static String join(List<String> values) {
    return String.join(",", values);
  }

  private static List<String> split(String value) {
    return value.isEmpty() ? List.of() : Arrays.asList(value.split(","));
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
