package dev.kopgen.model;

import dev.kopgen.model.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.model.OperatorDescriptor.LeaseDescriptor;
import dev.kopgen.model.OperatorDescriptor.PermissionDescriptor;
import dev.kopgen.model.OperatorDescriptor.ShardDescriptor;
import dev.kopgen.model.OperatorDescriptor.WatchDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The descriptor's keys, each spelled once: its name, how its value is written and how it is
 * read back (required, or what its absence means). {@link OperatorDescriptor#write} and {@link
 * OperatorDescriptor#read} both walk this table, so a new descriptor field is one {@link Key} here
 * plus its place in the record's constructor call below.
 *
 * <p>Layout (unchanged since format 1): {@code controller.<name>.<key>}; a Lease's keys under
 * {@code controller.<name>.lease.}, present only with leader election; a shard's under {@code
 * controller.<name>.shard.<shard>.}; the n-th permission and watch under {@code
 * controller.<name>.permission.<nnn>.} and {@code controller.<name>.watch.<nnn>.}, zero-padded so
 * the sorted keys keep source order, with their count written only when there is one.
 */
final class DescriptorFormat {

  private DescriptorFormat() {}

  // --- how a value is spelled ------------------------------------------------------------------

  /** How one type of value is written and read. */
  record Codec<V>(Function<V, String> format, Function<String, V> parse) {}

  static final Codec<String> TEXT = new Codec<>(s -> s, s -> s);
  static final Codec<List<String>> LIST =
      new Codec<>(
          v -> String.join(",", v), s -> s.isEmpty() ? List.of() : Arrays.asList(s.split(",")));
  static final Codec<Integer> INT = new Codec<>(i -> Integer.toString(i), Integer::parseInt);
  static final Codec<Boolean> BOOL = new Codec<>(b -> Boolean.toString(b), Boolean::parseBoolean);
  static final Codec<Duration> DURATION = new Codec<>(Durations::format, Durations::parse);

  /**
   * One key of the records {@code R}.
   *
   * @param name the key under its record's prefix
   * @param get the value in the record
   * @param codec its spelling
   * @param absent what a missing line means; empty if the key is required
   * @param omitDefault whether the line is left out when the value equals {@code absent}
   */
  record Key<R, V>(
      String name, Function<R, V> get, Codec<V> codec, Optional<V> absent, boolean omitDefault) {

    static <R, V> Key<R, V> required(String name, Function<R, V> get, Codec<V> codec) {
      return new Key<>(name, get, codec, Optional.empty(), false);
    }

    /** Always written; read as {@code absent} when missing. */
    static <R, V> Key<R, V> optional(String name, Function<R, V> get, Codec<V> codec, V absent) {
      return new Key<>(name, get, codec, Optional.of(absent), false);
    }

    /** Written only when the value is not {@code absent}. */
    static <R, V> Key<R, V> omittedWhen(String name, Function<R, V> get, Codec<V> codec, V absent) {
      return new Key<>(name, get, codec, Optional.of(absent), true);
    }

    void write(R record, String prefix, Map<String, String> kv) {
      V value = get.apply(record);
      if (!(omitDefault && absent.get().equals(value))) {
        kv.put(prefix + name, codec.format().apply(value));
      }
    }

    V read(Properties props, String prefix) {
      String text = props.getProperty(prefix + name);
      if (text == null) {
        return absent.orElseThrow(
            () -> new IllegalArgumentException("kopgen descriptor is missing '" + prefix + name + "'"));
      }
      return codec.parse().apply(text);
    }
  }

  @SafeVarargs
  private static <R> void writeAll(R record, String prefix, Map<String, String> kv, Key<R, ?>... keys) {
    for (Key<R, ?> k : keys) {
      k.write(record, prefix, kv);
    }
  }

  // --- the operator ----------------------------------------------------------------------------

