package dev.kopgen.it.parcels;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A number of labelled ConfigMaps to keep: {@code <name>-0} to {@code <name>-(items-1)}. */
@Group("kopgen.dev")
@Version("v1")
public class Parcel extends CustomResource<Parcel.Spec, Parcel.Status> implements Namespaced {

  /** How many children. */
  public static class Spec {
    private int items;

    public int getItems() {
      return items;
    }

    public void setItems(int items) {
      this.items = items;
    }
  }

  /** What the reconciler found in its cache. */
  public static class Status {
    private Integer children;
    private Long observedGeneration;

    public Integer getChildren() {
      return children;
    }

    public void setChildren(Integer children) {
      this.children = children;
    }

    public Long getObservedGeneration() {
      return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
      this.observedGeneration = observedGeneration;
    }
  }
}
