package dev.kopgen.runtime.lease;

import dev.kopgen.rules.LeaseFence;
import dev.kopgen.runtime.FencedException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * Tells a fenced write apart from other failures: refused in the process by {@link FencedClient}
 * ({@value #CLIENT}), or by the API server's admission fence ({@value #SERVER}: a 403 whose message
 * carries the ValidatingAdmissionPolicy's {@code fenced: } denial, see {@link LeaseFence}). Either
 * way this instance no longer holds its Lease: the reconcile is not a failure of the reconciler,
 * and retrying it at once would only be refused again.
 */
public final class FenceRefusal {

  /** Refused inside the process, before the request left it. */
  public static final String CLIENT = "client";

  /** Refused by the API server's admission fence. */
  public static final String SERVER = "server";

  private FenceRefusal() {}

  /** Which fence refused {@code failure} (or a cause of it), if one did. */
  public static Optional<String> by(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof FencedException) {
        return Optional.of(CLIENT);
      }
      if (t instanceof KubernetesClientException k && isServerRefusal(k)) {
        return Optional.of(SERVER);
      }
    }
    return Optional.empty();
  }

  private static boolean isServerRefusal(KubernetesClientException e) {
    String status = e.getStatus() == null ? null : e.getStatus().getMessage();
    return LeaseFence.isServerRefusal(e.getCode(), status)
        || LeaseFence.isServerRefusal(e.getCode(), e.getMessage());
  }
}
