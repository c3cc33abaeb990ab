package dev.kopgen.it.lifecycle;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;

/** A message published as an owned ConfigMap, with a status written by the Context helpers. */
@Group("kopgen.dev")
@Version("v1")
public class Beacon extends CustomResource<Beacon.Spec, Beacon.Status> implements Namespaced {

  /** What the author asks for; the message is optional. */
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
    private Long observedGeneration;
    private String message;
    private List<Condition> conditions;

    public Long getObservedGeneration() {
      return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
      this.observedGeneration = observedGeneration;
    }

    public String getMessage() {
      return message;
    }

    public void setMessage(String message) {
      this.message = message;
    }

    public List<Condition> getConditions() {
      return conditions;
    }

    public void setConditions(List<Condition> conditions) {
      this.conditions = conditions;
    }
  }
}
