package ${package};

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * What the operator last did for a {@link ${resourceKind}}. Written only by the operator, through the
 * {@code status} subresource, so users' edits of the spec and the operator's writes never
 * conflict.
 */
public class ${resourceKind}Status {

  @JsonPropertyDescription("The metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Whether the managed ConfigMap matches that spec.")
  private Boolean ready;

  @JsonPropertyDescription("The name of the managed ConfigMap.")
  private String configMapName;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Boolean getReady() {
    return ready;
  }

  public void setReady(Boolean ready) {
    this.ready = ready;
  }

  public String getConfigMapName() {
    return configMapName;
  }

  public void setConfigMapName(String configMapName) {
    this.configMapName = configMapName;
  }

  // equals lets the reconciler skip writing a status that is already there.
  @Override
  public boolean equals(Object o) {
    return o instanceof ${resourceKind}Status other
        && Objects.equals(observedGeneration, other.observedGeneration)
        && Objects.equals(ready, other.ready)
        && Objects.equals(configMapName, other.configMapName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, ready, configMapName);
  }

  @Override
  public String toString() {
    return "${resourceKind}Status{observedGeneration=" + observedGeneration + ", ready=" + ready
        + ", configMapName=" + configMapName + "}";
  }
}
