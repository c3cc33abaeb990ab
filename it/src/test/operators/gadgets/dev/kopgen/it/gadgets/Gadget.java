package dev.kopgen.it.gadgets;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A namespaced custom resource without status: a label to copy onto a ConfigMap. */
@Group("kopgen.dev")
@Version("v1")
public class Gadget extends CustomResource<Gadget.Spec, Void> implements Namespaced {

  /** What the author asks for. */
  public static class Spec {
    private String label;

    public String getLabel() {
      return label;
    }

    public void setLabel(String label) {
      this.label = label;
    }
  }
}
