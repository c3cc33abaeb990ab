package dev.kopgen.it.lifecycle;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Something kept outside Kubernetes' garbage collection: a ConfigMap in another namespace (an owner
 * reference cannot cross namespaces), which only the operator's cleanup can remove.
 */
@Group("kopgen.dev")
@Version("v1")
public class Vault extends CustomResource<Vault.Spec, Vault.Status> implements Namespaced {

  /** Where the copy goes, and how the cleanup misbehaves. */
  public static class Spec {
    private String vaultNamespace;
    private int failCleanups;
    private long cleanupDelayMillis;

    public String getVaultNamespace() {
      return vaultNamespace;
    }

    public void setVaultNamespace(String vaultNamespace) {
      this.vaultNamespace = vaultNamespace;
    }

    public int getFailCleanups() {
      return failCleanups;
    }

    public void setFailCleanups(int failCleanups) {
      this.failCleanups = failCleanups;
    }

    public long getCleanupDelayMillis() {
      return cleanupDelayMillis;
    }

    public void setCleanupDelayMillis(long cleanupDelayMillis) {
      this.cleanupDelayMillis = cleanupDelayMillis;
    }
  }

  /** What the operator reports. */
  public static class Status {
    private Long observedGeneration;

    public Long getObservedGeneration() {
      return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
      this.observedGeneration = observedGeneration;
    }
  }
}
