package dev.kopgen.runtime;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Thrown instead of sending a mutating request once this instance is no longer sure it holds its
 * Lease: another instance may already be leading, so writing could undo its work.
 */
public class FencedException extends KubernetesClientException {

  private static final long serialVersionUID = 1L;

  public FencedException(String message) {
    super(message);
  }
}
