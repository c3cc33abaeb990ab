package dev.kopgen.runtime.controller;

import static dev.kopgen.runtime.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.runtime.ControllerDefinition;
import dev.kopgen.runtime.FencedException;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import dev.kopgen.runtime.RetryPolicy;
import dev.kopgen.runtime.health.OperatorMetrics;
import dev.kopgen.runtime.lease.FenceRefusal;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A write refused by a fence, the process's own or the API server's admission policy, ends the
 * reconcile as fenced: no onError, no error count, a {@code kopgen_fenced_writes_total} by the
 * fence that refused, and the key waits a backoff instead of being retried at once.
 */
@EnableKubernetesMockClient(crud = true)
class FencedReconcileTest {

  static KubernetesClient client;

  /** What the API server answers when the ValidatingAdmissionPolicy of LeaseFence denies. */
  static KubernetesClientException serverDenial() {
    Status status =
        new StatusBuilder()
            .withCode(403)
            .withReason("Forbidden")
            .withMessage(
                "secrets \"a-relay\" is forbidden: ValidatingAdmissionPolicy"
                    + " 'relay-ns-lease-relay' with binding 'relay-ns-lease-relay' denied request:"
                    + " fenced: holder is relay-b (Lease relay), request from pod relay-a")
            .build();
    return new KubernetesClientException(status);
  }

  @Test
  void tellsBothFencesApartFromOtherFailures() {
    assertThat(FenceRefusal.by(serverDenial())).contains(FenceRefusal.SERVER);
    assertThat(FenceRefusal.by(new KubernetesClientException("wrapped", new FencedException("x"))))
        .contains(FenceRefusal.CLIENT);
    Status rbac =
        new StatusBuilder().withCode(403).withMessage("secrets is forbidden: User cannot").build();
    assertThat(FenceRefusal.by(new KubernetesClientException(rbac))).isEmpty();
    assertThat(FenceRefusal.by(new IllegalStateException("boom"))).isEmpty();
  }

  @Test
  void aServerFencedWriteEndsTheReconcileWithoutOnErrorAndIsCounted() {
    String ns = "fenced-1";
    client
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("a")
                .withNamespace(ns)
                .endMetadata()
                .build())
        .create();
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger onError = new AtomicInteger();
    Reconciler<ConfigMap> refused =
        new Reconciler<>() {
          @Override
          public Result reconcile(ConfigMap cm, dev.kopgen.runtime.Context ctx) {
            runs.incrementAndGet();
            throw serverDenial();
          }

          @Override
          public Result onError(ConfigMap cm, Exception error, dev.kopgen.runtime.Context ctx) {
            onError.incrementAndGet();
            return Result.retryWithBackoff();
          }
        };
    OperatorMetrics metrics = new OperatorMetrics();
    Controller<ConfigMap> c =
        Controller.builder(
                ControllerDefinition.builder("fenced", ConfigMap.class, () -> refused)
                    .namespaces(ns)
                    // One run in the test: the next one (after the backoff) would count again.
                    .retry(new RetryPolicy(Duration.ofMinutes(1), Duration.ofMinutes(5), 0))
                    .build())
            .metrics(metrics)
            .informerClient(client)
            .build();
    try {
      c.start();
      c.resume();
      until("the reconcile ran", () -> runs.get() >= 1);
      until(
          "the fenced write was counted",
          () ->
              metrics
                  .scrapeText()
                  .contains("kopgen_fenced_writes_total{by=\"server\",controller=\"fenced\"} 1.0"));
      assertThat(onError).as("onError calls").hasValue(0);
      assertThat(metrics.scrapeText())
          .contains("kopgen_reconcile_total{controller=\"fenced\",result=\"fenced\"} 1.0")
          .contains("kopgen_reconcile_errors_total{controller=\"fenced\"} 0.0");
    } finally {
      c.close();
    }
  }
}
