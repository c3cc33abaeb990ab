package ${package};

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** The desired state of a {@link ${resourceKind}}, as its author writes it. */
public class ${resourceKind}Spec {

  // The annotations end up in the CRD's schema: `message` is required there, and both
  // descriptions show in `kubectl explain`.
  @Required
  @JsonPropertyDescription("The message the operator publishes in the ConfigMap it manages.")
  private String message;

  @JsonPropertyDescription("Extra entries copied into the managed ConfigMap's data.")
  private Map<String, String> settings;

  @JsonPropertyDescription(
      "A Secret in the same namespace whose key names (never its values) the managed ConfigMap"
          + " lists under secretKeys. Optional; the Secret may be created later.")
  private String secretName;

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Map<String, String> getSettings() {
    return settings;
  }

  public void setSettings(Map<String, String> settings) {
    this.settings = settings;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }
}
