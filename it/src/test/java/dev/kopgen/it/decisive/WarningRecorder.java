package dev.kopgen.it.decisive;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps the {@code Warning} headers of every response a client receives. fabric8 only logs them (at
 * debug level unless field validation is set to warn), but they are what {@code kubectl} prints to
 * users, e.g. {@code would violate PodSecurity "restricted:latest"}.
 */
final class WarningRecorder implements Interceptor {

  private final List<String> warnings = new CopyOnWriteArrayList<>();

  @Override
  public void after(
      HttpRequest request,
      HttpResponse<?> response,
      AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    List<String> headers = response.headers("Warning");
    if (headers != null) {
      warnings.addAll(headers);
    }
  }

  /** The warnings received since the last call, and forgets them. */
  List<String> drain() {
    List<String> seen = List.copyOf(warnings);
    warnings.removeAll(seen);
    return seen;
  }
}
