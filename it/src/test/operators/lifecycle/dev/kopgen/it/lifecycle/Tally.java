package dev.kopgen.it.lifecycle;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A custom resource with a status subresource, to count reconciles per generation. */
@Group("kopgen.dev")
@Version("v1")
public class Tally extends CustomResource<Tally.Spec, Tally.Status> implements Namespaced {

  /** What the author asks for. */
  public static class Spec {
    private int value;
    private long reconcileMillis;
    private boolean fail;

    public boolean isFail() {
      return fail;
    }

    public void setFail(boolean fail) {
      this.fail = fail;
    }

    public int getValue() {
      return value;
    }

    public void setValue(int value) {
      this.value = value;
    }

    public long getReconcileMillis() {
      return reconcileMillis;
    }

    public void setReconcileMillis(long reconcileMillis) {
      this.reconcileMillis = reconcileMillis;
    }
  }

  /** What the operator reports; {@code note} is written by others (the test). */
  public static class Status {
    private Long observedGeneration;
    private Integer value;
    private String note;

    public Long getObservedGeneration() {
      return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
      this.observedGeneration = observedGeneration;
    }

    public Integer getValue() {
      return value;
    }

    public void setValue(Integer value) {
      this.value = value;
    }

    public String getNote() {
      return note;
    }

    public void setNote(String note) {
      this.note = note;
    }
  }
}
