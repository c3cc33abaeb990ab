package dev.kopgen.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyEndpointsTest {

  @Test
  void readyzSaysStartingUntilTheControllersAreHandedOver() throws Exception {
    EarlyEndpoints early = EarlyEndpoints.start(0);
    EarlyEndpoints.Started started = early.await();
    try {
      int port = started.health().port();
      HttpResponse<String> starting = get(port, "/readyz");
      assertThat(starting.statusCode()).isEqualTo(503);
      assertThat(starting.body()).contains(EarlyEndpoints.STARTING.get(0));
      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(port, "/metrics").body()).contains("kopgen_reconcile_rate_limit");

      early.readiness(List::of);
      assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
      early.readiness(() -> List.of("informer x not synced"));
      assertThat(get(port, "/readyz").body()).contains("informer x not synced");
    } finally {
      started.health().close();
    }
  }

  @Test
  void aPortInUseFailsTheAwaitAsTheHealthServerWould() throws IOException {
    try (ServerSocket taken = new ServerSocket(0)) {
      EarlyEndpoints early = EarlyEndpoints.start(taken.getLocalPort());
      assertThatThrownBy(early::await)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("port " + taken.getLocalPort());
      early.closeQuietly(); // nothing started: nothing to close, no exception
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
