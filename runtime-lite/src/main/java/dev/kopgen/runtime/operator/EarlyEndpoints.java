package dev.kopgen.runtime.operator;

import dev.kopgen.runtime.health.HealthServer;
import dev.kopgen.runtime.health.OperatorMetrics;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The metrics and the health server, started by {@link Operator#run} on a thread of their own
 * before the client is built, so that their start (the metrics library, the JDK's HTTP server)
 * overlaps the client's (Jackson, TLS) instead of following it on the way to the first reconcile.
 * Neither needs the API server. Until {@link RunningOperator} hands over its controllers, {@code
 * /readyz} answers 503 (the operator is starting) and {@code /healthz} 200.
 */
final class EarlyEndpoints {

  /** What {@code /readyz} reports before the controllers exist. */
  static final List<String> STARTING = List.of("operator starting: controllers not created yet");

  private final CompletableFuture<Started> started;
  private volatile Supplier<List<String>> notReady = () -> STARTING;

  /** Set once {@link RunningOperator} owns the health server (and closes it). */
  private volatile boolean handedOver;

  /** The started metrics and health server. */
  record Started(OperatorMetrics metrics, HealthServer health) {}

  private EarlyEndpoints(int port) {
    started = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                OperatorMetrics metrics = new OperatorMetrics();
                started.complete(
                    new Started(metrics, HealthServer.start(port, () -> notReady.get(), metrics)));
              } catch (RuntimeException | Error e) {
                started.completeExceptionally(e);
              }
            },
            "kopgen-startup");
    t.setDaemon(true);
    t.start();
  }

  /** Starts both on a new thread and returns at once. */
  static EarlyEndpoints start(int port) {
    return new EarlyEndpoints(port);
  }

  /**
   * Waits for both to have started; the caller owns the health server from then on.
   *
   * @throws java.io.UncheckedIOException as {@link HealthServer#start} does, if the port cannot be
   *     bound
   */
  Started await() {
    try {
      Started s = started.join();
      handedOver = true;
      return s;
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** From now on {@code /readyz} asks {@code value}. */
  void readiness(Supplier<List<String>> value) {
    notReady = value;
  }

  /**
   * After a start that failed before {@link #await}: stops the health server once it has started;
   * never throws.
   */
  void closeQuietly() {
    if (!handedOver) {
      started.thenAccept(s -> s.health().close());
    }
  }
}