  static final Key<OperatorDescriptor, String> FORMAT =
      Key.required("format", d -> Integer.toString(OperatorDescriptor.FORMAT_VERSION), TEXT);
  static final Key<OperatorDescriptor, String> ENTRY_POINT =
      Key.required("entryPoint", OperatorDescriptor::entryPoint, TEXT);
  static final Key<OperatorDescriptor, List<String>> CONTROLLERS =
      Key.required(
          "controllers", d -> d.controllers().stream().map(ControllerDescriptor::name).toList(), LIST);

  // --- a controller: controller.<name>. ----------------------------------------------------------

  static final Key<ControllerDescriptor, String> RECONCILER =
      Key.required("reconciler", ControllerDescriptor::reconcilerClass, TEXT);
  static final Key<ControllerDescriptor, String> RESOURCE =
      Key.required("resource", ControllerDescriptor::resourceClass, TEXT);
  static final Key<ControllerDescriptor, List<String>> OWNS =
      Key.optional("owns", ControllerDescriptor::ownedClasses, LIST, List.of());
  static final Key<ControllerDescriptor, List<String>> NAMESPACES =
      Key.optional("namespaces", ControllerDescriptor::namespaces, LIST, List.of());
  static final Key<ControllerDescriptor, String> LABEL_SELECTOR =
      Key.optional("labelSelector", ControllerDescriptor::labelSelector, TEXT, "");
  static final Key<ControllerDescriptor, Integer> MAX_CONCURRENT_RECONCILES =
      Key.required("maxConcurrentReconciles", ControllerDescriptor::maxConcurrentReconciles, INT);
  static final Key<ControllerDescriptor, Duration> RECONCILE_TIMEOUT =
      Key.required("reconcileTimeout", ControllerDescriptor::reconcileTimeout, DURATION);
  static final Key<ControllerDescriptor, Boolean> UPDATES_STATUS =
      Key.required("updatesStatus", ControllerDescriptor::updatesStatus, BOOL);
  static final Key<ControllerDescriptor, List<String>> PRIMARY_VERBS =
      Key.optional("primaryVerbs", ControllerDescriptor::primaryVerbs, LIST, List.of());
  static final Key<ControllerDescriptor, List<String>> OWNED_VERBS =
      Key.optional("ownedVerbs", ControllerDescriptor::ownedVerbs, LIST, List.of());
  static final Key<ControllerDescriptor, List<String>> SHARDS =
      Key.optional(
          "shards", c -> c.shards().stream().map(ShardDescriptor::name).toList(), LIST, List.of());
  static final Key<ControllerDescriptor, String> FINALIZER =
      Key.omittedWhen("finalizer", ControllerDescriptor::finalizer, TEXT, "");
  static final Key<ControllerDescriptor, Integer> PERMISSIONS =
      Key.omittedWhen("permissions", c -> c.permissions().size(), INT, 0);
  static final Key<ControllerDescriptor, Integer> WATCHES =
      Key.omittedWhen("watches", c -> c.watches().size(), INT, 0);

  // --- its Lease: controller.<name>.lease. -------------------------------------------------------

  static final Key<LeaseDescriptor, String> LEASE_NAME =
      Key.required("name", LeaseDescriptor::leaseName, TEXT);
  static final Key<LeaseDescriptor, Duration> LEASE_DURATION =
      Key.required("duration", le -> le.timing().leaseDuration(), DURATION);
  static final Key<LeaseDescriptor, Duration> RENEW_DEADLINE =
      Key.required("renewDeadline", le -> le.timing().renewDeadline(), DURATION);
  static final Key<LeaseDescriptor, Duration> RETRY_PERIOD =
      Key.required("retryPeriod", le -> le.timing().retryPeriod(), DURATION);
  static final Key<LeaseDescriptor, Integer> REPLICAS =
      Key.required("replicas", LeaseDescriptor::replicas, INT);
  static final Key<LeaseDescriptor, String> ON_LOSS =
      Key.required("onLoss", LeaseDescriptor::onLoss, TEXT);

  // --- a shard: controller.<name>.shard.<shard>. -------------------------------------------------

