package dev.kopgen.rules;

import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.rules.OperatorDescriptor.LeaseDescriptor;
import dev.kopgen.rules.OperatorDescriptor.OwnedDescriptor;
import dev.kopgen.rules.OperatorDescriptor.PermissionDescriptor;
import dev.kopgen.rules.OperatorDescriptor.ShardDescriptor;
import dev.kopgen.rules.OperatorDescriptor.WatchDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The descriptor's keys, each spelled once: its name, how its value is written and how it is read
 * back (required, or what its absence means). {@link OperatorDescriptor#write} and {@link
 * OperatorDescriptor#read} both walk this table, so a new descriptor field is one key constant and
 * its switch arm here (the compiler refuses a constant without one) plus its place in the record's
 * constructor call below.
 *
 * <p>Layout (unchanged since format 1): {@code controller.<name>.<key>}; a Lease's keys under
 * {@code controller.<name>.lease.}, present only with leader election; a shard's under {@code
 * controller.<name>.shard.<shard>.}; the n-th permission and watch under {@code
 * controller.<name>.permission.<nnn>.}, {@code controller.<name>.watch.<nnn>.} and {@code
 * controller.<name>.owned.<nnn>.} (an Owns annotation), zero-padded so the sorted keys keep source
 * order, with their count written only when there is one.
 */
final class DescriptorFormat {

  private DescriptorFormat() {}

  // --- how a value is spelled ------------------------------------------------------------------

  /** How one type of value is written and read. */
  enum Codec {
    TEXT,
    LIST,
    INT,
    BOOL,
    DURATION;

    @SuppressWarnings("unchecked")
    String format(Object v) {
      return switch (this) {
        case TEXT -> (String) v;
        case LIST -> String.join(",", (List<String>) v);
        case INT -> Integer.toString((Integer) v);
        case BOOL -> Boolean.toString((Boolean) v);
        case DURATION -> Durations.format((Duration) v);
      };
    }

    Object parse(String s) {
      return switch (this) {
        case TEXT -> s;
        case LIST -> s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
        case INT -> Integer.parseInt(s);
        case BOOL -> Boolean.parseBoolean(s);
        case DURATION -> Durations.parse(s);
      };
    }
  }

  /** Marks a key that must be present. */
  private static final Object REQUIRED = new Object();

  /**
   * How one key is spelled: its name under its record's prefix, its codec, what a missing line
   * means ({@link #REQUIRED} if it must be there), and whether the line is left out when the value
   * is that default.
   */
  record Spec(String key, Codec codec, Object absent, boolean omitDefault) {}

  private static Spec required(String key, Codec codec) {
    return new Spec(key, codec, REQUIRED, false);
  }

  /** Always written; read as {@code absent} when missing. */
  private static Spec optional(String key, Codec codec, Object absent) {
    return new Spec(key, codec, absent, false);
  }

  /** Written only when the value is not {@code absent}. */
  private static Spec omittedWhen(String key, Codec codec, Object absent) {
    return new Spec(key, codec, absent, true);
  }

  /**
   * One key of the records {@code R}: its {@link Spec}, and (in {@code get}) where the value is in
   * the record. Keys are enum constants with an exhaustive switch rather than lambdas: the
   * processor's JVM is cold in every build, and some fifty lambdas cost more to link than the whole
   * descriptor takes to write.
   */
  interface Key<R> {
    Spec spec();

    Object get(R record);
  }

  /** The operator's own keys. */
  enum OperatorKey implements Key<OperatorDescriptor> {
    FORMAT(required("format", Codec.TEXT)),
    ENTRY_POINT(required("entryPoint", Codec.TEXT)),
    CONTROLLERS(required("controllers", Codec.LIST));

    private final Spec spec;

    OperatorKey(Spec spec) {
      this.spec = spec;
    }

    @Override
    public Spec spec() {
      return spec;
    }

    @Override
    public Object get(OperatorDescriptor d) {
      return switch (this) {
        case FORMAT -> Integer.toString(OperatorDescriptor.FORMAT_VERSION);
        case ENTRY_POINT -> d.entryPoint();
        case CONTROLLERS -> d.controllers().stream().map(ControllerDescriptor::name).toList();
      };
    }
  }

