package dev.kopgen.devloop;

import java.util.Locale;

/** Which API server the dev loop runs the operator against ({@code kopgen.dev.apiServer}). */
public enum ApiServerMode {
  /** The real kube-apiserver when its binaries are installed, else the mock. */
  AUTO,
  /** The real kube-apiserver (etcd + kube-apiserver binaries through kube-api-test); required. */
  REAL,
  /** The fabric8 mock server in CRUD mode: starts at once, but no RBAC, no server-side apply. */
  MOCK;

  /**
   * Reads {@code auto}, {@code real} or {@code mock} (any case).
   *
   * @throws DevLoopException naming the accepted values
   */
  public static ApiServerMode parse(String text) {
    if (text == null || text.isBlank()) {
      return AUTO;
    }
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new DevLoopException(
          "kopgen.dev.apiServer='" + text + "' is not one of auto, real, mock");
    }
  }
}
