package dev.kopgen.it.relay;

import dev.kopgen.annotations.Controller;
import dev.kopgen.annotations.LeaderElection;
import dev.kopgen.annotations.Verb;
import dev.kopgen.runtime.Context;
import dev.kopgen.runtime.Reconciler;
import dev.kopgen.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The availability tests' operator: every ConfigMap labelled {@code relay=source} gets an owned
 * Secret {@code <name>-relay} holding the source's {@code value} and the {@code writer} (this
 * instance's {@code POD_NAME}), so the tests see on the server which instance reconciled what.
 *
 * <p>Every reconcile prints {@code RELAY START <pod> <ns>/<name> value=<v> at=<epoch ms>} before
 * doing anything, {@code RELAY WRITE ... at=<ms>} just before it sends the Secret, and {@code RELAY
 * END ... start=<ms> end=<ms>} once its writes have landed.
 *
 * <p>Knobs, from the environment:
 *
 * <ul>
 *   <li>{@code RELAY_SLEEP_MS}: sleep this long before writing (a long reconcile, for drains);
 *   <li>{@code RELAY_REQUEUE_MS}: reconcile again after this long (a leader that writes all the
 *       time, so a stale one would be seen writing);
 *   <li>{@code RELAY_RAW_MS}: from the first reconcile on (so only once leading), a thread creates
 *       a ConfigMap {@code raw-<pod>-<seq>} every this many ms through a client of its own,
 *       <em>without</em> kopgen's client-side fence, and prints {@code RELAY RAW <pod> seq=<n>
 *       code=<http status> at=<ms>}: writes already past any check in the process, as a frozen
 *       instance's in-flight writes are when it thaws. Only the API server's fence can refuse them;
 *   <li>{@code RELAY_RECORDS=true}: after the Secret, create one ConfigMap {@code rec-<pod>-<seq>}
 *       (label {@code relay-record=true}) holding writer, start and end: a history of every
 *       reconcile whose writes landed, for the overlap check.
 * </ul>
 *
 * <p>Objects outside {@code POD_NAMESPACE} are ignored: the operator watches all namespaces and the
 * test API server never finalizes the namespaces of earlier tests.
 */
@Controller(
    resource = ConfigMap.class,
    labelSelector = "relay=source",
    owns = Secret.class,
    primaryVerbs = Verb.CREATE,
    maxConcurrentReconciles = 4)
@LeaderElection(leaseDuration = "4s", renewDeadline = "3s", retryPeriod = "500ms")
public class RelayReconciler implements Reconciler<ConfigMap> {

  private static final String POD = System.getenv("POD_NAME");
  private static final String NAMESPACE = System.getenv("POD_NAMESPACE");
  private static final long SLEEP_MS = longEnv("RELAY_SLEEP_MS");
  private static final long REQUEUE_MS = longEnv("RELAY_REQUEUE_MS");
  private static final boolean RECORDS = Boolean.parseBoolean(System.getenv("RELAY_RECORDS"));

  private static final long RAW_MS = longEnv("RELAY_RAW_MS");
  private static final java.util.concurrent.atomic.AtomicBoolean RAW_STARTED =
      new java.util.concurrent.atomic.AtomicBoolean();

  private final AtomicLong sequence = new AtomicLong();

  /** Starts the unfenced writer of {@code RELAY_RAW_MS}, once per process. */
  private static void startRawWriter() {
    if (RAW_MS <= 0 || !RAW_STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              // KUBECONFIG: the same pod-bound token as the operator, but no fence interceptor.
              try (io.fabric8.kubernetes.client.KubernetesClient raw =
                  new io.fabric8.kubernetes.client.KubernetesClientBuilder().build()) {
                for (long seq = 1; ; seq++) {
                  long at = System.currentTimeMillis();
                  int code;
                  try {
                    raw.configMaps()
                        .inNamespace(NAMESPACE)
                        .resource(
                            new ConfigMapBuilder()
                                .withNewMetadata()
                                .withName("raw-" + POD + "-" + seq)
                                .withNamespace(NAMESPACE)
                                .endMetadata()
                                .addToData("writer", POD)
                                .build())
                        .create();
                    code = 201;
                  } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                    code = e.getCode();
                  }
                  System.out.println(
                      "RELAY RAW " + POD + " seq=" + seq + " code=" + code + " at=" + at);
                  Thread.sleep(RAW_MS);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "relay-raw-writer");
    t.setDaemon(true);
    t.start();
  }

  private static long longEnv(String name) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? 0 : Long.parseLong(v.trim());
  }

  @Override
  public Result reconcile(ConfigMap source, Context context) throws Exception {
    String ns = source.getMetadata().getNamespace();
    if (!ns.equals(NAMESPACE)) {
      return Result.done();
    }
    String name = source.getMetadata().getName();
    String value = source.getData() == null ? "" : source.getData().getOrDefault("value", "");
    long start = System.currentTimeMillis();
    startRawWriter();
    String what = POD + " " + ns + "/" + name + " value=" + value;
    System.out.println("RELAY START " + what + " at=" + start);
    if (SLEEP_MS > 0) {
      Thread.sleep(SLEEP_MS); // interrupted when cancelled: the runtime queues it again
    }
    Secret relay =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name + "-relay")
            .withNamespace(ns)
            .addNewOwnerReference()
            .withApiVersion("v1")
            .withKind("ConfigMap")
            .withName(name)
            .withUid(source.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withStringData(Map.of("value", value, "writer", POD))
            .build();
    System.out.println("RELAY WRITE " + what + " at=" + System.currentTimeMillis());
    context.client().resource(relay).fieldManager("relay").forceConflicts().serverSideApply();
    long end = System.currentTimeMillis();
    if (RECORDS) {
      ConfigMap record =
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName("rec-" + POD + "-" + sequence.incrementAndGet())
              .withNamespace(ns)
              .addToLabels("relay-record", "true")
              .endMetadata()
              .addToData("writer", POD)
              .addToData("object", name)
              .addToData("value", value)
              .addToData("start", Long.toString(start))
              .addToData("end", Long.toString(end))
              .build();
      context.client().resource(record).create();
    }
    System.out.println("RELAY END " + what + " start=" + start + " end=" + end);
    return REQUEUE_MS > 0 ? Result.requeueAfter(Duration.ofMillis(REQUEUE_MS)) : Result.done();
  }
}