  /** A controller's keys: {@code controller.<name>.<key>}. */
  enum ControllerKey implements Key<ControllerDescriptor> {
    RECONCILER(required("reconciler", Codec.TEXT)),
    RESOURCE(required("resource", Codec.TEXT)),
    OWNS(optional("owns", Codec.LIST, List.of())),
    NAMESPACES(optional("namespaces", Codec.LIST, List.of())),
    LABEL_SELECTOR(optional("labelSelector", Codec.TEXT, "")),
    MAX_CONCURRENT_RECONCILES(required("maxConcurrentReconciles", Codec.INT)),
    RECONCILE_TIMEOUT(required("reconcileTimeout", Codec.DURATION)),
    UPDATES_STATUS(required("updatesStatus", Codec.BOOL)),
    PRIMARY_VERBS(optional("primaryVerbs", Codec.LIST, List.of())),
    OWNED_VERBS(optional("ownedVerbs", Codec.LIST, List.of())),
    SHARDS(optional("shards", Codec.LIST, List.of())),
    FINALIZER(omittedWhen("finalizer", Codec.TEXT, "")),
    PERMISSIONS(omittedWhen("permissions", Codec.INT, 0)),
    WATCHES(omittedWhen("watches", Codec.INT, 0)),
    OWNED(omittedWhen("ownedTypes", Codec.INT, 0));

    private final Spec spec;

    ControllerKey(Spec spec) {
      this.spec = spec;
    }

    @Override
    public Spec spec() {
      return spec;
    }

    @Override
    public Object get(ControllerDescriptor c) {
      return switch (this) {
        case RECONCILER -> c.reconcilerClass();
        case RESOURCE -> c.resourceClass();
        case OWNS -> c.ownedClasses();
        case NAMESPACES -> c.namespaces();
        case LABEL_SELECTOR -> c.labelSelector();
        case MAX_CONCURRENT_RECONCILES -> c.maxConcurrentReconciles();
        case RECONCILE_TIMEOUT -> c.reconcileTimeout();
        case UPDATES_STATUS -> c.updatesStatus();
        case PRIMARY_VERBS -> c.primaryVerbs();
        case OWNED_VERBS -> c.ownedVerbs();
        case SHARDS -> c.shards().stream().map(ShardDescriptor::name).toList();
        case FINALIZER -> c.finalizer();
        case PERMISSIONS -> c.permissions().size();
        case WATCHES -> c.watches().size();
        case OWNED -> c.owned().size();
      };
    }
  }

  /** A controller's Lease: {@code controller.<name>.lease.<key>}, all present or none. */
  enum LeaseKey implements Key<LeaseDescriptor> {
    NAME(required("name", Codec.TEXT)),
    DURATION(required("duration", Codec.DURATION)),
    RENEW_DEADLINE(required("renewDeadline", Codec.DURATION)),
    RETRY_PERIOD(required("retryPeriod", Codec.DURATION)),
    REPLICAS(required("replicas", Codec.INT)),
    ON_LOSS(required("onLoss", Codec.TEXT));

    private final Spec spec;

    LeaseKey(Spec spec) {
      this.spec = spec;
    }

    @Override
    public Spec spec() {
      return spec;
    }

    @Override
    public Object get(LeaseDescriptor le) {
      return switch (this) {
        case NAME -> le.leaseName();
        case DURATION -> le.timing().leaseDuration();
        case RENEW_DEADLINE -> le.timing().renewDeadline();
        case RETRY_PERIOD -> le.timing().retryPeriod();
        case REPLICAS -> le.replicas();
        case ON_LOSS -> le.onLoss();
      };
    }
  }

  /** A shard: {@code controller.<name>.shard.<shard>.<key>}. */
  enum ShardKey implements Key<ShardDescriptor> {
    NAMESPACES(optional("namespaces", Codec.LIST, List.of())),
    LABEL_SELECTOR(optional("labelSelector", Codec.TEXT, ""));

    private final Spec spec;

    ShardKey(Spec spec) {
      this.spec = spec;
    }

    @Override
    public Spec spec() {
      return spec;
    }

    @Override
    public Object get(ShardDescriptor s) {
      return switch (this) {
        case NAMESPACES -> s.namespaces();
        case LABEL_SELECTOR -> s.labelSelector();
      };
    }
  }

  /** A permission: {@code controller.<name>.permission.<nnn>.<key>}. */
  enum PermissionKey implements Key<PermissionDescriptor> {
    GROUP(optional("group", Codec.TEXT, "")),
    RESOURCES(required("resources", Codec.LIST)),
    VERBS(required("verbs", Codec.LIST)),
    RESOURCE_NAMES(optional("resourceNames", Codec.LIST, List.of())),
    NAMESPACES(optional("namespaces", Codec.LIST, List.of())),
    CLUSTER_WIDE(optional("clusterWide", Codec.BOOL, false)),
    ALLOW_WILDCARD(optional("allowWildcard", Codec.BOOL, false)),
    REASON(optional("reason", Codec.TEXT, ""));

    private final Spec spec;

    PermissionKey(Spec spec) {
      this.spec = spec;
    }

    @Override
    public Spec spec() {
      return spec;
    }

