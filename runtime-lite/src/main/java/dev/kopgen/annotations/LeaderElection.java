package dev.kopgen.annotations;

import dev.kopgen.rules.Defaults;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the {@link Controller} only on the instance holding a {@code coordination.k8s.io/v1} Lease,
 * so several replicas can run for availability while exactly one reconciles.
 *
 * <p>With leader election the generated Deployment uses {@code RollingUpdate} (maxSurge 1,
 * maxUnavailable 0) and {@link #replicas()} replicas; without it, {@code Recreate} and one replica.
 * Standbys keep their informers warm and watch the Lease; on SIGTERM the leader drains and then
 * releases the Lease so a standby takes over at once. After the local {@link #renewDeadline()}
 * passes without a renewal the instance is fenced: it starts no reconcile and its client sends no
 * write.
 *
 * <p>Timings must satisfy {@code leaseDuration > renewDeadline > 1.2 × retryPeriod} (client-go's
 * jitter factor); kopgen checks this at compile time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface LeaderElection {

  /**
   * The Lease's name, a valid Kubernetes name (DNS-1123 subdomain). Default: the controller's name.
   * The Lease lives in the operator's namespace ({@code POD_NAMESPACE}).
   */
  String leaseName() default "";

  /** How long a Lease stays valid after its last renewal: what a standby waits after a crash. */
  String leaseDuration() default Defaults.LEASE_DURATION;

  /**
   * How long the leader keeps trying to renew before it gives up; past it the instance is fenced.
   * Must be shorter than {@link #leaseDuration()}.
   */
  String renewDeadline() default Defaults.RENEW_DEADLINE;

  /** How often candidates retry and the leader renews. */
  String retryPeriod() default Defaults.RETRY_PERIOD;

  /** Replicas in the generated Deployment: one leader, the rest warm standbys. */
  int replicas() default Defaults.LEADER_ELECTION_REPLICAS;

  /** What an instance does after it lost the Lease. */
  OnLeadershipLoss onLoss() default OnLeadershipLoss.EXIT;
}
