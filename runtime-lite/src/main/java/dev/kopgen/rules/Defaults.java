package dev.kopgen.rules;

/**
 * kopgen's defaults, as compile-time constants, so the annotations' {@code default} clauses and the
 * runtime's builders ({@code ControllerDefinition.builder}, {@link LeaseTiming#DEFAULT}, {@link
 * RetryRules}) use the same values: a controller built by hand behaves as the same controller
 * declared with {@code @Controller} and no attributes.
 */
public final class Defaults {

  /** Objects reconciled at once per controller ({@code @Controller(maxConcurrentReconciles)}). */
  public static final int MAX_CONCURRENT_RECONCILES = 4;

  /**
   * The reconcile time budget ({@code @Controller(reconcileTimeout)}); see {@link
   * AvailabilityRules}.
   */
  public static final String RECONCILE_TIMEOUT = "30s";

  /** Whether the reconciler writes status ({@code @Controller(updatesStatus)}): RBAC for it. */
  public static final boolean UPDATES_STATUS = true;

  /** The first retry's wait ({@code @Controller(retryInitialBackoff)}). */
  public static final String RETRY_INITIAL_BACKOFF = "10ms";

  /** The longest wait between retries ({@code @Controller(retryMaxBackoff)}). */
  public static final String RETRY_MAX_BACKOFF = "5m";

  /**
   * Write verbs on owned types, RBAC spelling, sorted: the default of both {@code ownedVerbs} on
   * {@code Controller} and {@code verbs} on {@code Owns}. Annotation defaults must be enum
   * constants, so those two spell it as {@code Verb}s; DefaultsTest pins that all three agree.
   */
  public static final java.util.List<String> OWNED_VERBS =
      java.util.List.of("create", "delete", "patch", "update");

  /** Failures in a row before giving up; 0 retries without limit ({@code retryMaxAttempts}). */
  public static final int RETRY_MAX_ATTEMPTS = 0;

  /**
   * How long after its reconcile an object that changed meanwhile runs again ({@code rerunDelay});
   * see {@link LifecycleRules#DEFAULT_RERUN_DELAY}.
   */
  public static final String RERUN_DELAY = "100ms";

  /**
   * How long a Lease stays valid after its last renewal ({@code @LeaderElection(leaseDuration)}).
   */
  public static final String LEASE_DURATION = "15s";

  /** How long the leader tries to renew before it is fenced ({@code renewDeadline}). */
  public static final String RENEW_DEADLINE = "10s";

  /** How often candidates retry and the leader renews ({@code retryPeriod}). */
  public static final String RETRY_PERIOD = "2s";

  /** Replicas of a leader-elected Deployment: one leader, one warm standby ({@code replicas}). */
  public static final int LEADER_ELECTION_REPLICAS = 2;

  private Defaults() {}
}
