package dev.kopgen.runtime.lease;

import dev.kopgen.runtime.FencedException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A Kubernetes client whose writes are fenced by leadership: every mutating request (POST, PUT,
 * PATCH, DELETE) is refused with a {@link FencedException} <em>before it leaves the process</em>
 * unless {@code mayWrite} says this instance still holds its Lease. Reads, lists and watches are
 * never refused, so informers keep their caches warm for a quick return to leadership.
 *
 * <p>Reconcilers get this client; the election itself must use an unfenced one.
 *
 * <p>The check is a fabric8 HTTP {@link Interceptor}, which runs on the calling thread inside
 * {@code HttpClient.sendAsync}: a reconciler calling {@code client.configMaps().resource(cm)
 * .create()} while fenced gets the {@link FencedException} thrown straight from that call.
 */
public final class FencedClient {

  /** The interceptor's name in the HTTP client; adding another under this name replaces it. */
  public static final String INTERCEPTOR_NAME = "kopgen-fence";

  private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

  private FencedClient() {}

  /**
   * Builds a client for {@code config} whose writes pass only while {@code mayWrite} is true.
   *
   * @param mayWrite asked before every request; usually {@link Leadership#mayWrite()}
   * @param leaseName named in the refusal message, so the reader knows which Lease was lost
   */
  public static KubernetesClient create(Config config, BooleanSupplier mayWrite, String leaseName) {
    Objects.requireNonNull(config, "config");
    Interceptor fence = interceptor(mayWrite, leaseName);
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor(INTERCEPTOR_NAME, fence))
        .build();
  }

  /**
   * Builds a fenced client with the same configuration and serialization (including registered
   * custom resource types) as {@code client}. It has its own HTTP client and connection pool; close
   * it separately.
   */
  public static KubernetesClient create(
      KubernetesClient client, BooleanSupplier mayWrite, String leaseName) {
    Objects.requireNonNull(client, "client");
    Interceptor fence = interceptor(mayWrite, leaseName);
    return new KubernetesClientBuilder()
        .withConfig(client.getConfiguration())
        .withKubernetesSerialization(client.getKubernetesSerialization())
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor(INTERCEPTOR_NAME, fence))
        .build();
  }

  /**
   * The fence alone, for callers that build their own client: register it with {@code
   * withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor(INTERCEPTOR_NAME, fence))}.
   */
  public static Interceptor interceptor(BooleanSupplier mayWrite, String leaseName) {
    Objects.requireNonNull(mayWrite, "mayWrite");
    Objects.requireNonNull(leaseName, "leaseName");
    return new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        String method = request.method().toUpperCase(Locale.ROOT);
        if (MUTATING.contains(method) && !mayWrite.getAsBoolean()) {
          throw new FencedException(refusal(leaseName, method, request));
        }
      }
    };
  }

  static String refusal(String leaseName, String method, HttpRequest request) {
    String path = request.uri() == null ? "?" : request.uri().getRawPath();
    return "kopgen fenced this write: this instance no longer holds Lease '"
        + leaseName
        + "' (or could not renew it within the renew deadline); refusing "
        + method
        + " "
        + path;
  }
}