    @Override
    public Object get(PermissionDescriptor d) {
      return switch (this) {
        case GROUP -> d.group();
        case RESOURCES -> d.resources();
        case VERBS -> d.verbs();
        case RESOURCE_NAMES -> d.resourceNames();
        case NAMESPACES -> d.namespaces();
        case CLUSTER_WIDE -> d.clusterWide();
        case ALLOW_WILDCARD -> d.allowWildcard();
        case REASON -> d.reason();
      };
    }
  }

  /** A watch: {@code controller.<name>.watch.<nnn>.<key>}. */
  enum WatchKey implements Key<WatchDescriptor> {
    TYPE(required("type", Codec.TEXT)),
    MAPPER(required("mapper", Codec.TEXT)),
    NAMESPACES(optional("namespaces", Codec.LIST, List.of())),
    LABEL_SELECTOR(optional("labelSelector", Codec.TEXT, ""));

    private final Spec spec;

    WatchKey(Spec spec) {
      this.spec = spec;
    }

    @Override
    public Spec spec() {
      return spec;
    }

    @Override
    public Object get(WatchDescriptor w) {
      return switch (this) {
        case TYPE -> w.typeClass();
        case MAPPER -> w.mapperClass();
        case NAMESPACES -> w.namespaces();
        case LABEL_SELECTOR -> w.labelSelector();
      };
    }
  }

  /** An {@code @Owns}: {@code controller.<name>.owned.<nnn>.<key>}. */
  enum OwnedKey implements Key<OwnedDescriptor> {
    TYPE(required("type", Codec.TEXT)),
    VERBS(required("verbs", Codec.LIST)),
    METADATA_ONLY(omittedWhen("metadataOnly", Codec.BOOL, false));

    private final Spec spec;

    OwnedKey(Spec spec) {
      this.spec = spec;
    }

    @Override
    public Spec spec() {
      return spec;
    }

    @Override
    public Object get(OwnedDescriptor o) {
      return switch (this) {
        case TYPE -> o.typeClass();
        case VERBS -> o.verbs();
        case METADATA_ONLY -> o.metadataOnly();
      };
    }
  }

  private static <R> void writeAll(R record, String prefix, Map<String, String> kv, Key<R>[] keys) {
    for (Key<R> k : keys) {
      Spec spec = k.spec();
      Object value = k.get(record);
      if (!(spec.omitDefault() && spec.absent().equals(value))) {
        kv.put(prefix + spec.key(), spec.codec().format(value));
      }
    }
  }

  private static Object read(Key<?> k, Properties props, String prefix) {
    Spec spec = k.spec();
    String text = props.getProperty(prefix + spec.key());
    if (text == null) {
      if (spec.absent() == REQUIRED) {
        throw new IllegalArgumentException(
            "kopgen descriptor is missing '" + prefix + spec.key() + "'");
      }
      return spec.absent();
    }
    return spec.codec().parse(text);
  }

  private static String text(Key<?> k, Properties props, String prefix) {
    return (String) read(k, props, prefix);
  }

  @SuppressWarnings("unchecked")
  private static List<String> list(Key<?> k, Properties props, String prefix) {
    return (List<String>) read(k, props, prefix);
  }

  private static int integer(Key<?> k, Properties props, String prefix) {
    return (Integer) read(k, props, prefix);
  }

  private static boolean bool(Key<?> k, Properties props, String prefix) {
    return (Boolean) read(k, props, prefix);
  }

  private static Duration duration(Key<?> k, Properties props, String prefix) {
    return (Duration) read(k, props, prefix);
  }

  // --- walking the table -----------------------------------------------------------------------

  /** Every key of {@code d}, unsorted (the caller sorts). */
  static void write(OperatorDescriptor d, Map<String, String> kv) {
    writeAll(d, "", kv, OperatorKey.values());
    for (ControllerDescriptor c : d.controllers()) {
      String p = controllerPrefix(c.name());
      writeAll(c, p, kv, ControllerKey.values());
      if (c.leaderElection().isPresent()) {
        writeAll(c.leaderElection().get(), p + "lease.", kv, LeaseKey.values());
      }
      for (ShardDescriptor s : c.shards()) {
        writeAll(s, shardPrefix(p, s.name()), kv, ShardKey.values());
      }
      for (int i = 0; i < c.permissions().size(); i++) {
        writeAll(
            c.permissions().get(i), itemPrefix(p, "permission", i), kv, PermissionKey.values());
      }
      for (int i = 0; i < c.watches().size(); i++) {
        writeAll(c.watches().get(i), itemPrefix(p, "watch", i), kv, WatchKey.values());
      }
      for (int i = 0; i < c.owned().size(); i++) {
        writeAll(c.owned().get(i), itemPrefix(p, "owned", i), kv, OwnedKey.values());
      }
    }
  }