  static final Key<ShardDescriptor, List<String>> SHARD_NAMESPACES =
      Key.optional("namespaces", ShardDescriptor::namespaces, LIST, List.of());
  static final Key<ShardDescriptor, String> SHARD_LABEL_SELECTOR =
      Key.optional("labelSelector", ShardDescriptor::labelSelector, TEXT, "");

  // --- a permission: controller.<name>.permission.<nnn>. -----------------------------------------

  static final Key<PermissionDescriptor, String> PERMISSION_GROUP =
      Key.optional("group", PermissionDescriptor::group, TEXT, "");
  static final Key<PermissionDescriptor, List<String>> PERMISSION_RESOURCES =
      Key.required("resources", PermissionDescriptor::resources, LIST);
  static final Key<PermissionDescriptor, List<String>> PERMISSION_VERBS =
      Key.required("verbs", PermissionDescriptor::verbs, LIST);
  static final Key<PermissionDescriptor, List<String>> PERMISSION_RESOURCE_NAMES =
      Key.optional("resourceNames", PermissionDescriptor::resourceNames, LIST, List.of());
  static final Key<PermissionDescriptor, List<String>> PERMISSION_NAMESPACES =
      Key.optional("namespaces", PermissionDescriptor::namespaces, LIST, List.of());
  static final Key<PermissionDescriptor, Boolean> PERMISSION_CLUSTER_WIDE =
      Key.optional("clusterWide", PermissionDescriptor::clusterWide, BOOL, false);
  static final Key<PermissionDescriptor, Boolean> PERMISSION_ALLOW_WILDCARD =
      Key.optional("allowWildcard", PermissionDescriptor::allowWildcard, BOOL, false);
  static final Key<PermissionDescriptor, String> PERMISSION_REASON =
      Key.optional("reason", PermissionDescriptor::reason, TEXT, "");

  // --- a watch: controller.<name>.watch.<nnn>. ---------------------------------------------------

  static final Key<WatchDescriptor, String> WATCH_TYPE =
      Key.required("type", WatchDescriptor::typeClass, TEXT);
  static final Key<WatchDescriptor, String> WATCH_MAPPER =
      Key.required("mapper", WatchDescriptor::mapperClass, TEXT);
  static final Key<WatchDescriptor, List<String>> WATCH_NAMESPACES =
      Key.optional("namespaces", WatchDescriptor::namespaces, LIST, List.of());
  static final Key<WatchDescriptor, String> WATCH_LABEL_SELECTOR =
      Key.optional("labelSelector", WatchDescriptor::labelSelector, TEXT, "");

  // --- walking the table -----------------------------------------------------------------------

  /** Every key of {@code d}, unsorted (the caller sorts). */
  static void write(OperatorDescriptor d, Map<String, String> kv) {
    writeAll(d, "", kv, FORMAT, ENTRY_POINT, CONTROLLERS);
    for (ControllerDescriptor c : d.controllers()) {
      String p = controllerPrefix(c.name());
      writeAll(
          c, p, kv,
          RECONCILER, RESOURCE, OWNS, NAMESPACES, LABEL_SELECTOR, MAX_CONCURRENT_RECONCILES,
          RECONCILE_TIMEOUT, UPDATES_STATUS, PRIMARY_VERBS, OWNED_VERBS, SHARDS, FINALIZER,
          PERMISSIONS, WATCHES);
      c.leaderElection()
          .ifPresent(
              le ->
                  writeAll(
                      le, p + "lease.", kv,
                      LEASE_NAME, LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD, REPLICAS, ON_LOSS));
      for (ShardDescriptor s : c.shards()) {
        writeAll(s, shardPrefix(p, s.name()), kv, SHARD_NAMESPACES, SHARD_LABEL_SELECTOR);
      }
      for (int i = 0; i < c.permissions().size(); i++) {
        writeAll(
            c.permissions().get(i), itemPrefix(p, "permission", i), kv,
            PERMISSION_GROUP, PERMISSION_RESOURCES, PERMISSION_VERBS, PERMISSION_RESOURCE_NAMES,
            PERMISSION_NAMESPACES, PERMISSION_CLUSTER_WIDE, PERMISSION_ALLOW_WILDCARD,
            PERMISSION_REASON);
      }
      for (int i = 0; i < c.watches().size(); i++) {
        writeAll(
            c.watches().get(i), itemPrefix(p, "watch", i), kv,
            WATCH_TYPE, WATCH_MAPPER, WATCH_NAMESPACES, WATCH_LABEL_SELECTOR);
      }
    }
  }

