package dev.kopgen.runtime;

import java.time.Duration;

/**
 * What {@link Reconciler#onError} receives when a reconcile ran longer than the controller's {@code
 * reconcileTimeout}: the reconcile was cancelled ({@link Context#isCancelled()} turned true and its
 * thread was interrupted) and counts as failed. The cause, if any, is what the cancelled reconcile
 * threw on its way out.
 */
public class ReconcileTimeoutException extends Exception {

  private static final long serialVersionUID = 1L;

  private final Duration timeout;

  public ReconcileTimeoutException(String objectRef, Duration timeout, Throwable cause) {
    super("reconcile of " + objectRef + " exceeded its timeout of " + describe(timeout), cause);
    this.timeout = timeout;
  }

  /** The timeout that was exceeded. */
  public Duration timeout() {
    return timeout;
  }

  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
