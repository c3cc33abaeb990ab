package dev.kopgen.runtime.operator;

import static dev.kopgen.runtime.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Operator#run} as a real process: environment, SIGTERM handling and exit statuses can only
 * be seen from outside the JVM.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class OperatorProcessTest {

  static KubernetesClient client;

  @TempDir Path dir;

  private Process launch(Map<String, String> env) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            RunMain.class.getName());
    pb.environment().put("KUBERNETES_MASTER", client.getMasterUrl().toString());
    pb.environment().put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    pb.environment().put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    pb.environment().put("POD_NAME", "proc-pod");
    pb.environment().put("POD_NAMESPACE", "proc-system");
    pb.environment().remove("KOPGEN_SHARD");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("out.log").toFile());
    return pb.start();
  }

  private String output() throws IOException {
    return Files.readString(dir.resolve("out.log"), StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static int status(int port, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Test
  void sigtermShutsDownGracefullyWithStatusZero() throws Exception {
    int port = freePort();
    Process p = launch(Map.of("KOPGEN_HEALTH_PORT", Integer.toString(port)));
    try {
      until("the child is ready", Duration.ofSeconds(60), () -> status(port, "/readyz") == 200);
      long t0 = System.nanoTime();
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      System.out.printf(
          "SIGTERM to exit: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      assertThat(p.exitValue()).as(output()).isZero();
      assertThat(output())
          .contains("controller proc (ConfigMap): namespaces [proc]")
          .contains("shutdown drains in-flight reconciles for up to 5s")
          .contains("SIGTERM received: shutting down gracefully")
          .contains("shutdown complete");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void anUnknownShardExitsWithStatusTwoAndSaysWhy() throws Exception {
    Process p = launch(Map.of("KOPGEN_SHARD", "nope", "KOPGEN_HEALTH_PORT", "1"));
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(output()).isEqualTo(Operator.CONFIGURATION_STATUS);
      assertThat(output())
          .contains("cannot start: KOPGEN_SHARD='nope' is set, but no controller is sharded")
          .doesNotContain("\tat ");
    } finally {
      p.destroyForcibly();
    }
  }
}
