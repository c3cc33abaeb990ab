package dev.kopgen.runtime;

import dev.kopgen.annotations.UpdateFilter;
import dev.kopgen.rules.AvailabilityRules;
import dev.kopgen.rules.Defaults;
import dev.kopgen.rules.Durations;
import dev.kopgen.rules.LifecycleRules;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything the runtime needs to run one controller, as the generated {@code
 * <Reconciler>_KopgenController} class declares it. Values were validated at compile time; the
 * builder re-checks only what would otherwise fail obscurely at run time.
 *
 * @param <R> the primary resource type
 */
public final class ControllerDefinition<R extends HasMetadata> {

  private final String name;
  private final Class<R> resourceType;
  private final Supplier<? extends Reconciler<R>> reconcilerFactory;
  private final List<Class<? extends HasMetadata>> ownedTypes;
  private final Set<Class<? extends HasMetadata>> metadataOnlyOwnedTypes;
  private final List<String> namespaces;
  private final String labelSelector;
  private final int maxConcurrentReconciles;
  private final Duration reconcileTimeout;
  private final LeaseSpec leaderElection;
  private final List<ShardSpec> shards;
  private final UpdateFilter updateFilter;
  private final RetryPolicy retry;
  private final Duration rerunDelay;
  private final List<WatchSpec<?, R>> watches;
  private final String ownedLabelSelector;

  private ControllerDefinition(Builder<R> b) {
    this.name = b.name;
    this.resourceType = b.resourceType;
    this.reconcilerFactory = b.reconcilerFactory;
    this.ownedTypes = List.copyOf(b.ownedTypes);
    this.metadataOnlyOwnedTypes = Set.copyOf(b.metadataOnlyOwnedTypes);
    this.namespaces = List.copyOf(b.namespaces);
    this.labelSelector = b.labelSelector;
    this.maxConcurrentReconciles = b.maxConcurrentReconciles;
    this.reconcileTimeout = b.reconcileTimeout;
    this.leaderElection = b.leaderElection;
    this.shards = List.copyOf(b.shards);
    this.updateFilter = b.updateFilter;
    this.retry = b.retry;
    this.rerunDelay = b.rerunDelay;
    this.watches = List.copyOf(b.watches);
    this.ownedLabelSelector = b.ownedLabelSelector;
  }

  /** Starts a definition for the controller {@code name} reconciling {@code resourceType}. */
  public static <R extends HasMetadata> Builder<R> builder(
      String name, Class<R> resourceType, Supplier<? extends Reconciler<R>> reconcilerFactory) {
    return new Builder<>(name, resourceType, reconcilerFactory);
  }

  public String name() {
    return name;
  }

  public Class<R> resourceType() {
    return resourceType;
  }

  /** Creates the reconciler instance (once per controller start). */
  public Reconciler<R> newReconciler() {
    return reconcilerFactory.get();
  }

  /** The owned types, metadata-only ones included, in declaration order. */
  public List<Class<? extends HasMetadata>> ownedTypes() {
    return ownedTypes;
  }

  /**
   * Whether only the metadata of owned {@code type}'s objects is listed, watched and cached (an
   * {@code Owns} annotation with {@code metadataOnly = true}).
   */
  public boolean ownedMetadataOnly(Class<?> type) {
    return metadataOnlyOwnedTypes.contains(type);
  }

  /** Watched namespaces; empty means all namespaces. */
  public List<String> namespaces() {
    return namespaces;
  }

  /** Label selector for the primary resource; empty means none. */
  public String labelSelector() {
    return labelSelector;
  }

  public int maxConcurrentReconciles() {
    return maxConcurrentReconciles;
  }

  public Duration reconcileTimeout() {
    return reconcileTimeout;
  }

  /** The Lease settings, if this controller runs under leader election. */
  public Optional<LeaseSpec> leaderElection() {
    return Optional.ofNullable(leaderElection);
  }

  /** The shards, empty unless the controller is {@code @Sharded}. */
  public List<ShardSpec> shards() {
    return shards;
  }

  /**
   * Which update events of the primary reconcile; {@link UpdateFilter.GenerationChanged} by
   * default.
   */
  public UpdateFilter updateFilter() {
    return updateFilter;
  }

  /** How failed reconciles are retried; {@link RetryPolicy#DEFAULT} unless declared. */
  public RetryPolicy retry() {
    return retry;
  }

  /**
   * How long after its run an object that changed meanwhile waits before it runs again; {@link
   * LifecycleRules#DEFAULT_RERUN_DELAY} unless declared.
   */
  public Duration rerunDelay() {
    return rerunDelay;
  }

  /** The label selector of the owned types' informers; empty means none. */
  public String ownedLabelSelector() {
    return ownedLabelSelector;
  }

  /** The {@code @Watch}ed types: not owned, mapped to primaries by their mappers. */
  public List<WatchSpec<?, R>> watches() {
    return watches;
  }

  @Override
  public String toString() {
    return "ControllerDefinition[" + name + " for " + resourceType.getSimpleName() + "]";
  }

