package dev.kopgen.it.widgets;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A namespaced custom resource: a message to publish as a ConfigMap. */
@Group("kopgen.dev")
@Version("v1")
public class Widget extends CustomResource<Widget.Spec, Widget.Status> implements Namespaced {

  /** What the author asks for. */
  public static class Spec {
    private String message;

    public String getMessage() {
      return message;
    }

    public void setMessage(String message) {
      this.message = message;
    }
  }

  /** What the operator reports. */
  public static class Status {
    private String configMap;
    private Long observedGeneration;

    public String getConfigMap() {
      return configMap;
    }

    public void setConfigMap(String configMap) {
      this.configMap = configMap;
    }

    public Long getObservedGeneration() {
      return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
      this.observedGeneration = observedGeneration;
    }
  }
}
