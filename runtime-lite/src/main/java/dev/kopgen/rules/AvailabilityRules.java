package dev.kopgen.rules;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * The availability rules of {@code seed-availability.md}, each in exactly one function. The
 * processor asks them to check annotations and to write the generated wiring; the Maven plugin asks
 * them to write the Deployment; the runtime asks them how long to drain. Every answer carries the
 * reason, which ends up as a comment next to the value it set.
 */
public final class AvailabilityRules {

  /** Time allowed after the drain for releasing the Lease (one API write with a retry). */
  public static final Duration LEASE_RELEASE_ALLOWANCE = Duration.ofSeconds(2);

  /** Margin for closing informers and the JVM's own shutdown, so SIGKILL never cuts a drain. */
  public static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(5);

  /**
   * The longest reconcile timeout kopgen accepts without a warning: beyond it the grace period (and
   * so every pod's stop during a rollout) grows past five minutes.
   */
  public static final Duration LONG_RECONCILE_TIMEOUT = Duration.ofMinutes(5);

  private AvailabilityRules() {}

  /**
   * Why {@code reconcileTimeout} cannot be a reconcile timeout, if so: it bounds one reconcile and
   * the shutdown drain, so it must be longer than zero. The processor reports this on the
   * annotation; the runtime's definition builder refuses it, so both sides mean the same by it.
   */
  public static Optional<String> reconcileTimeoutProblem(Duration reconcileTimeout) {
    if (reconcileTimeout.isZero() || reconcileTimeout.isNegative()) {
      return Optional.of(
          "reconcileTimeout must be longer than 0s: it bounds one reconcile and the shutdown"
              + " drain; use the longest a reconcile may take, such as \"30s\"");
    }
    return Optional.empty();
  }

  /**
   * A warning for a valid but long {@code reconcileTimeout} (over {@link #LONG_RECONCILE_TIMEOUT}),
   * if it deserves one: the grace period it leads to.
   */
  public static Optional<String> longReconcileTimeoutWarning(
      Duration reconcileTimeout, boolean leaderElection) {
    if (reconcileTimeoutProblem(reconcileTimeout).isPresent()
        || reconcileTimeout.compareTo(LONG_RECONCILE_TIMEOUT) <= 0) {
      return Optional.empty();
    }
    long grace =
        shutdownBudget(java.util.List.of(reconcileTimeout), leaderElection)
            .terminationGracePeriodSeconds();
    return Optional.of(
        "reconcileTimeout "
            + Durations.format(reconcileTimeout)
            + " is longer than "
            + Durations.format(LONG_RECONCILE_TIMEOUT)
            + ": the generated terminationGracePeriodSeconds becomes "
            + grace
            + ", so a rollout may wait that long for each pod to stop. Prefer shorter reconciles"
            + " that requeue (Result.requeueAfter) for long-running work");
  }

  /**
   * How an instance shuts down, and the grace period that covers it.
   *
   * @param drain how long shutdown waits for in-flight reconciles: the longest reconcile timeout
   * @param leaseRelease time for releasing the Lease afterwards (zero without leader election)
   * @param margin time for closing informers and the JVM's exit
   */
  public record ShutdownBudget(Duration drain, Duration leaseRelease, Duration margin) {

    /** Everything shutdown may take. */
    public Duration total() {
      return drain.plus(leaseRelease).plus(margin);
    }

    /** The Deployment's {@code terminationGracePeriodSeconds}: the total, rounded up. */
    public long terminationGracePeriodSeconds() {
      Duration t = total();
      return t.getSeconds() + (t.getNano() > 0 ? 1 : 0);
    }

    /** Why the grace period is what it is, for comments in generated files. */
    public String explanation() {
      StringBuilder sb = new StringBuilder("drain ").append(Durations.format(drain));
      if (!leaseRelease.isZero()) {
        sb.append(" + lease release ").append(Durations.format(leaseRelease));
      }
      return sb.append(" + margin ").append(Durations.format(margin)).toString();
    }
  }

  /**
   * The one source of truth for shutdown timing: the runtime drains for {@code drain()} and the
   * manifests give the pod {@code terminationGracePeriodSeconds()}, which always exceeds it.
   *
   * @param reconcileTimeouts the reconcile timeouts of the controllers one process runs
   * @param leaderElection whether that process holds a Lease it must release
   */
  public static ShutdownBudget shutdownBudget(
      Collection<Duration> reconcileTimeouts, boolean leaderElection) {
    Duration drain = reconcileTimeouts.stream().max(Duration::compareTo).orElse(Duration.ZERO);
    return new ShutdownBudget(
        drain, leaderElection ? LEASE_RELEASE_ALLOWANCE : Duration.ZERO, SHUTDOWN_MARGIN);
  }