  /** The name of the format key, which readers check before anything else. */
  static String formatKey() {
    return OperatorKey.FORMAT.spec().key();
  }

  /** The descriptor in {@code props}; the caller has checked the format. */
  static OperatorDescriptor read(Properties props) {
    List<ControllerDescriptor> controllers = new ArrayList<>();
    for (String name : list(OperatorKey.CONTROLLERS, props, "")) {
      controllers.add(readController(props, name));
    }
    return new OperatorDescriptor(text(OperatorKey.ENTRY_POINT, props, ""), controllers);
  }

  // Arguments are evaluated left to right, so a descriptor missing several required keys names
  // the first one in the record's order.
  private static ControllerDescriptor readController(Properties props, String name) {
    String p = controllerPrefix(name);
    List<ShardDescriptor> shards = new ArrayList<>();
    for (String shard : list(ControllerKey.SHARDS, props, p)) {
      String q = shardPrefix(p, shard);
      shards.add(
          new ShardDescriptor(
              shard, list(ShardKey.NAMESPACES, props, q), text(ShardKey.LABEL_SELECTOR, props, q)));
    }
    List<PermissionDescriptor> permissions = new ArrayList<>();
    for (int i = 0; i < integer(ControllerKey.PERMISSIONS, props, p); i++) {
      permissions.add(readPermission(props, itemPrefix(p, "permission", i)));
    }
    List<WatchDescriptor> watches = new ArrayList<>();
    for (int i = 0; i < integer(ControllerKey.WATCHES, props, p); i++) {
      String q = itemPrefix(p, "watch", i);
      watches.add(
          new WatchDescriptor(
              text(WatchKey.TYPE, props, q),
              text(WatchKey.MAPPER, props, q),
              list(WatchKey.NAMESPACES, props, q),
              text(WatchKey.LABEL_SELECTOR, props, q)));
    }
    List<OwnedDescriptor> owned = new ArrayList<>();
    for (int i = 0; i < integer(ControllerKey.OWNED, props, p); i++) {
      String q = itemPrefix(p, "owned", i);
      owned.add(
          new OwnedDescriptor(
              text(OwnedKey.TYPE, props, q),
              list(OwnedKey.VERBS, props, q),
              bool(OwnedKey.METADATA_ONLY, props, q)));
    }
    return new ControllerDescriptor(
        name,
        text(ControllerKey.RECONCILER, props, p),
        text(ControllerKey.RESOURCE, props, p),
        list(ControllerKey.OWNS, props, p),
        list(ControllerKey.NAMESPACES, props, p),
        text(ControllerKey.LABEL_SELECTOR, props, p),
        integer(ControllerKey.MAX_CONCURRENT_RECONCILES, props, p),
        duration(ControllerKey.RECONCILE_TIMEOUT, props, p),
        bool(ControllerKey.UPDATES_STATUS, props, p),
        list(ControllerKey.PRIMARY_VERBS, props, p),
        list(ControllerKey.OWNED_VERBS, props, p),
        readLease(props, p + "lease."),
        shards,
        text(ControllerKey.FINALIZER, props, p),
        permissions,
        watches,
        owned);
  }

  private static Optional<LeaseDescriptor> readLease(Properties props, String q) {
    if (!props.containsKey(q + LeaseKey.NAME.spec().key())) {
      return Optional.empty();
    }
    return Optional.of(
        new LeaseDescriptor(
            text(LeaseKey.NAME, props, q),
            new LeaseTiming(
                duration(LeaseKey.DURATION, props, q),
                duration(LeaseKey.RENEW_DEADLINE, props, q),
                duration(LeaseKey.RETRY_PERIOD, props, q)),
            integer(LeaseKey.REPLICAS, props, q),
            text(LeaseKey.ON_LOSS, props, q)));
  }

  private static PermissionDescriptor readPermission(Properties props, String q) {
    return new PermissionDescriptor(
        text(PermissionKey.GROUP, props, q),
        list(PermissionKey.RESOURCES, props, q),
        list(PermissionKey.VERBS, props, q),
        list(PermissionKey.RESOURCE_NAMES, props, q),
        list(PermissionKey.NAMESPACES, props, q),
        bool(PermissionKey.CLUSTER_WIDE, props, q),
        bool(PermissionKey.ALLOW_WILDCARD, props, q),
        text(PermissionKey.REASON, props, q));
  }

  private static String controllerPrefix(String name) {
    return "controller." + name + ".";
  }

  private static String shardPrefix(String controllerPrefix, String shard) {
    return controllerPrefix + "shard." + shard + ".";
  }

  private static String itemPrefix(String controllerPrefix, String kind, int index) {
    return controllerPrefix + kind + "." + String.format(Locale.ROOT, "%03d", index) + ".";
  }
}