  /** The descriptor in {@code props}; the caller has checked {@link #FORMAT}. */
  static OperatorDescriptor read(Properties props) {
    List<ControllerDescriptor> controllers = new ArrayList<>();
    for (String name : CONTROLLERS.read(props, "")) {
      controllers.add(readController(props, name));
    }
    return new OperatorDescriptor(ENTRY_POINT.read(props, ""), controllers);
  }

  // Arguments are evaluated left to right, so a descriptor missing several required keys names
  // the first one in the record's order.
  private static ControllerDescriptor readController(Properties props, String name) {
    String p = controllerPrefix(name);
    return new ControllerDescriptor(
        name,
        RECONCILER.read(props, p),
        RESOURCE.read(props, p),
        OWNS.read(props, p),
        NAMESPACES.read(props, p),
        LABEL_SELECTOR.read(props, p),
        MAX_CONCURRENT_RECONCILES.read(props, p),
        RECONCILE_TIMEOUT.read(props, p),
        UPDATES_STATUS.read(props, p),
        PRIMARY_VERBS.read(props, p),
        OWNED_VERBS.read(props, p),
        readLease(props, p + "lease."),
        SHARDS.read(props, p).stream().map(s -> readShard(props, s, shardPrefix(p, s))).toList(),
        FINALIZER.read(props, p),
        readItems(PERMISSIONS.read(props, p), i -> readPermission(props, itemPrefix(p, "permission", i))),
        readItems(WATCHES.read(props, p), i -> readWatch(props, itemPrefix(p, "watch", i))));
  }

  private static Optional<LeaseDescriptor> readLease(Properties props, String q) {
    if (!props.containsKey(q + LEASE_NAME.name())) {
      return Optional.empty();
    }
    return Optional.of(
        new LeaseDescriptor(
            LEASE_NAME.read(props, q),
            new LeaseTiming(
                LEASE_DURATION.read(props, q),
                RENEW_DEADLINE.read(props, q),
                RETRY_PERIOD.read(props, q)),
            REPLICAS.read(props, q),
            ON_LOSS.read(props, q)));
  }

  private static ShardDescriptor readShard(Properties props, String name, String q) {
    return new ShardDescriptor(name, SHARD_NAMESPACES.read(props, q), SHARD_LABEL_SELECTOR.read(props, q));
  }

  private static PermissionDescriptor readPermission(Properties props, String q) {
    return new PermissionDescriptor(
        PERMISSION_GROUP.read(props, q),
        PERMISSION_RESOURCES.read(props, q),
        PERMISSION_VERBS.read(props, q),
        PERMISSION_RESOURCE_NAMES.read(props, q),
        PERMISSION_NAMESPACES.read(props, q),
        PERMISSION_CLUSTER_WIDE.read(props, q),
        PERMISSION_ALLOW_WILDCARD.read(props, q),
        PERMISSION_REASON.read(props, q));
  }

  private static WatchDescriptor readWatch(Properties props, String q) {
    return new WatchDescriptor(
        WATCH_TYPE.read(props, q),
        WATCH_MAPPER.read(props, q),
        WATCH_NAMESPACES.read(props, q),
        WATCH_LABEL_SELECTOR.read(props, q));
  }

  private static <T> List<T> readItems(int count, Function<Integer, T> item) {
    List<T> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(item.apply(i));
    }
    return items;
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