  /** Builder used by generated code. */
  public static final class Builder<R extends HasMetadata> {
    private final String name;
    private final Class<R> resourceType;
    private final Supplier<? extends Reconciler<R>> reconcilerFactory;
    private final List<Class<? extends HasMetadata>> ownedTypes = new ArrayList<>();
    private final Set<Class<? extends HasMetadata>> metadataOnlyOwnedTypes = new HashSet<>();
    private final List<String> namespaces = new ArrayList<>();
    private String labelSelector = "";
    private int maxConcurrentReconciles = Defaults.MAX_CONCURRENT_RECONCILES;
    private Duration reconcileTimeout = Durations.parse(Defaults.RECONCILE_TIMEOUT);
    private LeaseSpec leaderElection;
    private final List<ShardSpec> shards = new ArrayList<>();
    private UpdateFilter updateFilter = new UpdateFilter.GenerationChanged();
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Duration rerunDelay = LifecycleRules.DEFAULT_RERUN_DELAY;
    private final List<WatchSpec<?, R>> watches = new ArrayList<>();
    private String ownedLabelSelector = "";

    private Builder(
        String name, Class<R> resourceType, Supplier<? extends Reconciler<R>> reconcilerFactory) {
      this.name = Objects.requireNonNull(name, "name");
      this.resourceType = Objects.requireNonNull(resourceType, "resourceType");
      this.reconcilerFactory = Objects.requireNonNull(reconcilerFactory, "reconcilerFactory");
    }

    @SafeVarargs
    public final Builder<R> owns(Class<? extends HasMetadata>... types) {
      ownedTypes.addAll(List.of(types));
      return this;
    }

    /**
     * Owns {@code types} as {@link #owns} does, caching only their objects' metadata ({@code
     * PartialObjectMetadata}); {@code Context.owned} then returns them with only metadata set.
     */
    @SafeVarargs
    public final Builder<R> ownsMetadataOnly(Class<? extends HasMetadata>... types) {
      ownedTypes.addAll(List.of(types));
      metadataOnlyOwnedTypes.addAll(List.of(types));
      return this;
    }

    public Builder<R> namespaces(String... values) {
      namespaces.addAll(List.of(values));
      return this;
    }

    public Builder<R> labelSelector(String value) {
      labelSelector = Objects.requireNonNull(value, "labelSelector");
      return this;
    }

    public Builder<R> maxConcurrentReconciles(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxConcurrentReconciles must be at least 1: " + value);
      }
      maxConcurrentReconciles = value;
      return this;
    }

    public Builder<R> reconcileTimeout(Duration value) {
      Objects.requireNonNull(value, "reconcileTimeout");
      AvailabilityRules.reconcileTimeoutProblem(value)
          .ifPresent(
              p -> {
                throw new IllegalArgumentException(p);
              });
      reconcileTimeout = value;
      return this;
    }

    public Builder<R> leaderElection(LeaseSpec value) {
      leaderElection = Objects.requireNonNull(value, "leaderElection");
      return this;
    }

    public Builder<R> shard(ShardSpec value) {
      shards.add(Objects.requireNonNull(value, "shard"));
      return this;
    }

    /** Replaces the default {@link UpdateFilter.GenerationChanged}. */
    public Builder<R> updateFilter(UpdateFilter value) {
      updateFilter = Objects.requireNonNull(value, "updateFilter");
      return this;
    }

    /** Replaces {@link RetryPolicy#DEFAULT}. */
    public Builder<R> retry(RetryPolicy value) {
      retry = Objects.requireNonNull(value, "retry");
      return this;
    }

    /**
     * Replaces {@link LifecycleRules#DEFAULT_RERUN_DELAY}; {@link Duration#ZERO} reruns at once.
     */
    public Builder<R> rerunDelay(Duration value) {
      Objects.requireNonNull(value, "rerunDelay");
      LifecycleRules.rerunDelayProblem(value)
          .ifPresent(
              p -> {
                throw new IllegalArgumentException(p);
              });
      rerunDelay = value;
      return this;
    }

    /** Limits the owned types' informers (and caches) to objects matching {@code value}. */
    public Builder<R> ownedLabelSelector(String value) {
      ownedLabelSelector = Objects.requireNonNull(value, "ownedLabelSelector");
      return this;
    }

    /** Watches {@code type} (not owned), mapping its changes to primaries with {@code mapper}. */
    public <T extends HasMetadata> Builder<R> watch(
        Class<T> type,
        Supplier<? extends WatchMapper<T, R>> mapper,
        List<String> namespaces,
        String labelSelector) {
      watches.add(new WatchSpec<>(type, mapper, namespaces, labelSelector));
      return this;
    }

    /** A {@code @Watch(metadataOnly = true)}: as {@link #watch}, caching only metadata. */
    public <T extends HasMetadata> Builder<R> watchMetadataOnly(
        Class<T> type,
        Supplier<? extends WatchMapper<T, R>> mapper,
        List<String> namespaces,
        String labelSelector) {
      watches.add(new WatchSpec<>(type, mapper, namespaces, labelSelector, true));
      return this;
    }

    public ControllerDefinition<R> build() {
      return new ControllerDefinition<>(this);
    }
  }
}
