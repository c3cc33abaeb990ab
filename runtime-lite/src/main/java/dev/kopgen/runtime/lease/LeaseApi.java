package dev.kopgen.runtime.lease;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Non-blocking GET, POST and PUT of one {@code coordination.k8s.io/v1} Lease over the client's own
 * HTTP client (so its authentication, TLS and retry settings apply).
 *
 * <p>Why not {@code client.leases()}: fabric8's resource DSL blocks the calling thread until the
 * response arrives. The election runs on a single thread that must also fire the renew-deadline
 * check on time; a renew request hanging on a slow API server must not delay the moment this
 * instance declares itself fenced. With asynchronous requests the election thread never waits on
 * the network.
 */
final class LeaseApi {

  /** The outcome of one request: the HTTP status, the Lease when the body held one. */
  record Reply(int code, Lease lease, String message) {
    boolean ok() {
      return code >= 200 && code < 300;
    }
  }

  private static final String JSON = "application/json";

  private final HttpClient http;
  private final KubernetesSerialization serialization;
  private final URI collection;
  private final URI item;
  private final long timeoutMillis;

  LeaseApi(KubernetesClient client, String namespace, String leaseName, Duration timeout) {
    this.http = client.getHttpClient();
    this.serialization = client.getKubernetesSerialization();
    String base = client.getMasterUrl().toString();
    if (!base.endsWith("/")) {
      base += "/";
    }
    // Namespace and Lease names are DNS labels/subdomains: nothing to escape.
    this.collection =
        URI.create(base + "apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases");
    this.item = URI.create(collection + "/" + leaseName);
    this.timeoutMillis = Math.max(1, timeout.toMillis());
  }

  URI itemUri() {
    return item;
  }

  CompletableFuture<Reply> get() {
    return send(http.newHttpRequestBuilder().uri(item));
  }

  CompletableFuture<Reply> create(Lease lease) {
    return send(http.newHttpRequestBuilder().uri(collection).post(JSON, json(lease)));
  }

  /** Replaces the Lease; the body carries the resourceVersion read, so a stale write gets 409. */
  CompletableFuture<Reply> update(Lease lease) {
    return send(http.newHttpRequestBuilder().uri(item).put(JSON, json(lease)));
  }

  private String json(Lease lease) {
    return serialization.asJson(lease);
  }

  private CompletableFuture<Reply> send(HttpRequest.Builder builder) {
    try {
      HttpRequest request =
          builder.header("Accept", JSON).timeout(timeoutMillis, TimeUnit.MILLISECONDS).build();
      return http.sendAsync(request, String.class).thenApply(this::toReply);
    } catch (RuntimeException e) {
      // Interceptors run synchronously inside sendAsync and may throw; report it like a failed
      // request instead of letting it escape into the election loop.
      return CompletableFuture.failedFuture(e);
    }
  }

  private Reply toReply(HttpResponse<String> response) {
    int code = response.code();
    String body = response.body();
    if (code >= 200 && code < 300) {
      return new Reply(code, serialization.unmarshal(body, Lease.class), null);
    }
    return new Reply(code, null, statusMessage(code, body));
  }

  private String statusMessage(int code, String body) {
    if (body != null && !body.isBlank()) {
      try {
        Status status = serialization.unmarshal(body, Status.class);
        if (status != null && status.getMessage() != null) {
          return "HTTP " + code + ": " + status.getMessage();
        }
      } catch (RuntimeException notAStatus) {
        // Fall through to the bare code; the body is not a Kubernetes Status.
      }
    }
    return "HTTP " + code;
  }
}
