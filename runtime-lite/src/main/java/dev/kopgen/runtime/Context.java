package dev.kopgen.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;

/** What a reconcile gets besides the object. */
public interface Context {

  /**
   * The client to talk to the API server with. Once this instance has lost (or failed to
   * renew) its Lease, every mutating request through it fails with {@link FencedException}
   * before it leaves the process.
   */
  KubernetesClient client();

  /** The controller's name, as in logs and metrics. */
  String controllerName();

  /**
   * Whether this reconcile should stop early: leadership was lost or the reconcile timeout
   * passed. Long reconciles should check it between steps; the thread is also interrupted.
   */
  boolean isCancelled();

  /** How many times in a row this object's reconcile has failed before this run (0 if none). */
  int retryCount();
}
