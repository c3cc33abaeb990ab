package dev.kopgen.rules;

import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.rules.OperatorDescriptor.LeaseDescriptor;
import dev.kopgen.rules.OperatorDescriptor.OwnedDescriptor;
import dev.kopgen.rules.OperatorDescriptor.PermissionDescriptor;
import dev.kopgen.rules.OperatorDescriptor.ShardDescriptor;
import dev.kopgen.rules.OperatorDescriptor.WatchDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a {@link ControllerDescriptor} from the values that differ from a {@code @Controller} with
 * no attributes, so code that makes descriptors by hand (tests, fixtures) does not repeat the
 * record's parameter list: {@code ControllerDescriptor.builder(name, reconciler, resource)
 * .ownedClasses(...).namespaces(...).build()}, or {@code descriptor.toBuilder().finalizer(...)
 * .build()} for a variant of an existing one.
 *
 * <p>Defaults: what the processor writes for a bare {@code @Controller} on a reconciler that is not
 * a {@code Cleaner}: {@link Defaults}' values for {@code maxConcurrentReconciles}, {@code
 * reconcileTimeout} and {@code updatesStatus}, {@link #DEFAULT_OWNED_VERBS}, and otherwise empty
 * (no owned types, all namespaces, no selector, no primary write verbs, no leader election, no
 * shards, no finalizer, no {@code @Permission}, no {@code @Watch}, no {@code @Owns}). {@link
 * #build} calls the canonical constructor, which normalises as always.
 * ControllerDescriptorBuilderTest pins the defaults against {@code @Controller}'s.
 *
 * <p>A new {@code @Controller} attribute is a record component plus, here, one field, one setter,
 * one argument in {@link #build} (the compiler asks for it) and one line in the copy constructor
 * (ControllerDescriptorBuilderTest fails without it or without the setter).
 */
public final class ControllerDescriptorBuilder {

  /** {@code @Controller(ownedVerbs)}'s default in RBAC spelling, sorted. */
  public static final List<String> DEFAULT_OWNED_VERBS = Defaults.OWNED_VERBS;

  private String name;
  private String reconcilerClass;
  private String resourceClass;
  private List<String> ownedClasses = List.of();
  private List<String> namespaces = List.of();
  private String labelSelector = "";
  private int maxConcurrentReconciles = Defaults.MAX_CONCURRENT_RECONCILES;
  private Duration reconcileTimeout = Durations.parse(Defaults.RECONCILE_TIMEOUT);
  private boolean updatesStatus = Defaults.UPDATES_STATUS;
  private List<String> primaryVerbs = List.of();
  private List<String> ownedVerbs = DEFAULT_OWNED_VERBS;
  private Optional<LeaseDescriptor> leaderElection = Optional.empty();
  private List<ShardDescriptor> shards = List.of();
  private String finalizer = "";
  private List<PermissionDescriptor> permissions = List.of();
  private List<WatchDescriptor> watches = List.of();
  private List<OwnedDescriptor> owned = List.of();

  /** See {@link ControllerDescriptor#builder}. */
  ControllerDescriptorBuilder(String name, String reconcilerClass, String resourceClass) {
    this.name = Objects.requireNonNull(name, "name");
    this.reconcilerClass = Objects.requireNonNull(reconcilerClass, "reconcilerClass");
    this.resourceClass = Objects.requireNonNull(resourceClass, "resourceClass");
  }

  /** See {@link ControllerDescriptor#toBuilder}. */
  ControllerDescriptorBuilder(ControllerDescriptor c) {
    this(c.name(), c.reconcilerClass(), c.resourceClass());
    ownedClasses = c.ownedClasses();
    namespaces = c.namespaces();
    labelSelector = c.labelSelector();
    maxConcurrentReconciles = c.maxConcurrentReconciles();
    reconcileTimeout = c.reconcileTimeout();
    updatesStatus = c.updatesStatus();
    primaryVerbs = c.primaryVerbs();
    ownedVerbs = c.ownedVerbs();
    leaderElection = c.leaderElection();
    shards = c.shards();
    finalizer = c.finalizer();
    permissions = c.permissions();
    watches = c.watches();
    owned = c.owned();
  }

  public ControllerDescriptorBuilder name(String name) {
    this.name = name;
    return this;
  }

  public ControllerDescriptorBuilder reconcilerClass(String reconcilerClass) {
    this.reconcilerClass = reconcilerClass;
    return this;
  }

  public ControllerDescriptorBuilder resourceClass(String resourceClass) {
    this.resourceClass = resourceClass;
    return this;
  }

  public ControllerDescriptorBuilder ownedClasses(List<String> ownedClasses) {
    this.ownedClasses = ownedClasses;
    return this;
  }

  public ControllerDescriptorBuilder namespaces(List<String> namespaces) {
    this.namespaces = namespaces;
    return this;
  }

  public ControllerDescriptorBuilder labelSelector(String labelSelector) {
    this.labelSelector = labelSelector;
    return this;
  }

  public ControllerDescriptorBuilder maxConcurrentReconciles(int maxConcurrentReconciles) {
    this.maxConcurrentReconciles = maxConcurrentReconciles;
    return this;
  }

  public ControllerDescriptorBuilder reconcileTimeout(Duration reconcileTimeout) {
    this.reconcileTimeout = reconcileTimeout;
    return this;
  }

  public ControllerDescriptorBuilder updatesStatus(boolean updatesStatus) {
    this.updatesStatus = updatesStatus;
    return this;
  }

  public ControllerDescriptorBuilder primaryVerbs(List<String> primaryVerbs) {
    this.primaryVerbs = primaryVerbs;
    return this;
  }

  public ControllerDescriptorBuilder ownedVerbs(List<String> ownedVerbs) {
    this.ownedVerbs = ownedVerbs;
    return this;
  }

  public ControllerDescriptorBuilder leaderElection(Optional<LeaseDescriptor> leaderElection) {
    this.leaderElection = leaderElection;
    return this;
  }

  public ControllerDescriptorBuilder shards(List<ShardDescriptor> shards) {
    this.shards = shards;
    return this;
  }

  public ControllerDescriptorBuilder finalizer(String finalizer) {
    this.finalizer = finalizer;
    return this;
  }

  public ControllerDescriptorBuilder permissions(List<PermissionDescriptor> permissions) {
    this.permissions = permissions;
    return this;
  }

  public ControllerDescriptorBuilder watches(List<WatchDescriptor> watches) {
    this.watches = watches;
    return this;
  }

  public ControllerDescriptorBuilder owned(List<OwnedDescriptor> owned) {
    this.owned = owned;
    return this;
  }

  /** The descriptor, through the record's canonical constructor. */
  public ControllerDescriptor build() {
    return new ControllerDescriptor(
        name,
        reconcilerClass,
        resourceClass,
        ownedClasses,
        namespaces,
        labelSelector,
        maxConcurrentReconciles,
        reconcileTimeout,
        updatesStatus,
        primaryVerbs,
        ownedVerbs,
        leaderElection,
        shards,
        finalizer,
        permissions,
        watches,
        owned);
  }
}
