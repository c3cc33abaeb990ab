package dev.kopgen.runtime.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kopgen.rules.PodContract;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probe and metrics endpoints, on the JDK's built-in HTTP server:
 *
 * <ul>
 *   <li>{@code /healthz}: 200 while the process serves requests (the liveness probe);
 *   <li>{@code /readyz}: 200 once every informer has synced, else 503 with what is missing. It
 *       never depends on leadership: a standby that reported not-ready would stop a RollingUpdate
 *       (the new pod never becomes Ready, so the old leader is never replaced);
 *   <li>{@code /metrics}: the Prometheus text format of {@link OperatorMetrics}.
 * </ul>
 */
public final class HealthServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private HealthServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds all interfaces on {@code port} and starts serving.
   *
   * @param port the port, 0 for a free one
   * @param notReady what keeps the operator from being ready; empty when it is ready
   * @param metrics the metrics to expose
   * @throws UncheckedIOException if the port cannot be bound, naming the port
   */
  public static HealthServer start(
      int port, Supplier<List<String>> notReady, OperatorMetrics metrics) {
    Objects.requireNonNull(notReady, "notReady");
    Objects.requireNonNull(metrics, "metrics");
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve health endpoints on port "
              + port
              + ": "
              + e.getMessage()
              + " (set "
              + PodContract.HEALTH_PORT_ENV
              + " to a free port)",
          e);
    }
    // Two threads: a slow /metrics scrape must not hold up a kubelet probe.
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "kopgen-health-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(PodContract.HEALTHZ_PATH, ex -> respond(ex, 200, "text/plain", "ok\n"));
    server.createContext(
        PodContract.READYZ_PATH,
        ex -> {
          List<String> missing = notReady.get();
          if (missing.isEmpty()) {
            respond(ex, 200, "text/plain", "ok\n");
          } else {
            respond(ex, 503, "text/plain", "not ready:\n- " + String.join("\n- ", missing) + "\n");
          }
        });
    server.createContext(
        PodContract.METRICS_PATH,
        ex -> {
          try (ex) {
            ex.getResponseHeaders().set("Content-Type", OperatorMetrics.textContentType());
            if ("HEAD".equals(ex.getRequestMethod())) {
              ex.sendResponseHeaders(200, -1);
              return;
            }
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
              metrics.writeText(out);
            }
          } catch (IOException | RuntimeException e) {
            LOG.debug("metrics scrape failed", e);
          }
        });
    server.start();
    return new HealthServer(server, executor);
  }

  /** The port actually bound (useful when started with 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops serving at once and frees the port. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void respond(HttpExchange ex, int status, String contentType, String body)
      throws IOException {
    try (ex) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
      if ("HEAD".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(status, -1);
        return;
      }
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
