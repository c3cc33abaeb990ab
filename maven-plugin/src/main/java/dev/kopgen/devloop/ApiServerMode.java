package dev.kopgen.devloop;

import java.util.Locale;

/** Which API server the dev loop runs the operator against ({@code kopgen.dev.apiServer}). */
public enum ApiServerMode {
  /**
   * The real kube-apiserver (etcd + kube-apiserver binaries through kube-api-test): found in
   * kube-api-test's directory, else built from Go modules when Go is installed, else the loop fails
   * saying what to install. The default.
   */
  REAL,
  /**
   * The fabric8 mock server in CRUD mode, only when asked for: starts at once, but has no RBAC and
   * no server-side apply (it answers 415), so an operator that applies its children or status
   * server-side, as the archetype's sample does, cannot reconcile on it.
   */
  MOCK;

  /**
   * Reads {@code real} or {@code mock} (any case); empty means {@code real}.
   *
   * @throws DevLoopException naming the accepted values
   */
  public static ApiServerMode parse(String text) {
    if (text == null || text.isBlank()) {
      return REAL;
    }
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new DevLoopException("kopgen.dev.apiServer='" + text + "' is not one of real, mock");
    }
  }
}
