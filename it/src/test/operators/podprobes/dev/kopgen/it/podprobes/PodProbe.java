package dev.kopgen.it.podprobes;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** Asks the operator to look at the pods labelled {@code app=<spec.app>} and exec into one. */
@Group("kopgen.dev")
@Version("v1")
public class PodProbe extends CustomResource<PodProbe.Spec, PodProbe.Status> implements Namespaced {

  /** Which pods. */
  public static class Spec {
    private String app;

    public String getApp() {
      return app;
    }

    public void setApp(String app) {
      this.app = app;
    }
  }

  /** What the operator saw. */
  public static class Status {
    private Integer pods;
    private String exec;
    private Long observedGeneration;

    public Integer getPods() {
      return pods;
    }

    public void setPods(Integer pods) {
      this.pods = pods;
    }

    public String getExec() {
      return exec;
    }

    public void setExec(String exec) {
      this.exec = exec;
    }

    public Long getObservedGeneration() {
      return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
      this.observedGeneration = observedGeneration;
    }
  }
}
