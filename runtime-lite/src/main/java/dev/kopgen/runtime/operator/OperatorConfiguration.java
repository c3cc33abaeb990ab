package dev.kopgen.runtime.operator;

import dev.kopgen.rules.RateLimitRules;
import dev.kopgen.runtime.ControllerDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.IntConsumer;

/**
 * What an operator starts with, fixed when {@link Operator.Builder#start()} is called: the
 * builder's values, checked and with their defaults filled in. {@link RunningOperator} reads only
 * this, never the builder.
 *
 * @param client the client for informers and Leases (the caller keeps ownership)
 * @param controllers the controllers to run, before shard selection
 * @param healthPort the health server's port (0: a free one)
 * @param namespace the operator's own namespace, where its Leases live
 * @param identity this instance's Lease holder identity
 * @param shard the {@code KOPGEN_SHARD} selection, or {@code null}
 * @param reconcileRateLimit the operator-wide reconcile rate limit, or {@code null} for none
 * @param shutdownTriggers each one's completion starts a graceful shutdown
 * @param handleSignals whether SIGTERM/SIGINT (and the parent's exit) are handled
 * @param endpoints the metrics and health server {@link Operator#run} started early, or {@code
 *     null} to start them in {@link RunningOperator#start}
 */
record OperatorConfiguration(
    KubernetesClient client,
    List<ControllerDefinition<?>> controllers,
    int healthPort,
    String namespace,
    String identity,
    String shard,
    LeadershipFactory leadershipFactory,
    ReconcileClientFactory reconcileClientFactory,
    IntConsumer exitHandler,
    IntConsumer haltHandler,
    List<CompletionStage<?>> shutdownTriggers,
    boolean handleSignals,
    RateLimitRules.Limit reconcileRateLimit,
    EarlyEndpoints endpoints) {

  OperatorConfiguration {
    controllers = List.copyOf(controllers);
    shutdownTriggers = List.copyOf(shutdownTriggers);
  }
}
