package dev.kopgen.rules;

import dev.kopgen.rules.OperatorDescriptor.ControllerDescriptor;
import dev.kopgen.rules.OperatorDescriptor.LeaseDescriptor;
import dev.kopgen.rules.OperatorDescriptor.ShardDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which processes an operator module runs as, derived in one place from its descriptor: one
 * <em>main</em> workload running every unsharded controller, and one workload per shard of each
 * {@code @Sharded} controller. The Maven plugin emits one Deployment (with its own ServiceAccount
 * and RBAC) per workload; the runtime picks its workload from {@value #SHARD_ENV}, whose value both
 * sides take from {@link #shardSelection} and {@link ShardSelection#parse}.
 */
public final class Workloads {

  /**
   * The environment variable that selects a shard. Unset: the process runs the unsharded
   * controllers. Set to {@code <controller>/<shard>} ({@link #shardSelection}): the process runs
   * that one shard of that one controller, and nothing else.
   */
  public static final String SHARD_ENV = PodContract.SHARD_ENV;

  /**
   * Separates the controller from the shard in {@value #SHARD_ENV}. Neither a controller nor a
   * shard name may contain it (both are DNS labels), so the value always splits unambiguously.
   */
  public static final char SHARD_SEPARATOR = '/';

  private Workloads() {}

  /**
   * The Lease a shard elects its leader with: the controller's Lease name, a dash, the shard's name
   * ({@code web-app} and shard {@code team-a} give {@code web-app-team-a}). Each shard has its own
   * leader, so each needs its own Lease.
   */
  public static String shardLeaseName(String leaseName, String shard) {
    return leaseName + "-" + shard;
  }

  /**
   * The value of {@value #SHARD_ENV} that selects shard {@code shard} of controller {@code
   * controller}: {@code web-app/team-a}. The controller is part of the value because shard names
   * are only unique within their controller: two sharded controllers of one module may both have a
   * shard {@code a}, and each {@code a} has its own Deployment, Lease and RBAC.
   */
  public static String shardSelection(String controller, String shard) {
    return controller + SHARD_SEPARATOR + shard;
  }

  /**
   * A parsed {@value #SHARD_ENV} value: which shard of which controller a process runs.
   *
   * @param controller the sharded controller's name
   * @param shard the shard's name within that controller
   */
  public record ShardSelection(String controller, String shard) {
    public ShardSelection {
      Objects.requireNonNull(controller, "controller");
      Objects.requireNonNull(shard, "shard");
    }

    /**
     * Parses a {@value Workloads#SHARD_ENV} value of the form {@code <controller>/<shard>},
     * ignoring surrounding blanks.
     *
     * @throws IllegalArgumentException if the value is not of that form; the message quotes the
     *     value and says what to write instead
     */
    public static ShardSelection parse(String value) {
      String v = value == null ? "" : value.strip();
      int at = v.indexOf(SHARD_SEPARATOR);
      if (at <= 0 || at == v.length() - 1 || v.indexOf(SHARD_SEPARATOR, at + 1) >= 0) {
        throw new IllegalArgumentException(
            SHARD_ENV
                + "='"
                + value
                + "' is not of the form <controller>"
                + SHARD_SEPARATOR
                + "<shard> (e.g. web-app"
                + SHARD_SEPARATOR
                + "team-a): a shard is named"
                + " together with its controller, since two controllers may have shards of the"
                + " same name");
      }
      return new ShardSelection(v.substring(0, at), v.substring(at + 1));
    }

    /** This selection as a {@value Workloads#SHARD_ENV} value. */
    public String value() {
      return shardSelection(controller, shard);
    }
  }

  /**
   * The workloads of {@code descriptor}: the main one first (absent when every controller is
   * sharded), then the shards ordered by controller name and shard name.
   */
  public static List<Workload> of(OperatorDescriptor descriptor) {
    List<Member> unsharded = new ArrayList<>();
    List<Workload> shards = new ArrayList<>();
    for (ControllerDescriptor c : descriptor.controllers()) {
      if (c.shards().isEmpty()) {
        unsharded.add(new Member(c, Optional.empty()));
      } else {
        c.shards().stream()
            .sorted(java.util.Comparator.comparing(ShardDescriptor::name))
            .forEach(s -> shards.add(new Workload(List.of(new Member(c, Optional.of(s))))));
      }
    }
    List<Workload> all = new ArrayList<>();
    if (!unsharded.isEmpty()) {
      all.add(new Workload(unsharded));
    }
    all.addAll(shards);
    return List.copyOf(all);
  }

  /**
   * What a process watches of a controller's primary resources.
   *
   * @param namespaces the namespaces; empty means all namespaces
   * @param labelSelector the label selector; empty means every object
   */
  public record Scope(List<String> namespaces, String labelSelector) {
    public Scope {
      namespaces = List.copyOf(namespaces);
      Objects.requireNonNull(labelSelector, "labelSelector");
    }
  }

  /**
   * The one shard-scope rule, asked by the plugin (RBAC of a shard's Deployment) and the runtime
   * (the informers of the shard a process runs): a namespace shard watches its own namespaces
   * instead of its controller's; a selector shard watches its controller's namespaces and adds its
   * selector to the controller's (an object must match both). An unsharded controller passes an
   * empty shard namespace list and selector and gets its own scope.
   */
  public static Scope scope(
      List<String> controllerNamespaces,
      String controllerSelector,
      List<String> shardNamespaces,
      String shardSelector) {
    List<String> namespaces = shardNamespaces.isEmpty() ? controllerNamespaces : shardNamespaces;
    String selector;
    if (shardSelector.isEmpty()) {
      selector = controllerSelector;
    } else if (controllerSelector.isEmpty()) {
      selector = shardSelector;
    } else {
      selector = controllerSelector + "," + shardSelector;
    }
    return new Scope(namespaces, selector);
  }

  /**
   * One controller as a workload runs it: whole, or one shard of it.
   *
   * @param controller the controller
   * @param shard the shard this workload runs, if the controller is sharded
   */
  public record Member(ControllerDescriptor controller, Optional<ShardDescriptor> shard) {
    public Member {
      Objects.requireNonNull(controller, "controller");
      Objects.requireNonNull(shard, "shard");
    }

    /**
     * The namespaces this member watches; empty means all namespaces. A namespace shard watches its
     * own namespaces; a selector shard watches what its controller watches.
     */
    public List<String> namespaces() {
      return scope().namespaces();
    }

    /** What this member watches ({@link Workloads#scope}). */
    public Scope scope() {
      return Workloads.scope(
          controller.namespaces(),
          controller.labelSelector(),
          shard.map(ShardDescriptor::namespaces).orElse(List.of()),
          shard.map(ShardDescriptor::labelSelector).orElse(""));
    }

    /** The Lease this member elects its leader with, if it runs under leader election. */
    public Optional<String> leaseName() {
      return controller
          .leaderElection()
          .map(LeaseDescriptor::leaseName)
          .map(n -> shard.map(s -> shardLeaseName(n, s.name())).orElse(n));
    }
  }

  /**
   * One process type, deployed as one Deployment.
   *
   * @param members the controllers it runs, sorted by name; never empty
   */
  public record Workload(List<Member> members) {
    public Workload {
      if (members.isEmpty()) {
        throw new IllegalArgumentException("a workload runs at least one controller");
      }
      members = List.copyOf(members);
    }

    /** The shard this workload runs, or empty for the main workload. */
    public Optional<ShardDescriptor> shard() {
      return members.get(0).shard();
    }

    /**
     * The {@value Workloads#SHARD_ENV} value that makes a process run this workload: {@code
     * <controller>/<shard>} for a shard, empty for the main workload (which runs with the variable
     * unset).
     */
    public Optional<String> shardSelection() {
      Member m = members.get(0);
      return m.shard().map(s -> Workloads.shardSelection(m.controller().name(), s.name()));
    }

    /**
     * A short name unique among the module's workloads: empty for the main workload, {@code
     * <controller>-<shard>} for a shard.
     */
    public String id() {
      Member m = members.get(0);
      return m.shard().map(s -> m.controller().name() + "-" + s.name()).orElse("");
    }

    /**
     * Whether every controller runs under leader election, so instances may overlap: the input of
     * {@link AvailabilityRules#strategy} and {@link AvailabilityRules#replicas}. One unelected
     * controller makes the whole process unelected.
     */
    public boolean leaderElection() {
      return members.stream().allMatch(m -> m.controller().leaderElection().isPresent());
    }

    /**
     * Whether the process holds at least one Lease it must release on shutdown (the input of {@link
     * AvailabilityRules#shutdownBudget}) and needs Lease permissions.
     */
    public boolean holdsLease() {
      return members.stream().anyMatch(m -> m.controller().leaderElection().isPresent());
    }

    /**
     * The replica count the controllers declare: the largest {@code @LeaderElection(replicas)}
     * (extra instances are standbys, so the largest request serves all), 1 without leader election.
     */
    public int declaredReplicas() {
      return members.stream()
          .flatMap(m -> m.controller().leaderElection().stream())
          .mapToInt(LeaseDescriptor::replicas)
          .max()
          .orElse(1);
    }

    /** The reconcile timeouts of the controllers, the input of the shutdown budget. */
    public List<Duration> reconcileTimeouts() {
      return members.stream().map(m -> m.controller().reconcileTimeout()).toList();
    }

    /** The shutdown budget of this process. */
    public AvailabilityRules.ShutdownBudget shutdownBudget() {
      return AvailabilityRules.shutdownBudget(reconcileTimeouts(), holdsLease());
    }

    /** The Leases the process elects with, sorted, without duplicates. */
    public List<String> leaseNames() {
      return members.stream().flatMap(m -> m.leaseName().stream()).distinct().sorted().toList();
    }
  }
}
