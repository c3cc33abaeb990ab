package dev.kopgen.bench;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The benchmarked custom resource: {@code spec.value} is what the harness changes, {@code
 * status.observedValue} what a reconcile last saw, {@code status.run} which benchmark run wrote it.
 */
@Group(Bench.GROUP)
@Version(Bench.VERSION)
public class Bench extends CustomResource<Bench.Spec, Bench.Status> implements Namespaced {

  private static final long serialVersionUID = 1L;

  /** The API group. */
  public static final String GROUP = "bench.kopgen.dev";

  /** The only version. */
  public static final String VERSION = "v1";

  /** The desired state. */
  public static class Spec {
    private int value;

    public int getValue() {
      return value;
    }

    public void setValue(int value) {
      this.value = value;
    }
  }

  /** What the last reconcile saw. */
  public static class Status {
    private int observedValue;
    private String run;

    public int getObservedValue() {
      return observedValue;
    }

    public void setObservedValue(int observedValue) {
      this.observedValue = observedValue;
    }

    public String getRun() {
      return run;
    }

    public void setRun(String run) {
      this.run = run;
    }
  }
}