  /** The Deployment strategy kopgen emits, with the reason. */
  public enum Strategy {
    /** Old pod gone before the new one starts: two unelected instances never overlap. */
    RECREATE("Recreate", "Recreate: no leader election, so two instances must never overlap"),
    /** New pod first; it waits as a standby until the old leader releases the Lease. */
    ROLLING_UPDATE(
        "RollingUpdate",
        "RollingUpdate (maxSurge 1, maxUnavailable 0): leader election makes the overlap safe,"
            + " the new pod waits as a standby");

    private final String kubernetesName;
    private final String reason;

    Strategy(String kubernetesName, String reason) {
      this.kubernetesName = kubernetesName;
      this.reason = reason;
    }

    /** {@code Recreate} or {@code RollingUpdate}, as the Deployment spells it. */
    public String kubernetesName() {
      return kubernetesName;
    }

    /** Why this strategy, for the comment beside it. */
    public String reason() {
      return reason;
    }
  }

  /** Recreate without leader election, RollingUpdate with it. */
  public static Strategy strategy(boolean leaderElection) {
    return leaderElection ? Strategy.ROLLING_UPDATE : Strategy.RECREATE;
  }

  /**
   * The replica count a Deployment gets: exactly 1 without leader election, {@code declared} (one
   * leader, the rest warm standbys) with it.
   */
  public static int replicas(boolean leaderElection, int declared) {
    return leaderElection ? declared : 1;
  }

  /** Why {@code replicas} is not allowed, if it is not: more than one needs leader election. */
  public static Optional<String> replicasProblem(int replicas, boolean leaderElection) {
    if (replicas < 1) {
      return Optional.of("replicas must be at least 1, was " + replicas);
    }
    if (replicas > 1 && !leaderElection) {
      return Optional.of(
          "replicas "
              + replicas
              + " without leader election would run "
              + replicas
              + " instances reconciling the same objects at once: add @LeaderElection or use 1"
              + " replica");
    }
    return Optional.empty();
  }

  /**
   * Why a requested grace period is too short for the drain, if it is.
   *
   * @param requestedSeconds a grace period the user asked for explicitly
   */
  public static Optional<String> gracePeriodProblem(long requestedSeconds, ShutdownBudget budget) {
    if (requestedSeconds < budget.terminationGracePeriodSeconds()) {
      return Optional.of(
          "terminationGracePeriodSeconds "
              + requestedSeconds
              + " is shorter than the shutdown budget ("
              + budget.explanation()
              + " = "
              + budget.terminationGracePeriodSeconds()
              + "s): the pod would be killed before in-flight reconciles finish. Use at least "
              + budget.terminationGracePeriodSeconds()
              + " or shorten reconcileTimeout");
    }
    return Optional.empty();
  }

  /** The node label the replicas of an elected workload are spread over. */
  public static final String SPREAD_TOPOLOGY_KEY = "kubernetes.io/hostname";

  /**
   * How the replicas of an elected workload are kept from failing together: spread over nodes, and
   * never evicted more than one at a time by a voluntary disruption (a drain). Each part carries
   * its reason, for the comment beside it in the YAML.
   *
   * @param topologyKey the node label to spread over: one node is one failure domain
   * @param maxSkew how uneven the spread may be
   * @param whenUnsatisfiable {@code ScheduleAnyway}: a preference, so a one-node cluster still runs
   *     every replica
   * @param spreadReason why the constraint exists
   * @param whenUnsatisfiableReason why it is a preference, not a requirement
   * @param maxUnavailable the PodDisruptionBudget's {@code maxUnavailable}: 1
   * @param budgetReason why the PodDisruptionBudget exists and why it is {@code maxUnavailable: 1}
   */
  public record ReplicaSpread(
      String topologyKey,
      int maxSkew,
      String whenUnsatisfiable,
      String spreadReason,
      String whenUnsatisfiableReason,
      int maxUnavailable,
      String budgetReason) {}

  /**
   * The spread and disruption budget of a workload's replicas: present exactly with leader
   * election. Without it there is one replica under {@code Recreate}: nothing to spread, and a
   * disruption budget over one pod would either block every drain ({@code minAvailable: 1}) or say
   * nothing ({@code maxUnavailable: 1}).
   */
  public static Optional<ReplicaSpread> replicaSpread(boolean leaderElection) {
    if (!leaderElection) {
      return Optional.empty();
    }
    return Optional.of(
        new ReplicaSpread(
            SPREAD_TOPOLOGY_KEY,
            1,
            "ScheduleAnyway",
            "standbys exist to survive the loss of the leader's node: spread the replicas over"
                + " nodes",
            "a preference, not a requirement: a one-node cluster (or one short of nodes) still"
                + " runs every replica",
            1,
            "a drain evicts at most one replica at a time, so a standby survives it;"
                + " maxUnavailable (not minAvailable) never blocks a drain, even with one replica"));
  }
}
