package dev.kopgen.it.metarefs;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** Names a ConfigMap whose metadata the reconciler reports. */
@Group("kopgen.dev")
@Version("v1")
public class Reader extends CustomResource<Reader.Spec, Reader.Status> implements Namespaced {

  /** The ConfigMap it reads. */
  public static class Spec {
    private String configMapName;

    public String getConfigMapName() {
      return configMapName;
    }

    public void setConfigMapName(String configMapName) {
      this.configMapName = configMapName;
    }
  }

  /** What the reconciler found in its metadata-only cache. */
  public static class Status {
    private String resourceVersion;
    private String kind;
    private String label;
    private Boolean hasData;

    public String getResourceVersion() {
      return resourceVersion;
    }

    public void setResourceVersion(String resourceVersion) {
      this.resourceVersion = resourceVersion;
    }

    public String getKind() {
      return kind;
    }

    public void setKind(String kind) {
      this.kind = kind;
    }

    public String getLabel() {
      return label;
    }

    public void setLabel(String label) {
      this.label = label;
    }

    public Boolean getHasData() {
      return hasData;
    }

    public void setHasData(Boolean hasData) {
      this.hasData = hasData;
    }
  }
}
