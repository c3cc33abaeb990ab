package dev.kopgen.it.secretrefs;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** Something that uses the Secret named in its spec (not owned by it). */
@Group("kopgen.dev")
@Version("v1")
public class Consumer extends CustomResource<Consumer.Spec, Void> implements Namespaced {

  /** The Secret it reads. */
  public static class Spec {
    private String secretName;

    public String getSecretName() {
      return secretName;
    }

    public void setSecretName(String secretName) {
      this.secretName = secretName;
    }
  }
}
